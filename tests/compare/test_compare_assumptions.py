"""The assumption diff: every differing leaf of two scenarios under its dotted scenario key."""

from __future__ import annotations

import pytest

from moonbase.compare import common_period, differing_assumptions, on_period
from moonbase.errors import MoonbaseError
from moonbase.scenario import load_scenario


@pytest.fixture(scope="module")
def ilrs():
    return load_scenario("ilrs")


def _edited(scenario, **tables):
    """``scenario`` with some keys of its tables replaced, e.g. station={"mast_height_m": 20.0}."""
    update = {name: getattr(scenario, name).model_copy(update=values) for name, values in tables.items()}
    return scenario.model_copy(update=update)


def test_relay_heights_and_period_are_flagged(ilrs):
    other = _edited(ilrs, communications={"relays": []}, station={"observer_height_m": 1.5, "mast_height_m": 20.0},
                    period={"start": "2028-01-01", "end": "2029-01-01"})
    rows = {r.key: r for r in differing_assumptions([ilrs, other])}
    assert set(rows) == {"communications.relays", "station.observer_height_m", "station.mast_height_m",
                         "period.start", "period.end"}
    assert rows["communications.relays"].values == (["queqiao-2"], [])
    assert rows["station.mast_height_m"].values == (10.0, 20.0)
    assert rows["station.mast_height_m"].unit == "m"
    assert rows["station.observer_height_m"].table == "station"
    assert rows["period.start"].values == ("2030-01-01", "2028-01-01")


def test_same_scenario_differs_nowhere_and_identity_is_ignored(ilrs):
    renamed = ilrs.model_copy(update={"name": "other", "title": "Another title", "description": "x"})
    assert differing_assumptions([ilrs, renamed]) == []
    assert [r.key for r in differing_assumptions([ilrs, renamed], ignore=frozenset())] == ["name", "title", "description"]


def test_list_items_are_matched_by_name_not_position():
    loads_a = [{"name": "habitat", "kw": 8.0}, {"name": "heaters", "kw": 2.0, "when": "dark"}]
    loads_b = [{"name": "heaters", "kw": 3.0, "when": "dark"}, {"name": "habitat", "kw": 8.0},
               {"name": "ISRU", "kw": 5.0}]
    rows = differing_assumptions([{"power": {"loads": loads_a}}, {"power": {"loads": loads_b}}])
    assert [(r.key, r.values) for r in rows] == [("power.loads[heaters].kw", (2.0, 3.0)),
                                                 ("power.loads[ISRU]", (None, "ISRU"))]
    assert rows[0].unit == "kW"
    assert rows[1].note == "a list item only some scenarios have"


def test_three_scenarios_one_differing(ilrs):
    third = _edited(ilrs, access={"launch_site": "kennedy"})
    rows = differing_assumptions([ilrs, ilrs, third])
    assert [(r.key, r.values) for r in rows] == [("access.launch_site", ("wenchang", "wenchang", "kennedy"))]


def test_built_in_ilrs_and_artemis_differ_in_relay_networks_and_period(ilrs):
    rows = {r.key: r.values for r in differing_assumptions([ilrs, load_scenario("artemis")])}
    assert rows["communications.relays"] == (["queqiao-2"], [])
    assert rows["communications.networks"] == (["cdsn", "russia"], ["dsn", "estrack"])
    assert rows["period.start"] == ("2030-01-01", "2028-01-01")
    assert rows["race.rival"] == ("artemis", "ilrs")
    assert "power.loads[habitat and command centre].kw" not in rows  # both assume the same 8 kW habitat


def test_common_period_defaults_to_the_first_and_takes_overrides(ilrs):
    artemis = load_scenario("artemis")
    period = common_period([artemis, ilrs])
    assert (period.start, period.end, period.step) == ("2028-01-01", "2029-01-01", artemis.period.step)
    assert "first scenario" in period.basis and "artemis" in period.basis
    given = common_period([ilrs, artemis], start="2030-01-01", end="2030-01-02", step="2h")
    assert given.basis == "given (start, end and step)"
    assert on_period(artemis, given).period.end == "2030-01-02"
    partial = common_period([ilrs, artemis], step="6h")
    assert partial.start == "2030-01-01" and "step" in partial.basis and "ilrs" in partial.basis


@pytest.mark.parametrize("kwargs, fragment", [({"start": "2030-13-01"}, "period start"),
                                              ({"start": "2031-06-01"}, "must be after start"),
                                              ({"step": "-1h"}, "period step")])
def test_bad_common_period_is_one_error(ilrs, kwargs, fragment):
    with pytest.raises(MoonbaseError, match=fragment):
        common_period([ilrs, ilrs], **kwargs)
