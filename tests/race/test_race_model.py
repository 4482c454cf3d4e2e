"""The race model: growth calibrated on Coleman et al. (2002), failure counts, the vectorised engine
against an independent per-sample loop, determinism across workers, and the answers' arithmetic."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from scipy.special import ndtri

from moonbase.errors import MoonbaseError
from moonbase.kernels.race import failures_cdf, growth_from_uniform as growth_kernel
from moonbase.race import RaceConfig, analyse_race, race_data
from moonbase.race.answers import first_probabilities, forecasts
from moonbase.race.programmes import Programme, decimal_year, merge_overrides, packaged_race_data
from moonbase.race.reference import percentiles as loop_percentiles, sample_dates
from moonbase.race.simulate import CHUNK, simulate
from moonbase.race.uncertainty import (COLEMAN_2002, fit_coleman_growth, growth_from_uniform, growth_parameters,
                                       growth_statistics)


@pytest.fixture(scope="module")
def data():
    return packaged_race_data()


def test_growth_reproduces_coleman_summerville_dameron_2002(data):
    u = (np.arange(400_000) + 0.5) / 400_000
    s = growth_statistics(growth_from_uniform(u, **growth_parameters(data.model)))
    # Published: median 1.11, mean 1.29, SD 0.54, P75 1.46, P25 1.00, 15 % shrank, 20 % on time.
    # Measured: 1.105, 1.314, 0.483, 1.453, 1.000, 15 %, 20 %. The three-parameter tail cannot match
    # all four moments at once; tolerances sit just above the measured misfit.
    assert s["median"] == pytest.approx(COLEMAN_2002["median"], abs=0.01)
    assert s["mean"] == pytest.approx(COLEMAN_2002["mean"], abs=0.03)
    assert s["p75"] == pytest.approx(COLEMAN_2002["p75"], abs=0.01)
    assert s["sd"] == pytest.approx(COLEMAN_2002["sd"], abs=0.07)
    assert s["p25"] == pytest.approx(1.0, abs=1e-9)
    assert s["shrank"] == pytest.approx(0.15, abs=1e-3) and s["on_time"] == pytest.approx(0.20, abs=1e-3)


def test_packaged_growth_parameters_are_the_fit(data):
    fit = fit_coleman_growth(points=100_000)
    assert fit["growth_log_mean"] == pytest.approx(data.model.growth_log_mean, abs=0.02)
    assert fit["growth_log_sd"] == pytest.approx(data.model.growth_log_sd, abs=0.02)
    assert fit["growth_max"] == pytest.approx(data.model.growth_max, abs=0.02)


def test_growth_kernel_against_scipy_quantiles(data):
    """The numba inverse CDF (Acklam's normal quantile) against the same formula with scipy's ndtri."""
    m = data.model
    u = np.linspace(1e-6, 1 - 1e-6, 20_001)
    f_max = stats.norm.cdf((np.log(m.growth_max) - m.growth_log_mean) / m.growth_log_sd)
    late = m.shrink_probability + m.on_time_probability
    v = np.clip((u - late) / (1 - late), 0, 1) * f_max
    expected = np.where(u < m.shrink_probability, 1 - m.shrink_max * (1 - u / m.shrink_probability),
                        np.where(u < late, 1.0, 1 + np.exp(m.growth_log_mean + m.growth_log_sd * ndtri(np.clip(v, 1e-300, 1)))))
    got = growth_kernel(u, m.shrink_probability, m.on_time_probability, m.shrink_max, m.growth_log_mean,
                        m.growth_log_sd, f_max, 1.0, np.empty_like(u))
    assert np.max(np.abs(got - expected)) < 2e-8  # Acklam: relative error < 1.15e-9 in the quantile


@pytest.mark.parametrize("successes, probability", [(1, 0.05), (2, 0.1), (10, 0.2), (1, 0.46)])
def test_failure_count_table_is_the_negative_binomial(successes, probability):
    cdf = failures_cdf(successes, probability)
    rng = np.random.default_rng(5)
    drawn = np.searchsorted(cdf, rng.random(400_000), side="right")
    mean = successes * probability / (1 - probability)  # failures before `successes` successes
    sd = np.sqrt(successes * probability) / (1 - probability)
    assert drawn.mean() == pytest.approx(mean, abs=5 * sd / np.sqrt(len(drawn)))
    assert cdf[-1] > 1 - 1e-11


@pytest.mark.slow
def test_engine_matches_an_independent_per_sample_loop(data):
    """Without correlation (the loop has none) every milestone's P10/P50/P90 agree within Monte Carlo error."""
    flat = merge_overrides(data, model={"correlation": 0.0})
    sim = simulate(flat, ["ilrs", "artemis"], 200_000, seed=11)
    loops = {p: sample_dates(flat, p, 20_000, seed=3) for p in ("ilrs", "artemis")}
    for programme, milestone in (("ilrs", "china_crewed_landing"), ("ilrs", "ilrs_basic_model"),
                                 ("artemis", "artemis4_landing"), ("artemis", "ignition_phase3")):
        dates = sim.milestone_dates(programme, milestone)
        ours = np.quantile(dates, [0.1, 0.5, 0.9])
        theirs = loop_percentiles(loops[programme][milestone])
        spread = ours[2] - ours[0]
        # quantile standard error of 20,000 loop samples: ~0.02 of the P10-P90 spread; 4 sigma
        assert np.abs(ours - np.array(theirs)).max() < 0.08 * spread, (programme, milestone, ours, theirs)


def test_same_seed_same_numbers_and_programmes_do_not_disturb_each_other(data):
    a = simulate(data, ["ilrs", "artemis"], 3 * CHUNK // 2, seed=7)
    b = simulate(data, ["ilrs", "artemis"], 3 * CHUNK // 2, seed=7)
    assert np.array_equal(a.dates["ilrs"], b.dates["ilrs"])
    third = Programme.model_validate({"key": "india", "name": "India", "milestones": [
        {"key": "landing", "label": "crewed landing", "kind": "crewed_landing", "announced": "2040",
         "announced_on": "2023-10-17", "launches": [["long-march-5", 0]]}]})
    c = simulate(merge_overrides(data, [third]), ["ilrs", "india", "artemis"], 3 * CHUNK // 2, seed=7)
    assert np.array_equal(a.dates["artemis"], c.dates["artemis"])
    assert not np.array_equal(a.dates["ilrs"], simulate(data, ["ilrs", "artemis"], 3 * CHUNK // 2, seed=8).dates["ilrs"])


def test_dask_cluster_gives_the_local_numbers(data):
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        remote = simulate(data, ["ilrs", "artemis"], CHUNK + 1000, seed=3, scheduler=client)
    local = simulate(data, ["ilrs", "artemis"], CHUNK + 1000, seed=3)
    for key in local.dates:
        assert np.array_equal(local.dates[key], remote.dates[key])


def test_milestones_wait_for_their_predecessors_and_achieved_dates_hold(data):
    sim = simulate(data, ["ilrs", "artemis"], 50_000, seed=1)
    for key, programme in sim.programmes.items():
        index = {m.key: i for i, m in enumerate(programme.milestones)}
        for m in programme.milestones:
            for d in m.depends_on:
                assert np.all(sim.dates[key][:, index[m.key]] >= sim.dates[key][:, index[d]] - 1e-12)
            if m.achieved:
                assert np.all(sim.dates[key][:, index[m.key]] == decimal_year(m.achieved))
            else:
                assert np.all(sim.dates[key][:, index[m.key]] >= sim.as_of)


def test_without_uncertainty_the_dates_are_the_announced_ones(data):
    certain = merge_overrides(data, launchers={"new_launcher_failure_probability": 0.0, "families": {
        name: {"failure_probability": 0.0} for name in data.launchers.families}},
        model={"shrink_probability": 0.0, "on_time_probability": 1.0 - 1e-12,
               "mission_risk": {"robotic-lander": 0.0, "crewed-landing": 0.0}})
    sim = simulate(certain, ["ilrs", "artemis"], 1000, seed=1)
    for key, programme in sim.programmes.items():
        for j, m in enumerate(programme.milestones):
            expected = max(decimal_year(m.achieved or m.announced), sim.as_of) if m.achieved is None \
                else decimal_year(m.achieved)
            if m.achieved is None and decimal_year(m.announced) < sim.as_of:
                expected = sim.as_of + certain.model.minimum_remaining_months / 12
            assert np.allclose(sim.dates[key][:, j], expected, atol=1e-6), (key, m.key)


def test_launch_failure_delay_has_its_closed_form_mean(data):
    """One launch, no growth: mean delay = p/(1-p) × (stand-down + re-flight)."""
    p = data.launchers.failure_probability("long-march-5")
    single = Programme.model_validate({"key": "one", "name": "one", "milestones": [
        {"key": "m", "label": "m", "kind": "precursor", "announced": "2030-01-01", "announced_on": "2026-01-01",
         "launches": [["long-march-5", 1]]}]})
    certain = merge_overrides(data, [single], model={"shrink_probability": 0.0, "on_time_probability": 1 - 1e-12})
    sim = simulate(certain, ["one", "ilrs"], 400_000, seed=2)
    delay = sim.milestone_dates("one", "m") - decimal_year("2030-01-01")
    per_failure = (29.0 + certain.model.reflight_months) / 12.0  # Long March 5's own stand-down
    expected = p / (1 - p) * per_failure
    sd = np.sqrt(p) / (1 - p) * per_failure
    assert delay.mean() == pytest.approx(expected, abs=5 * sd / np.sqrt(len(delay)))


def test_first_probabilities_add_up_and_carry_standard_errors(data):
    sim = simulate(data, ["ilrs", "artemis"], 40_000, seed=4)
    f = first_probabilities(sim, "crewed_landing")
    assert sum(f.p_first.values()) + f.p_none == pytest.approx(1.0, abs=1e-12)
    a = sim.milestone_dates("ilrs", f.milestones["ilrs"])
    b = sim.milestone_dates("artemis", f.milestones["artemis"])
    assert f.p_first["ilrs"] == pytest.approx(np.mean(a < b), abs=1e-12)
    assert f.standard_error["ilrs"] == pytest.approx(np.sqrt(f.p_first["ilrs"] * (1 - f.p_first["ilrs"]) / 40_000))


def test_forecasts_are_ordered_percentiles(data):
    for f in forecasts(simulate(data, ["ilrs", "artemis"], 20_000, seed=9)):
        assert f.p10 <= f.p50 <= f.p90
        assert 0.0 <= f.p_not_by_horizon <= 1.0


def test_a_third_programme_joins_the_race():
    india = {"key": "india", "name": "India's crewed programme", "agency_class": "default", "milestones": [
        {"key": "landing", "label": "Indian crewed landing", "kind": "crewed_landing", "announced": "2040",
         "announced_on": "2023-10-17", "tag": "[R2]", "source": "ISRO, Oct 2023: an Indian on the Moon by 2040"}]}
    config = RaceConfig(samples=5_000, tornado_samples=500, backtest_samples=500, programmes=[india])
    result = analyse_race(["ilrs", "artemis", "india"], config)
    f = result.first_for("crewed_landing")
    assert set(f.p_first) == {"ilrs", "artemis", "india"}
    assert sum(f.p_first.values()) + f.p_none == pytest.approx(1.0)
    assert "India's crewed programme" not in result.answer() or "before" in result.answer()


@pytest.mark.parametrize("edit, message", [
    ({"depends_on": ["nowhere"]}, "depends on 'nowhere'"),
    ({"announced": "2030-13"}, "not a valid calendar date"),
    ({"announced": "soon"}, "not a date"),
    ({"launches": [["no-such-rocket", 1]]}, None),
])
def test_bad_programmes_are_refused_with_the_place(edit, message):
    milestone = {"key": "a", "label": "a", "kind": "precursor", "announced": "2030", "announced_on": "2025-01-01", **edit}
    if message is None:
        config = RaceConfig(samples=10, programmes=[{"key": "x", "name": "x", "milestones": [milestone]}])
        with pytest.raises(MoonbaseError, match="no-such-rocket"):
            analyse_race(["x", "artemis"], config)
        return
    with pytest.raises(Exception, match=message):
        Programme.model_validate({"key": "x", "name": "x", "milestones": [milestone]})


def test_a_dependency_cycle_is_refused():
    with pytest.raises(Exception, match="cycle"):
        Programme.model_validate({"key": "x", "name": "x", "milestones": [
            {"key": "a", "label": "a", "kind": "k", "announced": "2030", "announced_on": "2025", "depends_on": ["b"]},
            {"key": "b", "label": "b", "kind": "k", "announced": "2031", "announced_on": "2025", "depends_on": ["a"]}]})


def test_launcher_records_cannot_claim_more_failures_than_flights():
    with pytest.raises(Exception, match="cannot exceed flights"):
        race_data(RaceConfig(launchers={"families": {"sls": {"flights": 2, "failures": 3}}}))


def test_failure_probability_is_the_jeffreys_estimate(data):
    record = data.launchers.families["long-march-5"]
    assert data.launchers.failure_probability("long-march-5") == pytest.approx((record.failures + 0.5) / (record.flights + 1))
    assert data.launchers.failure_probability("long-march-9") == data.launchers.new_launcher_failure_probability
