"""The daily run: conservation at every step, SimPy and plain-loop agreement, replications, milestones."""

from __future__ import annotations

import numpy as np
import pytest

from moonbase.campaign import engine as E
from moonbase.campaign import reference
from moonbase.campaign.analysis import analyse_campaign
from moonbase.campaign.config import CampaignConfig
from moonbase.campaign.consumables import ITEMS
from moonbase.campaign.model import build_campaign
from moonbase.campaign.sunlight import default_sunlight
from moonbase.scenario import load_scenario


def _inputs(campaign, lat=-89.5):
    return E.engine_inputs(campaign, default_sunlight(lat).daily(campaign.start, campaign.days))


def _small(leak=0.3):
    return build_campaign(CampaignConfig.model_validate({
        "start": "2030-01-01", "end": "2031-01-01", "life_support": {"o2_leak_kg_per_day": leak},
        "missions": [
            {"name": "cargo", "year": 2030, "date": "2030-02-01", "vehicle": "Long March 9",
             "manifest": [{"element": "hab-rigid"}, {"item": "o2", "kg": 100.0}, {"item": "water", "kg": 200.0},
                          {"item": "food", "kg": 150.0}, {"item": "spares", "kg": 40.0}]},
            {"name": "power", "year": 2030, "date": "2030-01-10", "vehicle": "Long March 9",
             "manifest": [{"element": "solar-array-1kw", "count": 60}, {"element": "storage-li-ion-1kwh", "count": 500},
                          {"element": "isru-o2-mre"}]},
            {"name": "crew", "year": 2030, "date": "2030-03-01T12:00", "vehicle": "Long March 10", "crew": 2, "stay_days": 100.0}]}))


def test_hand_worked_stay_through_the_engine():
    campaign = _small(leak=0.0)
    series = E.run_once(_inputs(campaign))
    assert series[:, E.CREW].sum() == pytest.approx(200.0, abs=1e-9)   # 2 crew x 100 days, half days at both ends
    demand = series[:, E.column("water", E.DEMAND)].sum()
    assert demand == pytest.approx(200 * 3.217 * 0.58, abs=1e-6)      # hand-worked: 373.17 kg
    assert series[:, E.column("food", E.SHORTFALL)].sum() == pytest.approx(200 * 1.56 - 150.0, abs=1e-6)


def test_mass_conservation_at_every_step():
    campaign = _small(leak=0.3)
    series = E.run_once(_inputs(campaign))
    for item in ITEMS:
        delivered = np.cumsum(series[:, E.column(item, E.DELIVERED)])
        consumed = np.cumsum(series[:, E.column(item, E.CONSUMED)])
        stock = series[:, E.column(item, E.STOCK)]
        produced = np.cumsum(series[:, E.ISRU_KG]) if item == "o2" else 0.0
        lost = np.cumsum(series[:, E.O2_LOST]) if item == "o2" else 0.0
        np.testing.assert_allclose(delivered + produced, consumed + stock + lost, atol=1e-8)
        assert (series[:, E.column(item, E.DEMAND)] - series[:, E.column(item, E.CONSUMED)]
                - (series[:, E.O2_LOST] if item == "o2" else 0) - series[:, E.column(item, E.SHORTFALL)]).max() < 1e-9
    assert series[:, E.O2_LOST].sum() > 0 and series[:, E.ISRU_KG].sum() > 0


@pytest.mark.parametrize("name", ["ilrs", "artemis"])
def test_engine_matches_simpy_and_plain_loop(name):
    campaign = build_campaign(load_scenario(name).campaign)
    inputs = _inputs(campaign)
    series = E.run_once(inputs)
    for rows in (reference.run_simpy(inputs), reference.run_plain_loop(inputs)):
        assert len(rows) == series.shape[0]
        for key, col in (("crew", E.CREW), ("soc_kwh", E.SOC_KWH), ("energy_short_kwh", E.ENERGY_SHORT_KWH),
                         ("isru_kg", E.ISRU_KG), ("o2_stock", E.column("o2", E.STOCK)),
                         ("water_short", E.column("water", E.SHORTFALL)), ("spares_stock", E.column("spares", E.STOCK))):
            np.testing.assert_allclose([r[key] for r in rows], series[:, col], atol=1e-6, err_msg=key)


def test_replications_reproduce_the_single_run_without_delays_and_are_seeded():
    campaign = build_campaign(load_scenario("artemis").campaign)
    inputs = _inputs(campaign)
    nominal = E.summarise(E.run_once(inputs), inputs)
    summaries = E.run_replications(inputs, np.zeros((3, len(campaign.missions))))
    np.testing.assert_allclose(summaries, np.tile(list(nominal.values()), (3, 1)), atol=1e-6)
    a = E.random_delays(len(campaign.missions), 50, 0.64, 365.0, seed=7)
    assert np.array_equal(a, E.random_delays(len(campaign.missions), 50, 0.64, 365.0, seed=7))
    delayed = E.run_replications(inputs, a)
    assert delayed[:, 0].mean() > nominal["first_crew_day"]


def test_milestones_and_shortfalls_of_artemis():
    result = analyse_campaign(load_scenario("artemis"), optimise="none")
    m = result.milestones["milestones"]
    assert m["first_crew_visit"].date == "2028-03-01"
    assert m["first_permanent_crew"].date == "2033-01-15"   # Expeditions 1-3 overlap: continuous from the first
    assert 50.0 < result.milestones["isru_o2_share_pct"] <= 100.0
    assert all(set(f) >= {"item", "start", "size"} for f in result.shortfalls)
    years = result.milestones["mass_on_surface_by_year"]
    assert list(years.values()) == sorted(years.values())


def test_optimiser_never_needs_more_launches_than_the_scenario_and_meets_demand():
    result = analyse_campaign(load_scenario("ilrs"), optimise="launches")
    o = result.optimised
    assert "Optimal" in o.status
    assert o.launches <= o.scenario_launches
    crewed = [m.name for m in result.campaign.missions if m.crewed]
    assert {s["mission"] for s in o.slots} >= set(crewed)
    for s in o.slots:
        assert s["manifest_kg"] <= s["capacity_kg"] + 1e-6


def test_dask_chunks_give_the_same_replications():
    campaign = build_campaign(load_scenario("ilrs").campaign)
    inputs = _inputs(campaign)
    delays = E.random_delays(len(campaign.missions), 7, 0.64, 365.0, seed=2)
    np.testing.assert_array_equal(E.run_replications_dask(inputs, delays, chunk=3), E.run_replications(inputs, delays))
