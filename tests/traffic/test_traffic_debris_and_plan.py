"""Debris environment by shell, the packaged snapshot, and the plan's traffic section (offline)."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from moonbase.traffic.debris import DEFAULT_SHELL_EDGES_KM, density_at_altitude, environment_by_shell, shell_volumes_km3, time_fraction_in_shells
from moonbase.traffic.snapshot import packaged_catalog, packaged_orbits, packaged_provenance


def test_shell_fractions_match_sampling_kepler_in_time():
    """Closed form vs a direct sampling of Kepler's equation uniformly in mean anomaly (independent)."""
    perigee, apogee = np.array([300.0, 540.0, 200.0]), np.array([300.0, 1300.0, 1900.0])
    edges = np.arange(150.0, 2001.0, 50.0)
    fractions = time_fraction_in_shells(perigee, apogee, edges)
    assert np.allclose(fractions.sum(axis=1), 1.0)
    a = 6378.137 + 0.5 * (perigee + apogee)
    e = (apogee - perigee) / (2 * a)
    mean = (np.arange(200_000) + 0.5) / 200_000 * 2 * np.pi
    for row in range(3):
        eccentric = mean.copy()
        for _ in range(50):
            eccentric -= (eccentric - e[row] * np.sin(eccentric) - mean) / (1 - e[row] * np.cos(eccentric))
        altitude = a[row] * (1 - e[row] * np.cos(eccentric)) - 6378.137
        sampled = np.histogram(altitude, bins=edges)[0] / mean.size
        assert np.abs(sampled - fractions[row]).max() < 1e-4


def test_density_is_count_over_shell_volume():
    columns = environment_by_shell(np.array([400.0, 790.0]), np.array([400.0, 800.0]), ["1998-067A", "1999-025XY"])
    assert columns["objects_total"].sum() == pytest.approx(2.0)
    assert columns["objects_fengyun1c_asat_test"].sum() == pytest.approx(1.0)
    at = density_at_altitude(columns, 400.0)
    assert at["shell_km"] == [390.0, 410.0]
    assert at["density_per_km3"] == pytest.approx(1.0 / shell_volumes_km3(np.array([390.0, 410.0]))[0])
    assert density_at_altitude(columns, 795.0)["debris_cloud_share"] == pytest.approx(1.0)


def test_packaged_snapshot_is_consistent_with_its_provenance():
    provenance = packaged_provenance()
    orbits = packaged_orbits()
    catalog = packaged_catalog()
    assert orbits["norad"].size == provenance["objects"]
    assert len(catalog) == provenance["element_sets_kept"]
    assert ((catalog.perigee_km < 450.0) | catalog.crewed_mask()).all()
    assert {"ISS (ZARYA)", "CSS (TIANHE)"} <= set(catalog.names)
    assert all(len(s["sha256"]) == 64 for s in provenance["sources"])


def test_snapshot_reproduces_from_the_shared_files(tmp_path, shared_data):
    from moonbase.traffic.snapshot import write_snapshot

    provenance = packaged_provenance()
    files = [shared_data / "tle" / s["file"] for s in provenance["sources"]]
    for source, path in zip(provenance["sources"], files):
        assert hashlib.sha256(path.read_bytes()).hexdigest() == source["sha256"]
    written = write_snapshot(files, tmp_path)
    from importlib import resources

    for path in written[:2]:
        packaged = resources.files("moonbase").joinpath("data", path.name).read_text()
        assert path.read_text() == packaged
    assert json.loads(written[2].read_text())["objects"] == provenance["objects"]


def test_fengyun_cloud_dominates_the_800_km_shell():
    orbits = packaged_orbits()
    columns = environment_by_shell(orbits["perigee_km"], orbits["apogee_km"], orbits["intl_designator"], DEFAULT_SHELL_EDGES_KM)
    at = density_at_altitude(columns, 850.0)
    assert at["debris_cloud_share"] > 0.5  # FY-1C and Cosmos 2251 debris fill 800-900 km (§6 of the reference)
    starlink_shell = density_at_altitude(columns, 480.0)
    assert starlink_shell["density_per_km3"] > at["density_per_km3"]


def test_traffic_section_runs_offline_for_both_scenarios():
    from moonbase.contract import ProductTable, SectionInputs
    from moonbase.scenario import load_scenario
    from moonbase.sections.traffic import SECTION

    products = ProductTable({"catalogue": lambda store: packaged_catalog()})
    for name in ("ilrs", "artemis"):
        scenario = load_scenario(name)
        result = SECTION.compute(SectionInputs(scenario, scenario.traffic, products))
        figures = result.figure_values()
        assert figures["parking_altitude_km"] == scenario.traffic.parking_altitude_km
        assert 0 <= figures["cola_closed_seconds"] <= 7201
        assert figures["cola_window_minutes"] == 120
        assert any("catalogue snapshot" in c for c in result.caveats)
        assert {t.key for t in result.tables} == {"traffic_shells", "traffic_cola_intervals", "traffic_closest"}
        json.dumps(figures)
