"""Lambert's problem (single revolution) by the universal-variable method, numba-compiled and batched.

Formulation of Bate, Mueller & White (1971, *Fundamentals of Astrodynamics*, §5.3) as written by
Curtis (2014, *Orbital Mechanics for Engineering Students*, 3rd ed., Algorithm 5.2): with the
Stumpff functions C(z), S(z) and

    A = sin Δθ · sqrt(r1 r2 / (1 − cos Δθ)),   y(z) = r1 + r2 + A (z S − 1) / sqrt(C),
    F(z) = (y / C)^{3/2} S + A sqrt(y) − sqrt(μ) Δt,

the root of F (monotonic in z for zero revolutions) gives the Lagrange coefficients
f = 1 − y/r1, g = A sqrt(y/μ), ġ = 1 − y/r2 and the terminal velocities. The root is found by
Newton's method with the analytic derivative F'(z), safeguarded by a bisection bracket
(z in (z_min, 4π²)), so every case with a solution converges.

Units: any consistent set (km, s, km³/s² in Moonbase). Δθ is the prograde angle about ``normal``
(the reference orbit normal): the transfer goes the short way when (r1 × r2)·normal ≥ 0.
"""

from __future__ import annotations

import math

import numba
import numpy as np

#: Status codes of :func:`lambert_batch`.
OK, NO_SOLUTION, NOT_CONVERGED = 0, 1, 2
_TWO_PI_SQ = 4.0 * math.pi * math.pi


@numba.njit(cache=True, inline="always")
def _stumpff(z):
    """C(z), S(z) (series near zero, where the closed forms lose digits)."""
    if z > 1e-3:
        s = math.sqrt(z)
        return (1.0 - math.cos(s)) / z, (s - math.sin(s)) / (s * s * s)
    if z < -1e-3:
        s = math.sqrt(-z)
        return (math.cosh(s) - 1.0) / (-z), (math.sinh(s) - s) / (s * s * s)
    return (0.5 - z / 24.0 + z * z / 720.0 - z * z * z / 40320.0,
            1.0 / 6.0 - z / 120.0 + z * z / 5040.0 - z * z * z / 362880.0)


@numba.njit(cache=True)
def lambert_one(mu, r1, r2, tof, normal, out_v1, out_v2, rtol=1e-12, max_iter=60):
    """Solve one case in place; returns a status code (``OK``, ``NO_SOLUTION``, ``NOT_CONVERGED``)."""
    r1n = math.sqrt(r1[0] ** 2 + r1[1] ** 2 + r1[2] ** 2)
    r2n = math.sqrt(r2[0] ** 2 + r2[1] ** 2 + r2[2] ** 2)
    cx = r1[1] * r2[2] - r1[2] * r2[1]
    cy = r1[2] * r2[0] - r1[0] * r2[2]
    cz = r1[0] * r2[1] - r1[1] * r2[0]
    cos_dt = (r1[0] * r2[0] + r1[1] * r2[1] + r1[2] * r2[2]) / (r1n * r2n)
    cos_dt = min(1.0, max(-1.0, cos_dt))
    sin_dt = math.sqrt(cx * cx + cy * cy + cz * cz) / (r1n * r2n)
    if cx * normal[0] + cy * normal[1] + cz * normal[2] < 0.0:
        sin_dt = -sin_dt  # the long way round (Δθ > 180°)
    if abs(1.0 - cos_dt) < 1e-14 or abs(sin_dt) < 1e-10 or tof <= 0.0:
        return NO_SOLUTION  # 0° or 180°: the transfer plane is undefined
    A = sin_dt * math.sqrt(r1n * r2n / (1.0 - cos_dt))
    target = math.sqrt(mu) * tof

    # Bracket: y(z) > 0 on the low side; z < 4π² (one revolution) on the high side.
    z_hi = _TWO_PI_SQ * (1.0 - 1e-12)
    z_lo = -4.0 * _TWO_PI_SQ
    # For A > 0, y(z) < 0 at low z: the iteration treats that region as 'too low' and bisects up.
    # Fast (strongly hyperbolic) transfers: extend the low side until the time there is short enough.
    for _ in range(12):
        C, S = _stumpff(z_lo)
        y = r1n + r2n + A * (z_lo * S - 1.0) / math.sqrt(C)
        if y <= 0.0 or (y / C) ** 1.5 * S + A * math.sqrt(y) < target or z_lo < -4.0e4:
            break
        z_lo *= 2.0
    z = 0.0
    for _ in range(max_iter):
        C, S = _stumpff(z)
        y = r1n + r2n + A * (z * S - 1.0) / math.sqrt(C)
        if y <= 0.0:  # outside the domain: bisect towards the valid side
            z_lo = z
            z = 0.5 * (z_lo + z_hi)
            continue
        chi3 = (y / C) ** 1.5
        F = chi3 * S + A * math.sqrt(y) - target
        if F > 0.0:
            z_hi = z
        else:
            z_lo = z
        if abs(F) <= rtol * target:
            break
        if abs(z) > 1e-6:
            dF = chi3 * ((C - 1.5 * S / C) / (2.0 * z) + 0.75 * S * S / C) + A / 8.0 * (3.0 * S / C * math.sqrt(y) + A * math.sqrt(C / y))
        else:
            dF = math.sqrt(2.0) / 40.0 * y ** 1.5 + A / 8.0 * (math.sqrt(y) + A * math.sqrt(0.5 / y))
        z_new = z - F / dF if dF > 0.0 else 0.5 * (z_lo + z_hi)
        if not (z_lo < z_new < z_hi):
            z_new = 0.5 * (z_lo + z_hi)
        if abs(z_new - z) < 1e-15 * max(1.0, abs(z)):
            z = z_new
            break
        z = z_new
    C, S = _stumpff(z)
    y = r1n + r2n + A * (z * S - 1.0) / math.sqrt(C)
    if y <= 0.0:
        return NO_SOLUTION
    if abs((y / C) ** 1.5 * S + A * math.sqrt(y) - target) > 1e-9 * target:
        return NOT_CONVERGED
    f = 1.0 - y / r1n
    g = A * math.sqrt(y / mu)
    gdot = 1.0 - y / r2n
    for k in range(3):
        out_v1[k] = (r2[k] - f * r1[k]) / g
        out_v2[k] = (gdot * r2[k] - r1[k]) / g
    return OK


@numba.njit(parallel=True, cache=True)
def lambert_batch(mu, r1, r2, tof, normal):
    """Solve N cases: r1, r2 (N, 3), tof (N,), normal (N, 3) → v1, v2 (N, 3) and status (N,) int8.

    Cases without a solution have NaN velocities and a non-zero status.
    """
    n = tof.shape[0]
    v1 = np.full((n, 3), np.nan)
    v2 = np.full((n, 3), np.nan)
    status = np.zeros(n, dtype=np.int8)
    for i in numba.prange(n):
        a = np.empty(3)
        b = np.empty(3)
        code = lambert_one(mu, r1[i], r2[i], tof[i], normal[i], a, b)
        status[i] = code
        if code == OK:
            v1[i] = a
            v2[i] = b
    return v1, v2, status


@numba.njit(cache=True)
def _tli_cost(mu, r_park, r2, tof, h, theta, v1, v2):
    """TLI Δv [km/s] from the circular orbit of radius ``r_park`` in the plane ⟂ ``h`` containing ``r2``,
    departing ``theta`` [rad] before ``r2`` (prograde about ``h``); fills v1, v2."""
    r2n = math.sqrt(r2[0] ** 2 + r2[1] ** 2 + r2[2] ** 2)
    u = np.empty(3)
    w = np.empty(3)
    r1 = np.empty(3)
    for k in range(3):
        u[k] = r2[k] / r2n
    w[0] = h[1] * u[2] - h[2] * u[1]
    w[1] = h[2] * u[0] - h[0] * u[2]
    w[2] = h[0] * u[1] - h[1] * u[0]
    c, s = math.cos(theta), math.sin(theta)
    for k in range(3):
        r1[k] = r_park * (c * u[k] - s * w[k])
    if lambert_one(mu, r1, r2, tof, h, v1, v2) != OK:
        return np.inf
    vc = math.sqrt(mu / r_park)
    # Circular velocity at r1: h × r̂1.
    t0 = (h[1] * r1[2] - h[2] * r1[1]) / r_park
    t1 = (h[2] * r1[0] - h[0] * r1[2]) / r_park
    t2 = (h[0] * r1[1] - h[1] * r1[0]) / r_park
    return math.sqrt((v1[0] - vc * t0) ** 2 + (v1[1] - vc * t1) ** 2 + (v1[2] - vc * t2) ** 2)


@numba.njit(cache=True)
def tli_cell(mu, r_park, r2, tof, h, theta_lo, theta_hi, v1, v2):
    """One porkchop cell: (least TLI Δv [km/s], departure angle [rad]); v1, v2 filled for that angle.

    Δv(θ) is smooth and convex over the bracket: a parabola through θ_lo, the middle and θ_hi, then its
    vertex (clamped to the bracket), and the best of the four: four Lambert arcs.
    """
    t_a, t_c = theta_lo, theta_hi
    t_b = 0.5 * (t_a + t_c)
    f_a = _tli_cost(mu, r_park, r2, tof, h, t_a, v1, v2)
    f_b = _tli_cost(mu, r_park, r2, tof, h, t_b, v1, v2)
    f_c = _tli_cost(mu, r_park, r2, tof, h, t_c, v1, v2)
    num = (t_b - t_a) ** 2 * (f_b - f_c) - (t_b - t_c) ** 2 * (f_b - f_a)
    den = (t_b - t_a) * (f_b - f_c) - (t_b - t_c) * (f_b - f_a)
    x = t_b
    if den != 0.0 and np.isfinite(num) and np.isfinite(den):
        x = min(max(t_b - 0.5 * num / den, t_a), t_c)
    f_x = _tli_cost(mu, r_park, r2, tof, h, x, v1, v2)
    best_f, best_x = f_x, x
    if f_a < best_f:
        best_f, best_x = f_a, t_a
    if f_b < best_f:
        best_f, best_x = f_b, t_b
    if f_c < best_f:
        best_f, best_x = f_c, t_c
    if best_x != x:
        best_f = _tli_cost(mu, r_park, r2, tof, h, best_x, v1, v2)
    return best_f, best_x


@numba.njit(parallel=True, cache=True)
def tli_porkchop(mu, r_park, r2, tof, h, theta_lo, theta_hi):
    """Least TLI Δv over the departure angle for N (arrival position, time of flight) cells.

    ``r2`` (N, 3) arrival positions [km], ``tof`` (N,) [s], ``h`` (N, 3) unit normals of the transfer plane.
    The departure angle before ``r2`` is chosen in [theta_lo, theta_hi] [rad] by :func:`tli_cell`. Returns Δv (N,) [km/s], θ (N,) [rad],
    v1 and v2 (N, 3) [km/s] of the best transfer (NaN where no transfer exists).
    """
    n = tof.shape[0]
    dv = np.full(n, np.nan)
    theta_best = np.full(n, np.nan)
    v1_out = np.full((n, 3), np.nan)
    v2_out = np.full((n, 3), np.nan)
    for i in numba.prange(n):
        v1 = np.empty(3)
        v2 = np.empty(3)
        f, x = tli_cell(mu, r_park, r2[i], tof[i], h[i], theta_lo, theta_hi, v1, v2)
        if f < np.inf:
            dv[i] = f
            theta_best[i] = x
            v1_out[i] = v1
            v2_out[i] = v2
    return dv, theta_best, v1_out, v2_out
