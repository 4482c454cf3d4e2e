"""Disk-above-horizon fractions against closed forms and brute-force sampling of the disk."""

from __future__ import annotations

import numpy as np
import pytest

from moonbase.environment.visibility import HorizonMask, disk_fraction
from moonbase.errors import InputError
from moonbase.kernels.visibility import segment_fraction


def brute_force_fraction(az_deg, el_deg, radius_deg, horizon: HorizonMask, samples=400_000, seed=0):
    """Fraction of uniformly sampled points of the disk that stand above the interpolated horizon."""
    rng = np.random.default_rng(seed)
    r = radius_deg * np.sqrt(rng.uniform(size=samples))
    theta = rng.uniform(0, 2 * np.pi, samples)
    x, y = r * np.cos(theta), r * np.sin(theta)
    point_az = az_deg + x / np.cos(np.radians(el_deg))
    return float(np.mean(el_deg + y > horizon.at(point_az)))


@pytest.mark.parametrize("depth", [-1.2, -0.999, -0.5, 0.0, 0.3, 0.9, 1.0, 2.0])
def test_segment_fraction_closed_form(depth):
    # Circular segment: area above a chord at distance d below the centre = r²(acos(-d/r) + (d/r)√(1-(d/r)²)).
    rng = np.random.default_rng(1)
    r = np.sqrt(rng.uniform(size=400_000))
    theta = rng.uniform(0, 2 * np.pi, 400_000)
    sampled = np.mean(r * np.sin(theta) > -depth)
    assert segment_fraction(depth, 1.0) == pytest.approx(sampled, abs=3e-3)  # 3σ of 400k samples ≈ 2.4e-3


def test_flat_horizon_strips_match_analytic_segment():
    horizon = HorizonMask.flat(0.4)
    el = np.linspace(0.4 - 0.3, 0.4 + 0.3, 61)
    radius = 0.2666
    strips = disk_fraction(np.full_like(el, 123.0), el, radius, horizon)
    analytic = [segment_fraction((e - 0.4) / radius, 1.0) for e in el]
    # 16 midpoint strips: the chord-sum error is ≤ 0.4 % of the disk near grazing (measured 0.31 %).
    np.testing.assert_allclose(strips, analytic, atol=4e-3)
    assert strips[0] == 0.0 and strips[-1] == 1.0


@pytest.mark.parametrize("az, el", [(10.0, 0.9), (45.2, 1.3), (359.8, 0.6), (200.0, 2.05)])
def test_sloping_skyline_matches_brute_force(az, el):
    # A jagged skyline: 2° ridges every 3° of azimuth, sampled at 0.5° (a 720-azimuth mask).
    azimuths = np.arange(720) * 0.5
    horizon = HorizonMask(azimuths, 1.0 + 0.9 * np.sin(np.radians(azimuths) * 120) + 0.3 * np.cos(np.radians(azimuths) * 7))
    for radius in (0.2666, 0.95):  # the Sun and the Earth
        got = disk_fraction(np.array([az]), np.array([el]), radius, horizon)[0]
        # Brute-force sampling noise ≈ 0.2 % (3σ); strip discretisation across a sloping skyline was bounded at
        # 1 % of the disk. Measured over these 8 cases: worst 0.20 % (noise included). Tolerance 0.5 %.
        assert got == pytest.approx(brute_force_fraction(az, el, radius, horizon), abs=0.005)


def test_horizon_mask_validation_and_interpolation():
    mask = HorizonMask(np.arange(8) * 45.0, np.arange(8, dtype=float))
    assert mask.at(22.5) == pytest.approx(0.5)
    assert mask.at(337.5 + 360.0) == pytest.approx(3.5)  # between 7° at 315° and 0° at 0°, wrapped
    with pytest.raises(InputError):
        HorizonMask(np.array([0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]), np.zeros(8))  # not covering 360°
    with pytest.raises(InputError):
        HorizonMask(np.arange(8) * 45.0, np.full(8, np.nan))
