"""The NASA standard breakup model against its own analytic laws, and mass conservation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from scipy.special import ndtr

from moonbase.debris.breakup import (DELTA_V_LOG_SIGMA, BreakupEvent, _sample_lc, area_m2, chi_cdf,
                                     delta_v_log_mean, fragment, large_fragment_parameters, sample_chi)
from moonbase.errors import InputError


@pytest.mark.parametrize("event", [BreakupEvent("collision", 900.0), BreakupEvent("explosion", 1400.0, kind="rocket-body"),
                                   BreakupEvent("collision", 500.0, projectile_kg=1.0, impact_speed_km_s=10.0)])
@pytest.mark.parametrize("lc_min", [0.1, 0.02])
def test_mass_is_conserved(event, lc_min):
    pieces = fragment(event, lc_min_m=lc_min, seed=7)
    # fragments + expected mass below lc_min = the event's mass (to rounding)
    assert pieces.total_mass_kg == pytest.approx(event.total_mass_kg, rel=1e-9)
    assert (pieces.mass_kg > 0).all() and pieces.remnant.sum() <= 1


def test_counts_follow_the_power_law():
    event = BreakupEvent("collision", 2000.0)
    counts = [len(fragment(event, 0.1, seed=s)) for s in range(20)]
    expected = event.count_larger_than(0.1) - event.count_larger_than(event.largest_lc_m)
    # Poisson mean; a few of the largest draws give way to mass conservation (< 5 %).
    assert np.mean(counts) == pytest.approx(expected, rel=0.05)
    assert 0.1 * 2000.0**0.75 * 0.1**-1.71 == pytest.approx(event.count_larger_than(0.1))
    assert BreakupEvent("explosion", 10.0).count_larger_than(0.1) == pytest.approx(6 * 0.1**-1.6)


def test_size_distribution_ks():
    event = BreakupEvent("collision", 1000.0)
    rng = np.random.default_rng(3)
    lc = _sample_lc(event, 20_000, 0.01, 1.0, rng)
    beta = event.exponent
    cdf = lambda x: (1 - (x / 0.01) ** -beta) / (1 - (1.0 / 0.01) ** -beta)  # noqa: E731
    assert stats.kstest(lc, cdf).pvalue > 0.01


@pytest.mark.parametrize("lc", [0.003, 0.05, 0.095, 0.3, 2.0])
@pytest.mark.parametrize("kind", ["spacecraft", "rocket-body"])
def test_area_to_mass_ks(lc, kind):
    rng = np.random.default_rng(11)
    chi = sample_chi(np.full(20_000, lc), kind, rng)
    result = stats.kstest(chi, lambda x: chi_cdf(x, np.full(np.shape(x), lc), kind))
    assert result.pvalue > 0.01


def test_area_to_mass_laws_match_the_paper():
    # Johnson et al. 2001 table values at the corners: spacecraft, lam >= 0.55 -> alpha 1, mu1 -0.95
    alpha, mu1, s1, mu2, s2 = large_fragment_parameters(np.array([1.0]), "spacecraft")
    assert (alpha[0], mu1[0], s1[0], mu2[0], s2[0]) == (1.0, -0.95, 0.3, -2.0, 0.3)
    alpha, mu1, s1, mu2, s2 = large_fragment_parameters(np.array([-2.0]), "rocket-body")
    assert (alpha[0], mu1[0], s1[0], mu2[0], s2[0]) == (1.0, -0.45, 0.55, -0.9, 0.28)
    assert area_m2(np.array([0.001]))[0] == pytest.approx(0.540424e-6)


def test_delta_v_distribution_ks():
    event = BreakupEvent("collision", 800.0)
    pieces = fragment(event, 0.05, seed=5)
    chi = np.log10(pieces.area_to_mass_m2_kg)
    z = (np.log10(np.linalg.norm(pieces.delta_v_m_s, axis=1)) - delta_v_log_mean(chi, "collision")) / DELTA_V_LOG_SIGMA
    assert stats.kstest(z, ndtr).pvalue > 0.01
    # isotropic directions: mean unit vector near zero
    unit = pieces.delta_v_m_s / np.linalg.norm(pieces.delta_v_m_s, axis=1, keepdims=True)
    assert np.linalg.norm(unit.mean(axis=0)) < 4.0 / np.sqrt(len(pieces))


def test_seeded_and_reproducible():
    event = BreakupEvent("explosion", 1000.0)
    a, b, c = fragment(event, 0.05, seed=1), fragment(event, 0.05, seed=1), fragment(event, 0.05, seed=2)
    assert np.array_equal(a.lc_m, b.lc_m) and a.seed == 1
    assert len(a) != len(c) or not np.array_equal(a.lc_m, c.lc_m)


def test_bad_inputs_are_input_errors():
    with pytest.raises(InputError):
        BreakupEvent("implosion", 100.0)
    with pytest.raises(InputError):
        fragment(BreakupEvent("collision", 100.0), lc_min_m=1e-6)


def test_catastrophic_threshold():
    # 40 J/g: 1 kg at 10 km/s has 5e7 J, catastrophic for targets up to 1,250 kg
    assert BreakupEvent("collision", 1200.0, projectile_kg=1.0, impact_speed_km_s=10.0).catastrophic
    small = BreakupEvent("collision", 1300.0, projectile_kg=1.0, impact_speed_km_s=10.0)
    assert not small.catastrophic and small.collision_mass_parameter == pytest.approx(100.0)
