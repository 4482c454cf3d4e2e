"""Lambert kernel against lamberthub (independent implementation of Izzo 2015), and the porkchop."""

from __future__ import annotations

import numpy as np
import pytest

from moonbase.access.conics import tli_from_circular
from moonbase.access.porkchop import porkchop
from moonbase.kernels.lambert import NO_SOLUTION, OK, lambert_batch
from moonbase.orbits.elements import GM_EARTH

lamberthub = pytest.importorskip("lamberthub")


def _grid():
    """Earth-centred cases: LEO-to-lunar-distance and random geometries, 0.05 to 6 days, short and long way."""
    rng = np.random.default_rng(2026)
    n = 400
    r1 = rng.normal(size=(n, 3)) * 8_000.0
    r2 = rng.normal(size=(n, 3)) * rng.choice([20_000.0, 60_000.0, 220_000.0], size=(n, 1))
    tof = rng.uniform(0.05, 6.0, n) * 86_400.0
    return r1, r2, tof


def test_lambert_matches_lamberthub_izzo2015_on_a_grid():
    r1, r2, tof = _grid()
    normal = np.tile([0.0, 0.0, 1.0], (len(tof), 1))  # prograde about +z, lamberthub's convention
    v1, v2, status = lambert_batch(GM_EARTH, r1, r2, tof, normal)
    assert (status == OK).all()
    worst = 0.0
    for i in range(len(tof)):
        a, b = lamberthub.izzo2015(GM_EARTH, r1[i], r2[i], tof[i], rtol=1e-12, atol=1e-12, maxiter=100)
        worst = max(worst, np.linalg.norm(a - v1[i]), np.linalg.norm(b - v2[i]))
    # Measured 1e-11 km/s (both converge to 1e-12 in time); 1 mm/s would be a real disagreement.
    assert worst < 1e-6


def test_lambert_retrograde_matches_lamberthub():
    r1, r2, tof = _grid()
    normal = np.tile([0.0, 0.0, -1.0], (len(tof), 1))
    v1, _, status = lambert_batch(GM_EARTH, r1[:50], r2[:50], tof[:50], normal[:50])
    for i in range(50):
        a, _ = lamberthub.izzo2015(GM_EARTH, r1[i], r2[i], tof[i], prograde=False, rtol=1e-12, atol=1e-12, maxiter=100)
        assert np.linalg.norm(a - v1[i]) < 1e-6


def test_lambert_rejects_a_180_degree_transfer_and_zero_time():
    r1 = np.array([[7000.0, 0, 0], [7000.0, 0, 0]])
    r2 = np.array([[-384_400.0, 0, 0], [0, 384_400.0, 0]])
    _, _, status = lambert_batch(GM_EARTH, r1, r2, np.array([4.0 * 86400, 0.0]), np.tile([0, 0, 1.0], (2, 1)))
    assert list(status) == [NO_SOLUTION, NO_SOLUTION]


def test_lambert_hohmann_reproduces_vis_viva():
    """A near-Hohmann arc (179.9°, half the ellipse period) from a 200 km circular orbit: Lambert's Δv is vis-viva's."""
    r_p, r_a = 6378.137 + 200.0, 384_400.0
    a = 0.5 * (r_p + r_a)
    half_period = np.pi * np.sqrt(a ** 3 / GM_EARTH)
    theta = np.radians(179.9)
    r1 = np.array([[r_p, 0.0, 0.0]])
    r2 = np.array([[r_a * np.cos(theta), r_a * np.sin(theta), 0.0]])
    # At 179.9° the arc reaches r_a just before apogee: its time is half the period less ~0.1°'s worth.
    v1, _, _ = lambert_batch(GM_EARTH, r1, r2, np.array([half_period * 0.99995]), np.array([[0, 0, 1.0]]))
    dv = np.linalg.norm(v1[0]) - np.sqrt(GM_EARTH / r_p)
    assert abs(dv - float(tli_from_circular(200.0, r_a))) < 0.002  # km/s; measured 0.2 m/s


def test_porkchop_shape_and_physics():
    days = np.datetime64("2030-01-01") + np.arange(5)
    chop = porkchop(days, np.linspace(3.0, 6.0, 7), 200.0)
    assert chop.tli_dv_km_s.shape == (5, 7)
    assert np.isfinite(chop.tli_dv_km_s).all()
    # Every cell lies between vis-viva to perigee-distance apogee (3.10) and a 3-day transfer's cost.
    assert 3.10 < np.nanmin(chop.tli_dv_km_s) and np.nanmax(chop.tli_dv_km_s) < 3.20
    # Faster transfers cost more at TLI and arrive faster.
    assert (chop.tli_dv_km_s[:, 0] > chop.tli_dv_km_s[:, 3]).all()
    assert (chop.arrival_vinf_km_s[:, 0] > chop.arrival_vinf_km_s[:, 3]).all()
    best = chop.best()
    assert 4.0 <= best["tof_days"] <= 6.0


def test_porkchop_departure_angle_matches_a_brute_force_scan():
    """The parabolic choice of departure angle against a 0.05° scan of [160°, 179.5°] with the same Lambert
    arcs: measured ≤ 0.13 m/s over the 2030 porkchop; bound 0.5 m/s."""
    from moonbase.access.geocentric import moon_geocentric, tdb_from_utc

    days = np.datetime64("2030-04-01") + np.arange(0, 30, 10)
    tofs = np.linspace(2.5, 6.0, 8)
    chop = porkchop(days, tofs, 200.0)
    theta = np.radians(np.arange(160.0, 179.5001, 0.05))
    r_park = 6378.137 + 200.0
    for i, day in enumerate(days):
        for j, tof in enumerate(tofs):
            tdb = tdb_from_utc(np.array([day]))[0] + tof * 86400.0
            m, v = moon_geocentric(np.array([tdb]))
            u = m[:, 0] / np.linalg.norm(m[:, 0])
            h = np.cross(m[:, 0], v[:, 0])
            h /= np.linalg.norm(h)
            w = np.cross(h, u)
            r1 = r_park * (np.cos(theta)[:, None] * u - np.sin(theta)[:, None] * w)
            n = len(theta)
            v1, _, _ = lambert_batch(GM_EARTH, r1, np.tile(m[:, 0], (n, 1)), np.full(n, tof * 86400.0), np.tile(h, (n, 1)))
            vc = np.sqrt(GM_EARTH / r_park) * np.cross(h, r1 / r_park)
            best = np.nanmin(np.linalg.norm(v1 - vc, axis=1))
            assert abs(chop.tli_dv_km_s[i, j] - best) < 0.0005
