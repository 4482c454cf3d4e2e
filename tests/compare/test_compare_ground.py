"""Shared ground: named sites of different scenarios at the same point or within a stated distance."""

from __future__ import annotations

import math

import pytest

from moonbase.compare import named_points, shared_ground
from moonbase.constants import MOON_RADIUS_KM
from moonbase.errors import MoonbaseError
from moonbase.scenario import load_scenario
from moonbase.sites import get_site


def _with_station(scenario, name, **station):
    return scenario.model_copy(update={"name": name, "station": scenario.station.model_copy(update=station)})


@pytest.fixture(scope="module")
def ilrs():
    return load_scenario("ilrs")


def test_change8_ridge_is_connecting_ridge(ilrs):
    # Two scenarios, no candidates: a station at change8-ridge and one at connecting-ridge (same coordinates).
    a = _with_station(ilrs, "a", site="change8-ridge", alternates=[])
    b = _with_station(ilrs, "b", site="connecting-ridge", alternates=[])
    found = shared_ground([a, b], within_km=5.0, candidates=False)
    assert len(found) == 1
    pair = found[0]
    assert (pair.site_a, pair.site_b, pair.roles_a, pair.roles_b) == ("change8-ridge", "connecting-ridge",
                                                                      ("station",), ("station",))
    assert pair.same_point and pair.distance_km < 1e-3


def test_within_distance_pairs_and_the_limit(ilrs):
    # Shackleton rim against the Chang'e-7 target: not the same point; found only when the distance allows it.
    near, far = get_site("change7"), get_site("shackleton-rim")
    p1, p2 = math.radians(near.lat_deg), math.radians(far.lat_deg)
    dl = math.radians(far.lon_deg - near.lon_deg)
    expected_km = MOON_RADIUS_KM * math.acos(min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)))
    a = _with_station(ilrs, "a", site="change7", alternates=[])
    b = _with_station(ilrs, "b", site="shackleton-rim", alternates=[])
    inside = shared_ground([a, b], within_km=expected_km + 0.01, candidates=False)
    assert len(inside) == 1 and not inside[0].same_point
    assert inside[0].distance_km == pytest.approx(expected_km, abs=1e-6)  # haversine vs spherical law of cosines, 1 mm
    assert shared_ground([a, b], within_km=expected_km - 0.01, candidates=False) == []


def test_a_station_given_by_coordinates_is_a_point_too(ilrs):
    ridge = get_site("connecting-ridge")
    a = _with_station(ilrs, "a", site=None, lat=ridge.lat_deg, lon=ridge.lon_deg + 0.2, alternates=[])
    b = _with_station(ilrs, "b", site="connecting-ridge", alternates=[])
    (pair,) = shared_ground([a, b], within_km=5.0, candidates=False)
    assert pair.site_a == "station" and not pair.same_point
    # 0.2 deg of longitude at 89.45 S: 1737.4 km * cos(89.45 deg) * 0.2 deg = 58 m (small-angle arc)
    assert pair.distance_km == pytest.approx(MOON_RADIUS_KM * math.cos(math.radians(ridge.lat_deg)) * math.radians(0.2), rel=1e-3)


def test_built_in_ilrs_and_artemis_share_the_two_known_points(ilrs):
    found = shared_ground([ilrs, load_scenario("artemis")])
    same = {(s.site_a, s.site_b) for s in found if s.same_point}
    assert ("change8-ridge", "connecting-ridge") in same
    assert ("change8-leibnitz-beta", "artemis3-mons-mouton") in same
    assert all(s.distance_km <= 5.0 for s in found)
    assert found[0].roles_b == ("station",) or "station" in found[0].roles_a  # a station's pair first


def test_candidates_follow_the_programme(ilrs):
    keys = {p.key: p.roles for p in named_points(ilrs)}
    assert keys["change7"] == ("station",) or "station" in keys["change7"]
    assert "candidate" in keys["change8-ridge"]
    assert not any(k.startswith("artemis3") for k in keys)
    assert {p.key for p in named_points(ilrs, candidates=False)} == {"change7", *ilrs.station.alternates}


def test_negative_distance_is_refused(ilrs):
    with pytest.raises(MoonbaseError, match="0 km or more"):
        shared_ground([ilrs, ilrs], within_km=-1.0)
