"""The comparison run, its JSON and its HTML page, and the rival block of a plan report (with a cheap stand-in runner)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from moonbase.compare import compare_scenarios, rival_block
from moonbase.contract import Column, Figure, ProductTable, Section, SectionData, Table
from moonbase.output import dumps_json
from moonbase.plan import Plan
from moonbase.report.compare import render_comparison
from moonbase.report.rival import rival_html
from moonbase.scenario import load_scenario

SECTIONS = [Section("communications", "Communications", compute=lambda inputs: None, summary_keys=("comms_pct",)),
            Section("race", "The race", compute=lambda inputs: None, summary_keys=("first_crewed_landing_ilrs_pct",)),
            Section("partners_contention", "Partners and contention", compute=lambda inputs: None,
                    summary_keys=("same_place_pairs",))]


def fake_plan(scenario, progress=lambda fraction, message: None, seen=None):
    """A plan whose figures follow the scenario (a relay lifts the link time), built without any computation."""
    if seen is not None:
        seen.append((scenario.name, scenario.period.start, scenario.period.end, scenario.period.step))
    progress(0.5, "communications")
    relays = len(scenario.communications.relays)
    data = [
        SectionData("communications", "Communications", answer=f"<b>{scenario.name}</b> links {50 + 30 * relays} % of the time.",
                    figures=[Figure("comms_pct", "Any link available", 50.0 + 30.0 * relays, "%", digits=1)]),
        SectionData("race", "The race", answer="ILRS reaches first crewed landing first in 23 % of futures.",
                    figures=[Figure("first_crewed_landing_ilrs_pct", "P(ilrs first: first crewed landing)", 23.084, "%", digits=1),
                             Figure("first_crewed_landing_ilrs_se_pct", "standard error", 0.13, "%", digits=2),
                             Figure("first_crewed_landing_artemis_pct", "P(artemis first: first crewed landing)", 76.9, "%", digits=1)]),
        SectionData("partners_contention", "Partners and contention", answer="Candidate points that are the same place.",
                    figures=[Figure("same_place_pairs", "Pairs at the same place", 2, "pairs"),
                             Figure("keep_out_overlaps", "Pairs whose keep-out circles overlap", 1, "pairs")],
                    tables=[Table("same_place", "same", (Column("a", ["connecting-ridge"]), Column("b", ["change8-ridge"]),
                                                          Column("distance_km", [0.0], "km"))),
                            Table("contested_pairs", "pairs", (Column("a", ["change7", "change8-ridge"]),
                                                              Column("b", ["artemis3-slater-plain", "artemis3-x"]),
                                                              Column("distance_km", [27.3, 1.5], "km"),
                                                              Column("keep_out_overlap", [False, True])))]),
    ]
    return Plan(scenario, data, ProductTable({"station": lambda store: scenario.station.point()}), SECTIONS)


@pytest.fixture(scope="module")
def pair():
    return load_scenario("ilrs"), load_scenario("artemis")


@pytest.fixture(scope="module")
def comparison(pair):
    seen, messages = [], []
    result = compare_scenarios(list(pair), start="2030-01-01", end="2030-01-02", step="2h",
                               progress=lambda f, m: messages.append((f, m)),
                               run=lambda scenario, progress: fake_plan(scenario, progress, seen))
    return SimpleNamespace(result=result, seen=seen, messages=messages)


def test_every_plan_runs_on_the_common_period(comparison):
    assert comparison.seen == [("ilrs", "2030-01-01", "2030-01-02", "2h"), ("artemis", "2030-01-01", "2030-01-02", "2h")]
    assert [m for _, m in comparison.messages][:2] == ["ilrs: communications", "artemis: communications"]
    fractions = [f for f, _ in comparison.messages]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_headlines_side_by_side_and_json(comparison):
    result = comparison.result
    rows = {(r.section, r.key): [f.value for f in r.values] for r in result.rows}
    assert rows[("communications", "comms_pct")] == [80.0, 50.0]  # ILRS has a relay, Artemis none
    assert result.answers["race"][0].startswith("ILRS reaches")
    document = json.loads(dumps_json(result.as_dict()))
    assert [s["name"] for s in document["scenarios"]] == ["ilrs", "artemis"]
    assert document["scenarios"][1]["own_period"]["start"] == "2028-01-01"
    assert document["period"]["basis"] == "given (start, end and step)"
    relays = next(a for a in document["assumptions_differ"] if a["key"] == "communications.relays")
    assert relays["values"] == [["queqiao-2"], []]
    assert any(s["site_a"] == "change8-ridge" and s["site_b"] == "connecting-ridge" and s["same_point"]
               for s in document["shared_ground"]["sites"])


def test_page_has_both_scenarios_links_and_escaped_text(comparison):
    page = render_comparison(comparison.result)
    assert "ILRS basic model" in page and "Artemis base camp" in page
    assert 'href="ilrs/report.html"' in page and 'href="artemis/report.html"' in page
    assert "&lt;b&gt;ilrs&lt;/b&gt;" in page and "<b>ilrs</b>" not in page
    assert "communications.relays" in page and "queqiao-2" in page
    assert "campaign.missions[…]" in page  # missions only one programme has: one row, each side's named
    assert "change8-ridge" in page and "<script" not in page


def test_rival_block_from_the_plans_own_data(pair):
    plan = fake_plan(pair[0])
    block = rival_block(plan)
    assert block.rival == "artemis" and block.rival_title == pair[1].title
    assert [f.key for f in block.race] == ["first_crewed_landing_ilrs_pct", "first_crewed_landing_artemis_pct"]
    assert block.same_place == (("connecting-ridge", "change8-ridge", 0.0),)
    assert block.overlaps == (("change8-ridge", "artemis3-x", 1.5),)
    assert any(s.site_a == "change8-leibnitz-beta" and s.site_b == "artemis3-mons-mouton" for s in block.shared)
    page = rival_html(plan)
    assert "Compared with the rival" in page and "moonbase compare ilrs artemis" in page
    assert "connecting-ridge = change8-ridge" in page
    assert "<tr><td>first crewed landing</td><td>23.1 %</td><td>76.9 %</td></tr>" in page  # one row per milestone


def test_no_rival_no_block(pair):
    plan = fake_plan(pair[0])
    plan.scenario = SimpleNamespace(name="bare", station=pair[0].station)
    assert rival_block(plan) is None and rival_html(plan) == ""


def test_the_ilrs_scenario_names_artemis_as_its_rival():
    from importlib import resources

    text = resources.files("moonbase").joinpath("scenarios/ilrs.toml").read_text(encoding="utf-8")
    assert '[race]\nrival = "artemis"' in text  # stated in the file, not only a default of the race table
    assert load_scenario("ilrs").race.rival == "artemis" and load_scenario("artemis").race.rival == "ilrs"


def test_the_same_scenario_twice_gets_two_folders_and_no_differences(pair):
    result = compare_scenarios([pair[0], pair[0]], run=lambda scenario, progress: fake_plan(scenario, progress))
    assert [s.folder for s in result.scenarios] == ["ilrs", "ilrs-2"]
    assert result.assumptions == [] and result.period.basis == "the first scenario's period (ilrs's period)"
    assert all(s.same_point for s in result.shared if s.site_a == s.site_b)
    page = render_comparison(result)
    assert "The scenarios assume the same in every key." in page and 'href="ilrs-2/report.html"' in page


def test_one_scenario_is_refused(pair):
    from moonbase.errors import MoonbaseError

    with pytest.raises(MoonbaseError, match="two or more"):
        compare_scenarios([pair[0]], run=lambda scenario, progress: fake_plan(scenario, progress))
