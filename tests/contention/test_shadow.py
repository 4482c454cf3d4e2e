"""Permanent shadow: the Sun's envelope against the SPICE-checked sky geometry, the PSR test against a sunlight map
of the same period, and the largest PSRs of the real south pole against the LROC PSR atlas positions."""

from __future__ import annotations

import numpy as np
import pytest

from moonbase.contention.grid import grid_from_dataset
from moonbase.contention.ground import scarce_ground
from moonbase.contention.shadow import envelope_at_corners, shadow_map
from moonbase.environment.maps import visibility_map
from moonbase.environment.site import moon_sky_for
from moonbase.geometry import SurfacePoint, sky_at_sites
from moonbase.terrain.stack import TerrainStack
from moonbase.terrain.sweep import HorizonSweep
from moonbase.timegrid import utc_grid

WINDOW = (740, 780, 730, 770)  # 40 x 40 pixels (9.6 km) over Shackleton's floor and rim


@pytest.fixture(scope="module")
def stack(shared_data):
    terrain = shared_data / "terrain"
    return TerrainStack.from_paths([terrain / "lola_ldem75s120m_pole_240m.tif", terrain / "lola_ldem75s120m_cap_1787m.tif"])


def test_envelope_bounds_every_sample_of_the_sky_geometry():
    # Independent geometry: sky_at_sites (checked against SPICE to 0.1 arcsec). At these points the grid bearing of
    # local north is the longitude (south polar map), so grid azimuth = azimuth + longitude.
    sky = moon_sky_for(utc_grid("2030-01-01", "2030-04-01", "1h"))
    lat = np.array([-89.45, -85.0, -88.0])
    lon = np.array([222.69, 31.0, 45.0])
    n = 360
    envelope = envelope_at_corners(sky, lat, lon, lon, n)  # (n, 3)
    track = sky_at_sites(sky, [SurfacePoint(a, b) for a, b in zip(lat, lon)])["sun"]
    upper = track.elevation_deg + track.angular_radius_deg
    bins = (np.mod(track.azimuth_deg + lon[:, None], 360.0) // (360.0 / n)).astype(int)
    for p in range(3):
        sample_max = np.full(n, -90.0)
        np.maximum.at(sample_max, bins[p], upper[p])
        seen = sample_max > -90.0
        assert seen.mean() > 0.95
        excess = envelope[seen, p] - sample_max[seen]
        # Never below a sample (1e-6° for float rounding); above by at most the rise between two hourly samples.
        assert excess.min() > -1e-6 and excess.max() < 0.06, (excess.min(), excess.max())
        assert np.all(envelope[:, p] > -90.0)  # every bin visited by a segment


@pytest.mark.slow
def test_permanent_shadow_is_never_lit_in_a_map_of_the_same_period(stack):
    # Same sweep, same period: a pixel with a positive margin must have sun_any_pct == 0 exactly; pixels never lit in
    # the map but not called PSR are the bound's conservatism (segment maxima, the lower end of each horizon pair):
    # measured 8 of 203 here (and the same 8 of 1,105 on 60 x 60 pixels), margins within -0.03°.
    sweep = HorizonSweep(stack, WINDOW, 0.0)
    sky = moon_sky_for(utc_grid("2030-01-01", "2030-03-01", "2h"))
    shadow = shadow_map(sweep, sky, n_azimuths=180)
    lit = visibility_map(sweep, sky, "sunlight", n_azimuths=180, chunks=2)["sun_any_pct"].values
    psr = shadow.psr
    assert psr.sum() > 150                      # part of Shackleton's floor is in the window (measured 195 pixels)
    assert not (psr & (lit > 0)).any()
    never = (lit == 0) & ~psr
    assert never.sum() <= 12
    assert np.all(shadow.margin_deg[never] > -0.05)


MAZARICO_2011_SOUTH_KM2 = 16_055.0
#: PSR centres from their IDs in the LROC PSR atlas (the ID encodes centre latitude and east longitude), as listed in
#: K. Cannon's PSR ranking (https://kevincannon.rocks/lunarice/) [3P].
LROC_PSR_ATLAS = {"Shoemaker SP_880260_0452790": (-88.026, 45.279), "Haworth SP_874930_3578760": (-87.493, 357.876),
                  "Faustini SP_871460_0840750": (-87.146, 84.075), "Sverdrup SP_882490_2164550": (-88.249, 216.455)}


@pytest.mark.slow
def test_south_polar_psr_area_and_positions_against_mazarico_2011_and_the_lroc_atlas(shared_data, stack):
    """Mazarico et al. 2011 (Icarus 211, 1066-1081, doi:10.1016/j.icarus.2010.10.030), abstract: PSRs total 16,055 km²
    in the south, from 240 m LOLA maps of the polar regions to 80°. The 240 m tile covers every longitude only poleward
    of 83.9°S, so the band 80-84°S comes from the 1.79 km cap tile. Both over a whole nodal cycle (2-hourly Sun track),
    360 azimuths (about 2 min on two idle cores; 720 azimuths change the 240 m area by 0.5 %).

    Measured (720 azimuths): 9,599 km² poleward of 84°S (240 m) + 4,914 km² for 80-84°S (1.79 km) = 14,513 km², -9.6 %.
    The deficit is the cap's coarse pixels: poleward of 84°S the cap finds 26 % less than the 240 m tile (small PSRs
    vanish at 1.79 km); scaling the band by that ratio gives 16,236 km² (+1.1 %). Tolerances: -15 %/+3 % for the
    plain sum (the resolution can only lose PSR area), ±5 % for the scaled one (a derived estimate).
    The four largest PSRs poleward of 84°S must lie on their LROC atlas centres to 0.01° of latitude (300 m) and
    0.2° of longitude (measured: 0.001° and 0.015°).
    """
    sky = moon_sky_for(utc_grid("2024-01-01", "2042-08-11", "2h"))
    pole = shadow_map(HorizonSweep(stack, None, 0.0), sky, n_azimuths=360)
    cap_stack = TerrainStack.from_paths([shared_data / "terrain" / "lola_ldem75s120m_cap_1787m.tif"])
    cap = shadow_map(HorizonSweep(cap_stack, None, 0.0), sky, n_azimuths=360)
    pole_grid, cap_grid = grid_from_dataset(pole.to_dataset(), "240 m"), grid_from_dataset(cap.to_dataset(), "1.79 km")
    pole_ground, cap_ground = scarce_ground(pole_grid, sites=[]), scarce_ground(cap_grid, sites=[])
    inner = pole_ground.psr_area_poleward_km2(pole_grid, -84.0)
    cap_inner = cap_ground.psr_area_poleward_km2(cap_grid, -84.0)
    band = cap_ground.psr_area_poleward_km2(cap_grid, -80.0) - cap_inner
    total = inner + band
    assert -0.15 < total / MAZARICO_2011_SOUTH_KM2 - 1.0 < 0.03, (inner, band, total)
    scaled = inner + band * inner / cap_inner
    assert scaled == pytest.approx(MAZARICO_2011_SOUTH_KM2, rel=0.05), scaled
    for name, (lat, lon) in LROC_PSR_ATLAS.items():
        found = min(pole_ground.psr_patches[:6], key=lambda p: abs(p.centroid_lat_deg - lat))
        assert abs(found.centroid_lat_deg - lat) < 0.01, name
        assert abs(((found.centroid_lon_deg - lon + 180.0) % 360.0) - 180.0) < 0.2, name
