"""Geometry from Earth against skyfield (independent Earth-orientation and topocentric pipeline) and the
libration checks of the ephemeris (sub-Earth points validated against NASA SVS in test_ephemeris_published)."""

from __future__ import annotations

import numpy as np
import pytest
from skyfield.api import wgs84
from skyfield.framelib import itrs

from moonbase.environment.visibility import HorizonMask
from moonbase.ephemeris import MoonSky
from moonbase.geometry import SurfacePoint, moon_from_ground_station, sky_at_site, sub_point
from moonbase.kernels.earth_observer import observe_site
from moonbase.kernels.topocentric import enu_basis
from moonbase.observe.earth_rotation import itrs_to_icrf, itrs_to_moon_frame
from moonbase.observe.observers import resolve_observer
from moonbase.observe.view import ARCSEC_RAD, view_from_earth
from moonbase.timegrid import to_time, utc_grid

ARCSEC = 1.0 / 3600.0


@pytest.fixture(scope="module")
def month(ephemeris):
    return ephemeris.moon_sky(utc_grid("2030-01-01", "2030-02-01", "3h"))


def test_interpolated_earth_rotation_matches_skyfield_itrs():
    utc = utc_grid("2030-01-01", "2041-06-01", "7h")
    ours = itrs_to_icrf(utc)
    skyfield = itrs.rotation_at(to_time(utc))  # ICRF -> ITRS, IAU 2006/2000A at every epoch
    error = np.einsum("ijt,jkt->ikt", skyfield, ours) - np.eye(3)[:, :, None]
    # Measured 0.29 arcsec (short nutation terms between 30-day nodes); bound 0.5 arcsec.
    assert np.degrees(np.abs(error).max()) * 3600.0 < 0.5


def test_moon_and_sun_altitude_at_an_observer_match_skyfield(ephemeris, month):
    paranal = resolve_observer("paranal")
    view = view_from_earth(month, SurfacePoint(-89.5, 0.0), HorizonMask.flat(), [paranal], ephemeris)
    _, moon_alt, _ = moon_from_ground_station(month.utc, paranal.lat_deg, paranal.lon_deg, paranal.height_m)
    # Measured 0.43 arcsec (skyfield adds gravitational deflection and topocentric aberration); bound 1 arcsec.
    assert np.abs(view.moon_altitude_deg[0] - moon_alt).max() < 1.0 * ARCSEC
    kernel = ephemeris.skyfield_kernel
    place = kernel["earth"] + wgs84.latlon(paranal.lat_deg, paranal.lon_deg, elevation_m=paranal.height_m)
    sun_alt, _, _ = place.at(to_time(month.utc)).observe(kernel["sun"]).apparent().altaz()
    # Measured 1.0 arcsec: the Sun's aberration is the Moon's (1 km/s from the Earth's); bound 2 arcsec.
    assert np.abs(view.sun_altitude_deg[0] - sun_alt.degrees).max() < 2.0 * ARCSEC


def test_an_observer_at_the_earths_centre_sees_what_sky_at_site_gives(ephemeris, month):
    site = SurfacePoint(-89.45, 222.69, 10.0)
    q = np.ascontiguousarray(itrs_to_moon_frame(month.utc, ephemeris))
    east, north, up = (np.ascontiguousarray(np.asarray(v, float).reshape(3)) for v in enu_basis(np.radians(site.lat_deg),
                                                                                              np.radians(site.lon_deg)))
    out = [np.empty((1, len(month))) for _ in range(7)]
    observe_site(q, month.earth_km, month.sun_km, site.position_km(), east, north, up, 1737.41, np.zeros((1, 3)),
                 np.array([[0.0, 0.0, 1.0]]), *out)
    earth = sky_at_site(month, site)["earth"]
    np.testing.assert_allclose(out[0][0], earth.elevation_deg, atol=1e-9)
    np.testing.assert_allclose(out[1][0], earth.azimuth_deg, atol=1e-7)
    np.testing.assert_allclose(out[2][0], earth.range_km, rtol=1e-12)


def test_observer_parallax_moves_a_limb_site_by_at_most_the_observers_separation(ephemeris, month):
    observers = [resolve_observer("beijing"), resolve_observer("paranal")]
    view = view_from_earth(month, SurfacePoint(-89.5, 0.0), HorizonMask.flat(), observers, ephemeris)
    difference = np.abs(view.elevation_deg[0] - view.elevation_deg[1])
    # The two sight lines differ by the observers' separation over the distance (the chord; ~1.7° here).
    chord_km = np.linalg.norm(observers[0].itrs_km() - observers[1].itrs_km())
    bound = np.degrees(chord_km / view.range_km.min())
    assert 0.8 * bound < difference.max() <= bound


def test_libration_extremes_and_the_polar_site_elevation_rule(ephemeris):
    sky = ephemeris.moon_sky(utc_grid("2024-01-01", "2043-01-01", "6h"))
    lat, lon = sub_point(sky.earth_km)
    # Libration in latitude reaches ~6.7–6.9° (observers "can see 6–7 degrees beyond the south pole", AstroBin, Rohrlach);
    # measured 6.86° over 2024–2043 on the SVS-validated sub-Earth point.
    assert 6.6 < -lat.min() < 6.95 and 6.6 < lat.max() < 6.95
    assert 7.8 < np.abs(lon).max() < 8.2
    # At the most southern libration a site at 89.5°S under the sub-Earth meridian sees the Earth ~7.2° up
    # (cos e = sin φ sin β + cos φ cos β cos Δλ), less the 0.26° parallax of the Moon's radius.
    i = int(np.argmin(lat))
    site = SurfacePoint(-89.5, float(lon[i]))
    one = MoonSky(sky.utc[i:i + 1], sky.tdb_s[i:i + 1], sky.sun_km[:, i:i + 1], sky.earth_km[:, i:i + 1], sky.frame,
                  sky.correction)
    elevation = sky_at_site(one, site)["earth"].elevation_deg[0]
    beta, phi = np.radians(lat[i]), np.radians(-89.5)
    rule = np.degrees(np.arcsin(np.sin(phi) * np.sin(beta) + np.cos(phi) * np.cos(beta)))
    assert 7.0 < rule < 7.5 and abs(elevation - rule) < 0.3


def test_foreshortening_and_angular_scale(ephemeris):
    sky = ephemeris.moon_sky(utc_grid("2030-01-01", "2031-01-01", "2h"))
    view = view_from_earth(sky, SurfacePoint(-89.45, 222.69, 10.0), HorizonMask.flat(), [resolve_observer("washington")],
                           ephemeris)
    # 1 arcsec at the mean distance (384,400 km) is 1.864 km; over 356,500–406,700 km it is 1.73–1.97 km.
    assert abs(384_400.0 * ARCSEC_RAD - 1.8636) < 1e-3
    along = view.along_limb_m_per_arcsec[0]
    assert 1_700.0 < along.min() < along.max() < 2_000.0
    faces = view.faces_observer[0]
    ratio = view.across_limb_m_per_arcsec[0][faces] / along[faces]
    # Seen from Earth a polar site is squeezed across the limb by 1/sin(elevation): ≥ 8× at 7° elevation.
    assert ratio.min() > 7.5 and np.isinf(view.across_limb_m_per_arcsec[0][~faces]).all()
