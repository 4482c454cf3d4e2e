"""Clouds as element sets: TLE/OMM files the catalogue readers accept, SGP4 states that match the breakup."""

from __future__ import annotations

import numpy as np
import pytest
from sgp4.api import WGS72, Satrec

from moonbase.debris.breakup import BreakupEvent
from moonbase.debris.cloud import ParentOrbit, breakup_cloud
from moonbase.debris.elements import (b_from_bstar, bstar_from_b, from_catalog, satrecs, state_to_elements, to_catalog,
                                      write_omm_json, write_tle)
from moonbase.traffic.catalog import load_catalog
from moonbase.traffic.propagate import julian_dates

ISS = ("1 25544U 98067A   26150.51748228  .00011776  00000+0  21767-3 0  9998",
       "2 25544  51.6337  27.5746 0007245 114.7080 245.4664 15.49496548569014")


@pytest.fixture(scope="module")
def cloud():
    parent = ParentOrbit.circular(850.0, 98.7, "2028-06-01T00:00", raan_deg=40.0, name="TEST SAT", designator="2020-001")
    return breakup_cloud(BreakupEvent("collision", 900.0), parent, lc_min_m=0.1, seed=4)


def test_state_to_elements_round_trip():
    sat = Satrec.twoline2rv(*ISS, WGS72)
    _, r, v = sat.sgp4(sat.jdsatepoch, sat.jdsatepochF)
    a, e, i, node, argp, m = state_to_elements(np.array([r]), np.array([v]))
    assert a[0] == pytest.approx(6790.0, abs=15.0)  # osculating vs mean: within J2 short-period terms
    assert np.degrees(i[0]) == pytest.approx(51.63, abs=0.05)
    assert np.degrees(node[0]) == pytest.approx(27.57, abs=0.05)


def test_cloud_files_read_back(cloud, tmp_path):
    write_tle(cloud.elements, tmp_path / "cloud.tle")
    write_omm_json(cloud.elements, tmp_path / "cloud.json")
    tle, omm = load_catalog(tmp_path / "cloud.tle"), load_catalog(tmp_path / "cloud.json")
    assert len(tle) == len(omm) == len(cloud.elements) > 500
    assert tle.norad.min() >= 100_000  # Alpha-5 numbers, clear of real 5-digit ones
    # TLE columns round elements to 1e-4 deg and 1e-7 in e; perigees agree to < 1 km
    assert np.max(np.abs(tle.perigee_km - cloud.elements.perigee_km)) < 1.0
    assert np.max(np.abs(omm.perigee_km - cloud.elements.perigee_km)) < 1.0
    assert set(tle.by_launch()) == {"2020-001"}


def test_fragments_start_at_the_parent(cloud):
    catalog = to_catalog(cloud.elements)
    jd, fr = julian_dates(np.array([cloud.parent.epoch]))
    distances = []
    for obj in catalog.objects[:200]:
        error, r, _ = obj.satrec.sgp4(jd[0], fr[0])
        assert error == 0
        distances.append(np.linalg.norm(np.array(r) - cloud.parent.position_km))
    # mean elements from osculating ones: SGP4's short-period terms put them within ~20 km of the breakup
    assert np.median(distances) < 20.0


def test_bstar_conversion_and_catalogue_round_trip(cloud):
    assert b_from_bstar(bstar_from_b(0.05)) == pytest.approx(0.05)
    back = from_catalog(to_catalog(cloud.elements))
    assert np.allclose(back.a_km, cloud.elements.a_km, rtol=1e-9)
    assert np.allclose(back.b_m2_kg, cloud.elements.b_m2_kg, rtol=1e-6)
    assert len(satrecs(cloud.elements.subset(np.arange(3)))) == 3


def test_cloud_is_seeded(cloud):
    again = breakup_cloud(cloud.fragments.event, cloud.parent, 0.1, seed=4)
    assert np.array_equal(again.elements.a_km, cloud.elements.a_km) and again.seed == 4
    assert cloud.lost_reentry + cloud.lost_escape + len(cloud.elements) == len(cloud.fragments)
