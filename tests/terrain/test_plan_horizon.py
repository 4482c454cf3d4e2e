"""The plan's site-horizon section: source in plan.json, panorama, offline fallbacks."""

from __future__ import annotations

import numpy as np

from moonbase.plan import run_plan
from moonbase.report.plots import plotly_figure
from moonbase.scenario import load_scenario


def _short(scenario, **station):
    period = scenario.period.model_copy(update={"start": "2030-01-01", "end": "2030-01-03", "step": "6h"})
    return scenario.model_copy(update={"period": period, "station": scenario.station.model_copy(update=station)})


def _section(plan, key="horizon"):
    return next(s for s in plan.sections if s.key == key)


def test_plan_uses_the_builtin_horizon_offline_and_reports_its_source(monkeypatch, tmp_path):
    monkeypatch.setenv("MOONBASE_CACHE", str(tmp_path))  # nothing fetched: the built-in table must serve
    plan = run_plan(_short(load_scenario("ilrs")), show_progress=False)
    section = _section(plan)
    figures = plan.summary()["sections"]["horizon"]
    assert "built-in table" in figures["horizon_source"] and "change7 at 2 m" in figures["horizon_source"]
    assert figures["horizon_n_azimuths"] == 720
    assert {c.name for c in section.table("horizon").columns} == {"azimuth_deg", "elevation_2m_deg", "elevation_10m_deg"}
    names = [trace.name for trace in plotly_figure(section.plots[0], {t.key: t for t in section.tables}).data]
    assert any("skyline" in n for n in names) and any("Sun" in n for n in names) and any("Earth" in n for n in names)


def test_plan_with_station_dem_computes_the_horizon(tmp_path, monkeypatch):
    from .synthetic import polar_dem
    from .test_dem import _write_geotiff

    monkeypatch.setenv("MOONBASE_CACHE", str(tmp_path))
    dem = polar_dem(lambda lat, lon, x, y: np.zeros_like(x), 60_000.0, 500.0)
    _write_geotiff(tmp_path / "flat.tif", dem, dem.heights_m)
    scenario = _short(load_scenario("ilrs"), site=None, lat=-89.5, lon=10.0, dem=[str(tmp_path / "flat.tif")])
    figures = _section(run_plan(scenario, show_progress=False)).figure_values()
    assert "exact ray march" in figures["horizon_source"]
    assert figures["horizon_max_deg"] < 0.0  # bare sphere: the dip only


def test_plan_without_terrain_keeps_going_with_a_caveat(tmp_path, monkeypatch):
    monkeypatch.setenv("MOONBASE_CACHE", str(tmp_path))
    section = _section(run_plan(_short(load_scenario("ilrs"), site=None, lat=-88.0, lon=10.0), show_progress=False))
    assert section.figure_values() == {"horizon_source": None}
    # How to supply terrain, in the scenario's vocabulary ([station] dem) or the CLI's (--dem).
    assert any("pass --dem" in c or "station.dem" in c for c in section.caveats)
