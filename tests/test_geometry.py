import numpy as np
import pytest

from moonbase.constants import EARTH_RADIUS_KM, SUN_RADIUS_KM
from moonbase.errors import InputError
from moonbase.geometry import SurfacePoint, sky_at_site, sky_at_sites
from moonbase.kernels.topocentric import enu_basis
from moonbase.timegrid import utc_grid


def test_many_sites_equal_one_at_a_time(ephemeris):
    sky = ephemeris.moon_sky(utc_grid("2030-01-01", "2030-02-01", "3h"))
    points = [SurfacePoint(-89.45, 222.69, 2.0), SurfacePoint(-85.0, 10.0), SurfacePoint(10.0, 300.0, 50.0)]
    many = sky_at_sites(sky, points)
    assert many["sun"].elevation_deg.shape == (3, len(sky))
    for s, point in enumerate(points):
        one = sky_at_site(sky, point)
        np.testing.assert_array_equal(one["earth"].azimuth_deg, many["earth"].azimuth_deg[s])
        np.testing.assert_array_equal(one["sun"].elevation_deg, many["sun"].elevation_deg[s])


def test_float32_many_sites_agree_with_float64(ephemeris):
    sky = ephemeris.moon_sky(utc_grid("2030-01-01", "2030-01-10", "1h"))
    points = [SurfacePoint(-89.0, lon) for lon in range(0, 360, 45)]
    f64 = sky_at_sites(sky, points)
    f32 = sky_at_sites(sky, points, dtype=np.float32, with_range=False)
    assert f32["sun"].elevation_deg.dtype == np.float32
    np.testing.assert_allclose(f32["sun"].elevation_deg, f64["sun"].elevation_deg, atol=1e-4)  # deg; float32 rounding


def test_enu_basis_is_orthonormal_and_right_handed():
    lat = np.radians([-90.0, -89.45, 0.0, 45.0])
    lon = np.radians([0.0, 222.69, 90.0, 300.0])
    east, north, up = enu_basis(lat, lon)
    for e, n, u in zip(east, north, up):
        matrix = np.array([e, n, u])
        np.testing.assert_allclose(matrix @ matrix.T, np.eye(3), atol=1e-15)
        np.testing.assert_allclose(np.cross(e, n), u, atol=1e-15)


def test_angular_radii_are_physical(ephemeris):
    sky = ephemeris.moon_sky(utc_grid("2030-01-01", "2030-12-31", "1d"))
    view = sky_at_site(sky, SurfacePoint(-89.45, 222.69))
    # Sun: 0.2620°–0.2710° over a year (0.983–1.017 au, ±0.0026 au lunar orbit); Earth: ~0.90°–1.02° (356k–406k km).
    assert 0.260 < view["sun"].angular_radius_deg.min() < view["sun"].angular_radius_deg.max() < 0.273
    assert 0.88 < view["earth"].angular_radius_deg.min() < view["earth"].angular_radius_deg.max() < 1.04
    np.testing.assert_allclose(
        view["earth"].angular_radius_deg, np.degrees(np.arcsin(EARTH_RADIUS_KM / view["earth"].range_km)))
    np.testing.assert_allclose(
        view["sun"].angular_radius_deg, np.degrees(np.arcsin(SUN_RADIUS_KM / view["sun"].range_km)))
    # The Sun's radius is the IAU 2015 nominal value (Prša et al. 2016, AJ 152, 41, doi:10.3847/0004-6256/152/2/41):
    # 959.2" at 1 au, within 0.5" of the Astronomical Almanac's semidiameter 959.63" (Auwers' 696,000 km).
    assert abs(np.degrees(np.arcsin(SUN_RADIUS_KM / 149_597_870.7)) * 3600.0 - 959.63) < 0.5


def test_pole_sun_stays_near_horizon(ephemeris):
    # The Sun's declination over the lunar equator is within ±1.59° (the 1.54° tilt of the lunar equator to the
    # ecliptic plus the orbit's wobble), so at 89.45°S the Sun never rises above ~2.2° (1.59 + 0.55 + parallax).
    sky = ephemeris.moon_sky(utc_grid("2030-01-01", "2031-01-01", "2h"))
    el = sky_at_site(sky, SurfacePoint(-89.45, 222.69))["sun"].elevation_deg
    assert -2.3 < el.min() < -1.5 and 1.5 < el.max() < 2.3


@pytest.mark.parametrize("lat, height", [(-91.0, 0.0), (0.0, -1e6)])
def test_bad_points_are_rejected(lat, height):
    with pytest.raises(InputError):
        SurfacePoint(lat, 0.0, height)


def test_atan2_series_matches_numpy_everywhere():
    from moonbase.kernels.topocentric import atan2_series_array

    rng = np.random.default_rng(3)
    y = np.concatenate([rng.normal(size=200_000), [0.0, 0.0, 1.0, -1.0, 0.0, 1e-300, -0.0]])
    x = np.concatenate([rng.normal(size=200_000) * rng.choice([1e-6, 1.0, 1e6], 200_000), [0.0, 1.0, 0.0, 0.0, -1.0, 1.0, -1.0]])
    got = atan2_series_array(y, x)
    expected = np.arctan2(y, x)
    wrapped = np.abs((got - expected + np.pi) % (2 * np.pi) - np.pi)  # ±π are the same direction
    assert wrapped.max() < 1e-10  # rad (2e-5 arcsec); the series' truncation bound is 6e-11
