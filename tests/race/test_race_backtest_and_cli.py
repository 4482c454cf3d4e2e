"""The backtest of past forecasts, the calibration behind the packaged multipliers, the CLI and the plan section."""

from __future__ import annotations

import json

import numpy as np
import pytest

from moonbase.contract import ProductTable, SectionInputs, Status
from moonbase.race import RaceConfig
from moonbase.race.backtest import backtest, calibrate_multipliers
from moonbase.race.programmes import decimal_year, packaged_race_data


@pytest.fixture(scope="module")
def data():
    return packaged_race_data()


def test_packaged_multipliers_are_the_maximum_likelihood_calibration(data):
    calibrated = calibrate_multipliers(data)
    for agency, value in calibrated.items():
        assert data.model.agency_multiplier[agency] == pytest.approx(value), agency


def test_backtest_percentiles_and_interval_logic(data):
    result = backtest(data, samples=5_000, seed=1, leave_one_out=False)
    facts = decimal_year(data.facts_as_of)
    for row in result.rows:
        assert row.p10 <= row.p50 <= row.p90
        if row.censored:
            assert row.inside_80 in (None, False)
            if row.inside_80 is False:
                assert row.p90 < facts
        else:
            actual = decimal_year(row.actual)
            assert row.inside_80 == (row.p10 <= actual <= row.p90)
    decided = result.decided
    assert result.coverage_80 == pytest.approx(np.mean([r.inside_80 for r in decided]))
    # SLS: committed Nov 2018 in Aug 2014, flew Nov 2022: a late case the model must place above its median.
    sls = next(r for r in result.rows if r.case == "sls-first-launch")
    assert sls.percentile > 0.5


def test_leave_one_out_is_no_better_than_in_sample(data):
    """Calibrating on a case and then testing on it flatters the model; leave-one-out must not look better."""
    inside = backtest(data, samples=5_000, seed=1, leave_one_out=False)
    loo = backtest(data, samples=5_000, seed=1, leave_one_out=True)
    assert loo.coverage_80 <= inside.coverage_80 + 1e-12


def test_race_cli_json(run_cli):
    code, out, err = run_cli("race", "--samples", "3000", "--seed", "5", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["seed"] == 5 and result["samples"] == 3000
    crewed = result["first"]["crewed_landing"]
    assert crewed["p_ilrs_pct"] + crewed["p_artemis_pct"] + crewed["p_none_by_horizon_pct"] == pytest.approx(100.0)
    assert "± " in result["answer"] and "seed 5" in result["answer"]
    assert result["backtest"]["leave_one_out"] is True and result["assumptions"]


def test_race_cli_plain_answer_first(run_cli):
    code, out, err = run_cli("race", "ilrs", "artemis", "--samples", "2000")
    assert code == 0, err
    assert out.splitlines()[0].startswith("ILRS")


@pytest.mark.parametrize("args, fragment", [
    (["--samples", "0"], "--samples"),
    (["--seed", "-1"], "--seed"),
    (["--as-of", "2026-02-30"], "valid calendar date"),
    (["--headline", "x", "ilrs", "ilrs"], "twice"),
    (["nowhere.toml"], "not found"),
])
def test_race_cli_bad_input_is_one_line(run_cli, args, fragment):
    code, out, err = run_cli("race", *args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and fragment in err and "Traceback" not in err


def test_race_section_typed_data():
    from moonbase.scenario import load_scenario
    from moonbase.sections.race import SECTION

    config = RaceConfig(samples=4_000, tornado_samples=500, backtest_samples=500)
    seen = []
    data = SECTION.compute(SectionInputs(load_scenario("ilrs"), config, ProductTable(),
                                         progress=lambda f, m: seen.append(f)))
    assert data.status is Status.OK and data.answer.startswith("ILRS")
    keys = {f.key for f in data.figures}
    assert {"first_crewed_landing_ilrs_pct", "first_crewed_landing_artemis_pct", "seed", "samples"} <= keys
    assert data.table("race_first") and data.table("race_backtest") and data.table("race_assumptions")
    assert any(p.key == "race_cdf" for p in data.plots)
    assert seen and seen[-1] == pytest.approx(1.0)
    assert any("[M]" in c for c in data.all_caveats())
    assert "milestones" in data.products


def test_race_section_skips_a_programme_without_milestones():
    """Apollo 17 (a historical scenario): no race milestones for 'apollo', so nothing to forecast, not a failure."""
    from moonbase.scenario import load_scenario
    from moonbase.sections.race import SECTION

    data = SECTION.compute(SectionInputs(load_scenario("apollo17"), RaceConfig(samples=1_000), ProductTable()))
    assert data.status is Status.SKIPPED and "'apollo'" in data.answer and "[[race.programmes]]" in data.answer


def test_race_section_dates_our_milestones_from_the_campaign():
    """The campaign's computed first crew (a date from the scenario's own missions) replaces the announced
    date of 'crew at the south pole' for our programme; a later date moves that milestone later."""
    from moonbase.scenario import load_scenario
    from moonbase.sections.race import SECTION

    config = RaceConfig(samples=4_000, tornado_samples=200, backtest_samples=200, headline="crewed_south_pole_landing")
    scenario = load_scenario("ilrs")
    plain = SECTION.compute(SectionInputs(scenario, config, ProductTable()))
    late = ProductTable()
    late.provide("campaign.milestones", {"milestones": {"first_crew_visit": "2045-01-01", "first_permanent_crew": None}})
    dated = SECTION.compute(SectionInputs(scenario, config, late))
    assert any("2045-01-01 from this scenario's campaign" in c for c in dated.caveats)
    assert not any("from this scenario's campaign" in c for c in plain.caveats)
    key = "p50_ilrs_ilrs_crewed_south_pole"
    assert dated.figure(key).value > plain.figure(key).value  # ISO dates compare as text
