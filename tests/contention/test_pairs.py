"""Contention between programmes: sightlines against the closed form on a bare sphere, radii, shared ground."""

from __future__ import annotations

import numpy as np
import pytest

from moonbase.constants import MOON_RADIUS_KM
from moonbase.contention.candidates import Candidate, candidates, read_candidates
from moonbase.contention.grid import MapGrid, great_circle_km
from moonbase.contention.ground import scarce_ground
from moonbase.contention.pairs import contention, line_of_sight
from moonbase.contention.radii import ROVER, SAFETY_ZONE
from moonbase.errors import InputError
from moonbase.terrain.dem import Dem
from moonbase.terrain.projection import south_polar_stereographic
from moonbase.terrain.stack import TerrainStack

PIXEL_M = 100.0
SIDE = 600  # 60 km of bare sphere around (0, -90 km) in map metres


def _flat_stack(wall_row: int | None = None, wall_m: float = 0.0):
    heights = np.zeros((SIDE, SIDE), np.float32)
    if wall_row is not None:
        heights[wall_row, :] = wall_m
    gt = (-SIDE / 2 * PIXEL_M, -60_000.0, PIXEL_M, -PIXEL_M)
    return TerrainStack([Dem(heights, south_polar_stereographic(), gt, name="flat")]), gt


def _site(key, programme, x_m, y_m):
    lat, lon = south_polar_stereographic().inverse(x_m, y_m)
    return Candidate(key, key, programme, float(lat), float(lon), "[U]", "test")


def test_sightline_over_a_bare_sphere_matches_the_horizon_distance():
    # Two masts h above a sphere see each other up to d = 2 sqrt(2 R h) (each sees sqrt(2 R h) to its horizon):
    # 5.27 km for 2 m masts on the 1,737.4 km Moon. Sampled every 50 m, so the answer flips within 1 % of it.
    stack, _ = _flat_stack()
    limit_km = 2.0 * np.sqrt(2.0 * MOON_RADIUS_KM * 0.002)
    for d_km, seen in ((0.97 * limit_km, True), (1.03 * limit_km, False)):
        a, b = _site("a", "ilrs", 0.0, -90_000.0), _site("b", "artemis", 0.0, -90_000.0 - d_km * 1000.0)
        clearance = line_of_sight(stack, [a, b], [(0, 1)], mast_height_m=2.0)[0]
        assert (clearance > 0) == seen
        # Closed form of the clearance at mid-chord: h cos(θ) - R (1 - cos θ) with θ half the central angle.
        theta = d_km / MOON_RADIUS_KM / 2.0
        expected_m = ((MOON_RADIUS_KM * 1000 + 2.0) * np.cos(theta) - MOON_RADIUS_KM * 1000)
        assert clearance == pytest.approx(expected_m, abs=0.02)  # the nearest sample to mid-chord is within 25 m


def test_a_ridge_between_two_sites_blocks_the_sightline():
    stack, gt = _flat_stack(wall_row=300, wall_m=50.0)  # a 50 m wall across the map at y = -90 km
    a, b = _site("a", "ilrs", 0.0, -89_000.0), _site("b", "artemis", 0.0, -91_000.0)
    assert line_of_sight(stack, [a, b], [(0, 1)])[0] < -40.0
    c = _site("c", "artemis", 0.0, -88_000.0)  # same side of the wall
    assert line_of_sight(stack, [a, c], [(0, 1)])[0] > 0.0


def _grid(lit: np.ndarray, psr: np.ndarray, gt) -> MapGrid:
    return MapGrid({"sun_any_pct": lit.astype(np.float32), "psr": psr.astype(np.float32)}, south_polar_stereographic(), gt,
                   {"start": "2024-01-01", "end": "2042-08-11"}, "synthetic")


def test_pairs_same_place_overlap_and_shared_ground():
    stack, gt = _flat_stack()
    lit = np.zeros((SIDE, SIDE)); lit[290:310, 290:310] = 95.0   # a 2 x 2 km lit patch around (0, -90 km)
    psr = np.zeros((SIDE, SIDE)); psr[100:110, 100:110] = 1       # a 1 x 1 km PSR far away
    grid = _grid(lit, psr, gt)
    ground = scarce_ground(grid, sites=[])
    assert ground.lit_area_km2[90.0] == pytest.approx(4.0, rel=0.01) and ground.psr_area_km2 == pytest.approx(1.0, rel=0.01)
    sites = [_site("ilrs-1", "ilrs", 0.0, -90_000.0), _site("artemis-1", "artemis", 0.0, -90_000.0),
             _site("artemis-2", "artemis", 3_000.0, -90_000.0), _site("artemis-far", "artemis", 25_000.0, -90_000.0)]
    result = contention(sites, grid, ground, stack, SAFETY_ZONE, ROVER.with_value(5.0))
    by = {(p.a, p.b): p for p in result.pairs}
    same = by[("ilrs-1", "artemis-1")]
    assert same.same_place and same.keep_out_overlap and same.line_of_sight
    assert same.shared_lit_km2 == pytest.approx(4.0, rel=0.01) and same.shared_psr_km2 == 0.0
    near = by[("ilrs-1", "artemis-2")]
    assert not near.same_place and near.keep_out_overlap  # 3 km apart, two 2 km circles
    assert 0 < near.shared_lit_km2 <= 4.0
    far = by[("ilrs-1", "artemis-far")]
    assert not far.keep_out_overlap and far.shared_lit_km2 == 0.0 and far.line_of_sight is False
    assert len(result.pairs) == 3  # only pairs of different programmes
    assert result.contested and result.contested[0].kind == "lit>80" and result.contested[0].programmes == 2
    assert result.coincident == [("ilrs-1", "artemis-1", pytest.approx(0.0, abs=1e-6))]
    assert any("Accords" in c and "no size" in c for c in result.caveats)


def test_the_named_candidates_show_the_cross_programme_coincidence():
    result = contention(candidates())
    same = {(p.a, p.b) for p in result.pairs if p.same_place}
    assert same == {("change8-leibnitz-beta", "artemis3-mons-mouton")}
    # connecting-ridge and change8-ridge are one point (both ILRS-side here): listed among the same places.
    assert ("connecting-ridge", "change8-ridge", 0.0) in result.coincident
    assert all(p.programme_a != p.programme_b for p in result.pairs)
    assert "no sunlight map given" in " ".join(result.caveats)


def test_user_candidates_are_validated(tmp_path):
    good = tmp_path / "more.csv"
    good.write_text("key,name,programme,lat,lon,tag,source\nmy-lander,My lander,private,89.3S,200,[U],plan\n")
    (site,) = read_candidates(good)
    assert site.lat_deg == -89.3 and site.programme == "private"
    bad = tmp_path / "bad.csv"
    bad.write_text("key,name,programme,lat,lon,tag,source\nx,X,ilrs,95S,0,[U],s\n")
    with pytest.raises(InputError, match="bad.csv, line 2"):
        read_candidates(bad)
    with pytest.raises(InputError, match="connecting-ridge"):
        good.write_text("key,name,programme,lat,lon,tag,source\nconnecting-ridge,dup,ilrs,-89,0,[U],s\n")
        candidates([good])


def test_great_circle_distance():
    # A quarter of a meridian is π R / 2.
    assert great_circle_km(0.0, 0.0, -90.0, 123.0) == pytest.approx(np.pi * MOON_RADIUS_KM / 2, rel=1e-12)
