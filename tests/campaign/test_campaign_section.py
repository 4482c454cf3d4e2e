"""The plan section with a hand-built ProductTable, and the CLI."""

from __future__ import annotations

import json

import numpy as np

from moonbase.contract import ProductTable, SectionInputs, Status, horizon_product
from moonbase.environment.visibility import HorizonMask
from moonbase.scenario import load_scenario
from moonbase.sections.campaign import MILESTONE_KEYS, SECTION


def _products(scenario, ephemeris):
    utc = np.arange(np.datetime64("2030-01-01T00"), np.datetime64("2030-03-01T00"), np.timedelta64(2, "h"))
    store = ProductTable({"sky": lambda s: ephemeris.moon_sky(utc),
                          horizon_product(scenario.station.mast_height_m): lambda s: HorizonMask.flat(0.0)})
    return store


def test_section_compute_with_hand_built_products(ephemeris):
    scenario = load_scenario("ilrs")
    store = _products(scenario, ephemeris)
    data = SECTION.compute(SectionInputs(scenario, scenario.campaign, store, seed=3))
    assert data.status == Status.OK, data.error
    assert store.calls["sky"] == 1
    for key in MILESTONE_KEYS:
        data.figure(f"{key}_date")
    assert data.figure("first_crew_visit_date").value == "2037-07-01"
    assert {p.kind for p in data.plots} >= {"gantt", "stacked-bar", "step"}
    assert {"campaign_missions", "campaign_delivered", "campaign_stocks", "campaign_milestones", "campaign_optimiser"} <= {t.key for t in data.tables}
    product = data.products["campaign.milestones"]
    assert set(product["milestones"]) == set(MILESTONE_KEYS)
    assert "[C]" in data.figure("worst_dark_spell_h").tag   # computed from the flat horizon and the sky product
    assert SECTION.provides == ("campaign.milestones",)


def test_section_without_products_uses_the_stated_default():
    scenario = load_scenario("artemis")
    data = SECTION.compute(SectionInputs(scenario, scenario.campaign, ProductTable()))
    assert data.status == Status.PARTIAL
    assert any("synthetic default" in c for c in data.caveats)


def test_cli_campaign_json(run_cli):
    code, out, err = run_cli("campaign", "apollo17", "--json", "--optimise", "none")
    assert code == 0, err
    record = json.loads(out)
    assert abs(record["measures_of_effectiveness"]["relative_exploration_capability"] - 1.0) < 0.01
    assert record["milestones"]["first_crew_visit"]["date"] == "1972-12-11"


def test_cli_bad_manifest_is_one_line(run_cli, tmp_path):
    path = tmp_path / "bad.toml"
    text = (load_scenario.__globals__["builtin_scenarios"]()["ilrs"]).read_text()
    path.write_text(text.replace('{ element = "rover-robotic" }, { element = "hopper" }', '{ element = "fission-40kwe" }'))
    code, out, err = run_cli("campaign", str(path), "--optimise", "none")
    assert code == 2
    assert "Chang'e-7" in err and "exceeds" in err and "Traceback" not in err


def test_section_reports_replications_with_seed_and_standard_error():
    scenario = load_scenario("artemis")
    scenario = scenario.model_copy(update={"campaign": scenario.campaign.model_copy(
        update={"delays": scenario.campaign.delays.model_copy(update={"replications": 200, "seed": 5}), "optimise": "none"})})
    data = SECTION.compute(SectionInputs(scenario, scenario.campaign, ProductTable()))
    assert data.figure("replications").value == 200 and "seed 5" in data.figure("replications").source
    assert 0.0 <= data.figure("first_permanent_day_reached_pct").value <= 100.0
    assert "standard error" in data.figure("first_crew_day_mean").note
    assert data.products["campaign.milestones"]["replications"]["runs"] == 200
