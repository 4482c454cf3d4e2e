"""Δv budgets against Acta Astronautica 177 (2020) Table 4, and payload to the surface."""

from __future__ import annotations

import pytest

from moonbase.access.budget import (ARCHITECTURES, PUBLISHED_KM_S, PUBLISHED_PARKING_ALTITUDE_KM, BudgetParameters,
                                    delta_v_budget, payload_table, payload_to_surface)
from moonbase.access.vehicles import Catalogue, packaged_vehicles
from moonbase.contract import TAGS
from moonbase.errors import InputError

PARAMS = BudgetParameters(parking_altitude_km=PUBLISHED_PARKING_ALTITUDE_KM)


def _legs(architecture, crewed=True):
    return {leg.name: leg for leg in delta_v_budget(architecture, crewed, PARAMS).legs}


def test_computed_legs_within_the_published_reserve():
    """Each computed leg (with the same 5 % reserve) against the published one: within the 5 % reserve."""
    legs = _legs("direct-llo") | _legs("direct-descent")
    for name in ("LEO→TLI", "LLO→surface", "surface→LLO", "TLI→surface"):
        leg = legs[name]
        # Measured: TLI −1.3 %, descent 0.0 %, ascent +0.1 %, direct descent +3.4 %.
        assert abs(leg.computed_km_s / leg.published_km_s - 1.0) <= 0.05, name
    # The plane change is a calculated value without reserve in the table: 2 v sin(1.25°), measured +0.4 %.
    assert legs["landing plane change"].computed_km_s == pytest.approx(PUBLISHED_KM_S["landing plane change"], rel=0.01)


def test_insertion_legs_are_below_the_published_ones():
    """The tangential patched-conic insertion is the least cost: 0.852 km/s vs the table's 0.952 (which is
    10 % higher, beyond its reserve: it carries an unstated plane or phasing margin), and the direct
    NRHO insertion 0.215 vs the DAC2 0.450 (DAC2 flies a powered lunar flyby). Both must stay below."""
    legs = _legs("direct-llo") | _legs("nrho")
    assert 0.80 < legs["TLI→LLO"].computed_km_s < PUBLISHED_KM_S["TLI→LLO"]
    assert 0.15 < legs["TLI→NRHO"].computed_km_s < PUBLISHED_KM_S["TLI→NRHO"]
    # The anytime-return TEI (1.256) includes a plane change this minimum (no plane change) leaves out.
    assert legs["LLO→TEI"].computed_km_s < PUBLISHED_KM_S["LLO→TEI"]


def test_totals_and_architectures():
    totals = {a: delta_v_budget(a, False, PARAMS).total_km_s() for a in ARCHITECTURES}
    # LEO to the surface: published direct-LLO sum 3.276 + 0.952 + 0.071 + 2.180 = 6.479 km/s.
    assert totals["direct-llo"] == pytest.approx(6.479, abs=0.15)
    assert totals["direct-descent"] < totals["direct-llo"] < totals["nrho"]
    with pytest.raises(InputError, match="architecture"):
        delta_v_budget("hohmann")


def test_vehicle_catalogue_has_sources_and_tags():
    vehicles = packaged_vehicles()
    for key in ("long-march-5", "long-march-9", "long-march-10", "angara-a5", "angara-a5v", "sls-block-1",
                "sls-block-1b", "falcon-heavy", "new-glenn", "starship", "change-class", "lanyue", "blue-moon-mk1",
                "starship-hls"):
        assert key in vehicles
        assert vehicles[key].tag in TAGS and vehicles[key].source
    assert vehicles["long-march-10"].tag == "[A]" and vehicles["long-march-9"].tag == "[A]"
    assert "tanker" in vehicles["starship-hls"].refuelling_note and vehicles["starship-hls"].launches_per_landing == 11


def test_payload_rocket_equation_and_user_vehicle():
    budgets = {a: delta_v_budget(a, False, BudgetParameters()) for a in ARCHITECTURES}
    catalogue = Catalogue.with_user([{"kind": "launcher", "key": "my-rocket", "name": "My rocket", "leo_t": 30.0, "tli_t": 10.0}])
    table = {e.key: e for e in payload_table(catalogue, budgets)}
    lm5 = table["long-march-5+change-class"]
    # 8.2 t at TLI, 3.1 km/s at 315 s: 8.2 e^(−3.1/3.089) = 3.0 t left, minus the inert 22/78 of 5.2 t.
    assert 1000.0 < lm5.cargo_kg < 2000.0
    assert table["my-rocket+change-class"].tag == "[M]"  # the lander's figures are recalled
    assert table["my-rocket+change-class"].cargo_kg > lm5.cargo_kg
    hls = table["starship+starship-hls"]
    assert hls.cargo_kg == 100_000.0 and hls.limited_by and hls.cargo_per_launch_kg == pytest.approx(100_000.0 / 11)
    tiny = catalogue.get("new-glenn")
    assert payload_to_surface(tiny, catalogue.get("change-class"), budgets["direct-llo"]).cargo_kg > 0
    with pytest.raises(InputError, match="vehicle"):
        catalogue.get("saturn-v")
    with pytest.raises(Exception):
        Catalogue.with_user([{"kind": "lander", "key": "bad", "name": "Bad", "isp_s": 50.0}])
