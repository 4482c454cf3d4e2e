"""Earth-centred cislunar dynamics: Earth point mass + J2, Moon and Sun point masses from DE421 Chebyshev
series evaluated inside the kernel, integrated by an adaptive Dormand–Prince 5(4) scheme.

    a = −μ⊕ r/r³ + a_J2(r) + Σ_{Moon, Sun} μ_b [ (r_b − r)/|r_b − r|³ − r_b/|r_b|³ ]

(the bracket is the third-body term in a frame centred on the accelerating Earth). J2 is taken about
the ICRF pole: the pole of date is within 0.2° of it before 2050, which changes the J2 acceleration
by < 0.4 % and the 5-day transfer by metres. Units km, s; times are TDB seconds since J2000.
Tableau: Dormand & Prince (1980), J. Comput. Appl. Math. 6, 19-26 (shared with
``moonbase.orbits.propagate``).
"""

from __future__ import annotations

import math

import numba
import numpy as np

from ..orbits.propagate import _A, _B, _C, _E

#: Earth J2 (EGM2008, unnormalised: 1.08262668e-3) and equatorial radius [km] (WGS-84), as in traffic.launch.
EARTH_J2 = 1.08262668e-3
EARTH_RADIUS_KM = 6378.137

STOP_TIME, STOP_PERILUNE, STOP_IMPACT, STOP_STEPS = 0, 1, 2, 3


@numba.njit(cache=True, inline="always")
def _cheb(t, init, interval, coef, out):
    """Position components of one Chebyshev segment at TDB ``t`` (adds into ``out`` with sign)."""
    n_coef, n_comp, n_rec = coef.shape
    record = int(math.floor((t - init) / interval))
    if record >= n_rec:
        record = n_rec - 1
    if record < 0:
        record = 0
    s = 2.0 * (t - init - record * interval) / interval - 1.0
    s2 = 2.0 * s
    for c in range(n_comp):
        w0 = 0.0
        w1 = 0.0
        for k in range(n_coef - 1):
            w2 = w1
            w1 = w0
            w0 = coef[k, c, record] + (s2 * w1 - w2)
        out[c] = coef[n_coef - 1, c, record] + (s * w0 - w1)


@numba.njit(cache=True)
def bodies(t, init, interval, moon_c, earth_c, emb_c, sun_c, moon, sun):
    """Geocentric Moon and Sun positions [km] at TDB ``t`` into ``moon`` and ``sun``."""
    a = np.empty(3)
    b = np.empty(3)
    _cheb(t, init[0], interval[0], moon_c, a)
    _cheb(t, init[1], interval[1], earth_c, b)
    for k in range(3):
        moon[k] = a[k] - b[k]
    _cheb(t, init[3], interval[3], sun_c, a)
    _cheb(t, init[2], interval[2], emb_c, sun)
    for k in range(3):
        sun[k] = a[k] - sun[k] - b[k]


@numba.njit(cache=True)
def _rhs(t, y, gm, init, interval, moon_c, earth_c, emb_c, sun_c, out):
    """gm = (Earth, Moon, Sun) [km³/s²]; fills out (6,) with the state derivative."""
    x, yy, z = y[0], y[1], y[2]
    r2 = x * x + yy * yy + z * z
    r = math.sqrt(r2)
    r3 = r2 * r
    moon = np.empty(3)
    sun = np.empty(3)
    bodies(t, init, interval, moon_c, earth_c, emb_c, sun_c, moon, sun)
    k = 1.5 * EARTH_J2 * gm[0] * EARTH_RADIUS_KM ** 2 / (r2 * r3)
    zz = 5.0 * z * z / r2
    out[0] = y[3]
    out[1] = y[4]
    out[2] = y[5]
    out[3] = -gm[0] * x / r3 - k * x * (1.0 - zz)
    out[4] = -gm[0] * yy / r3 - k * yy * (1.0 - zz)
    out[5] = -gm[0] * z / r3 - k * z * (3.0 - zz)
    for b in range(2):
        body = moon if b == 0 else sun
        mu = gm[1] if b == 0 else gm[2]
        dx, dy, dz = body[0] - x, body[1] - yy, body[2] - z
        d3 = (dx * dx + dy * dy + dz * dz) ** 1.5
        b3 = (body[0] ** 2 + body[1] ** 2 + body[2] ** 2) ** 1.5
        out[3] += mu * (dx / d3 - body[0] / b3)
        out[4] += mu * (dy / d3 - body[1] / b3)
        out[5] += mu * (dz / d3 - body[2] / b3)


@numba.njit(cache=True)
def _step(t, y, h, gm, init, interval, moon_c, earth_c, emb_c, sun_c, k, y_new):
    """One Dormand–Prince step from (t, y) of length h; returns the scaled error norm numerator terms."""
    _rhs(t, y, gm, init, interval, moon_c, earth_c, emb_c, sun_c, k[0])
    ys = np.empty(6)
    for stage in range(1, 7):
        for c in range(6):
            acc = y[c]
            for m in range(stage):
                acc += h * _A[stage, m] * k[m, c]
            ys[c] = acc
        _rhs(t + _C[stage] * h, ys, gm, init, interval, moon_c, earth_c, emb_c, sun_c, k[stage])
    err = np.empty(6)
    for c in range(6):
        incr = 0.0
        e = 0.0
        for stage in range(7):
            incr += _B[stage] * k[stage, c]
            e += _E[stage] * k[stage, c]
        y_new[c] = y[c] + h * incr
        err[c] = h * e
    return err


@numba.njit(cache=True)
def _moon_radial(t, y, init, interval, moon_c, earth_c, emb_c, sun_c):
    """(distance to the Moon [km], radial speed relative to the Moon [km/s]) by finite-difference Moon velocity."""
    moon = np.empty(3)
    sun = np.empty(3)
    ahead = np.empty(3)
    bodies(t, init, interval, moon_c, earth_c, emb_c, sun_c, moon, sun)
    bodies(t + 1.0, init, interval, moon_c, earth_c, emb_c, sun_c, ahead, sun)
    d = 0.0
    rd = 0.0
    for c in range(3):
        rel = y[c] - moon[c]
        d += rel * rel
        rd += rel * (y[3 + c] - (ahead[c] - moon[c]))
    d = math.sqrt(d)
    return d, rd / d


@numba.njit(cache=True)
def integrate(y0, t0, t_max, gm, init, interval, moon_c, earth_c, emb_c, sun_c, rtol, atol,
              stop_at_perilune, min_time_s, moon_floor_km, record_every):
    """Integrate from (t0, y0) to t_max, or to the first perilune after ``min_time_s`` when asked.

    Returns (t_end, y_end (6,), stop code, recorded (M, 7) [t, state] every ``record_every``-th step).
    A perilune is found by the sign change of the Moon-relative radial speed, refined by secant
    iterations on the step length (to < 1 ms).
    """
    y = y0.copy()
    t = t0
    h = 30.0
    k = np.empty((7, 6))
    y_new = np.empty(6)
    capacity = 4096
    recorded = np.empty((capacity, 7))
    n_rec = 0
    recorded[0, 0] = t
    recorded[0, 1:] = y
    n_rec = 1
    steps = 0
    _, rd_prev = _moon_radial(t, y, init, interval, moon_c, earth_c, emb_c, sun_c)
    code = STOP_TIME
    while t < t_max:
        if t + h > t_max:
            h = t_max - t
        err = _step(t, y, h, gm, init, interval, moon_c, earth_c, emb_c, sun_c, k, y_new)
        norm = 0.0
        for c in range(6):
            scale = atol + rtol * max(abs(y[c]), abs(y_new[c]))
            norm += (err[c] / scale) ** 2
        norm = math.sqrt(norm / 6.0)
        if norm <= 1.0:
            steps += 1
            d, rd = _moon_radial(t + h, y_new, init, interval, moon_c, earth_c, emb_c, sun_c)
            if d < moon_floor_km:
                code = STOP_IMPACT
            if stop_at_perilune and t + h - t0 > min_time_s and rd_prev < 0.0 and rd >= 0.0 and d < 1.0e5:
                # Secant on the step length for the zero of the radial speed.
                h_a, f_a = 0.0, rd_prev
                h_b, f_b = h, rd
                y_try = np.empty(6)
                for _ in range(30):
                    h_c = h_b - f_b * (h_b - h_a) / (f_b - f_a)
                    if not (0.0 < h_c < h):
                        h_c = 0.5 * (h_a + h_b)
                    _step(t, y, h_c, gm, init, interval, moon_c, earth_c, emb_c, sun_c, k, y_try)
                    _, f_c = _moon_radial(t + h_c, y_try, init, interval, moon_c, earth_c, emb_c, sun_c)
                    h_a, f_a, h_b, f_b = h_b, f_b, h_c, f_c
                    if abs(h_b - h_a) < 1e-4:
                        break
                t = t + h_b
                y[:] = y_try
                code = STOP_PERILUNE
            else:
                t += h
                y[:] = y_new
                rd_prev = rd
            if record_every > 0 and (steps % record_every == 0 or code != STOP_TIME):
                if n_rec == capacity:
                    bigger = np.empty((2 * capacity, 7))
                    bigger[:n_rec] = recorded[:n_rec]
                    recorded = bigger
                    capacity *= 2
                recorded[n_rec, 0] = t
                recorded[n_rec, 1:] = y
                n_rec += 1
            if code != STOP_TIME:
                break
            factor = 5.0 if norm == 0.0 else min(5.0, max(0.2, 0.9 * norm ** -0.2))
        else:
            factor = max(0.2, 0.9 * norm ** -0.2)
        h *= factor
        if steps > 200_000:
            code = STOP_STEPS
            break
    return t, y, code, recorded[:n_rec]


@numba.njit(parallel=True, cache=True)
def integrate_batch(y0s, t0s, t_max, gm, init, interval, moon_c, earth_c, emb_c, sun_c, rtol, atol, min_time_s,
                    moon_floor_km):
    """Integrate N initial states (N, 6) from epochs t0s (N,) to their first perilune (in parallel).

    Returns end times (N,), end states (N, 6) and stop codes (N,).
    """
    n = y0s.shape[0]
    t_end = np.empty(n)
    y_end = np.empty((n, 6))
    codes = np.empty(n, dtype=np.int64)
    for i in numba.prange(n):
        t, y, code, _ = integrate(y0s[i], t0s[i], t_max[i], gm, init, interval, moon_c, earth_c, emb_c, sun_c,
                                  rtol, atol, True, min_time_s, moon_floor_km, 0)
        t_end[i] = t
        y_end[i] = y
        codes[i] = code
    return t_end, y_end, codes


@numba.njit(cache=True)
def moon_state(t, init, interval, moon_c, earth_c, emb_c, sun_c):
    """Geocentric Moon position [km] and velocity [km/s] at TDB ``t`` (velocity by a ±0.5 s central difference,
    error < 1e-9 km/s)."""
    p = np.empty(3)
    a = np.empty(3)
    b = np.empty(3)
    sun = np.empty(3)
    bodies(t, init, interval, moon_c, earth_c, emb_c, sun_c, p, sun)
    bodies(t + 0.5, init, interval, moon_c, earth_c, emb_c, sun_c, a, sun)
    bodies(t - 0.5, init, interval, moon_c, earth_c, emb_c, sun_c, b, sun)
    return p, a - b


@numba.njit(cache=True)
def arrival_figures(t, y, pole, gm_moon, init, interval, moon_c, earth_c, emb_c, sun_c):
    """B-plane figures of the Moon-relative osculating hyperbola at (t, y).

    Returns [B·T, B·R (km), v∞ (km/s), perilune radius (km), inclination to the pole (deg), R̂·p̂,
    eccentricity]; v∞ is NaN when the state is bound to the Moon.
    """
    out = np.full(7, np.nan)
    m_r, m_v = moon_state(t, init, interval, moon_c, earth_c, emb_c, sun_c)
    r = y[:3] - m_r
    v = y[3:] - m_v
    rn = math.sqrt(r[0] ** 2 + r[1] ** 2 + r[2] ** 2)
    vn2 = v[0] ** 2 + v[1] ** 2 + v[2] ** 2
    h = np.array([r[1] * v[2] - r[2] * v[1], r[2] * v[0] - r[0] * v[2], r[0] * v[1] - r[1] * v[0]])
    hn = math.sqrt(h[0] ** 2 + h[1] ** 2 + h[2] ** 2)
    h_hat = h / hn
    e_vec = np.array([v[1] * h[2] - v[2] * h[1], v[2] * h[0] - v[0] * h[2], v[0] * h[1] - v[1] * h[0]]) / gm_moon - r / rn
    e = math.sqrt(e_vec[0] ** 2 + e_vec[1] ** 2 + e_vec[2] ** 2)
    energy = 0.5 * vn2 - gm_moon / rn
    out[4] = math.degrees(math.acos(min(1.0, max(-1.0, h_hat[0] * pole[0] + h_hat[1] * pole[1] + h_hat[2] * pole[2]))))
    out[6] = e
    if energy <= 0.0 or e <= 1.0:
        return out
    vinf = math.sqrt(2.0 * energy)
    a = gm_moon / vinf ** 2  # |a|
    p_hat = e_vec / e
    q_hat = np.array([h_hat[1] * p_hat[2] - h_hat[2] * p_hat[1], h_hat[2] * p_hat[0] - h_hat[0] * p_hat[2],
                      h_hat[0] * p_hat[1] - h_hat[1] * p_hat[0]])
    s = p_hat / e + math.sqrt(1.0 - 1.0 / (e * e)) * q_hat
    b = a * math.sqrt(e * e - 1.0)
    b_vec = b * np.array([s[1] * h_hat[2] - s[2] * h_hat[1], s[2] * h_hat[0] - s[0] * h_hat[2], s[0] * h_hat[1] - s[1] * h_hat[0]])
    t_hat = np.array([s[1] * pole[2] - s[2] * pole[1], s[2] * pole[0] - s[0] * pole[2], s[0] * pole[1] - s[1] * pole[0]])
    t_hat /= math.sqrt(t_hat[0] ** 2 + t_hat[1] ** 2 + t_hat[2] ** 2)
    r_hat = np.array([s[1] * t_hat[2] - s[2] * t_hat[1], s[2] * t_hat[0] - s[0] * t_hat[2], s[0] * t_hat[1] - s[1] * t_hat[0]])
    out[0] = b_vec[0] * t_hat[0] + b_vec[1] * t_hat[1] + b_vec[2] * t_hat[2]
    out[1] = b_vec[0] * r_hat[0] + b_vec[1] * r_hat[1] + b_vec[2] * r_hat[2]
    out[2] = vinf
    out[3] = a * (e - 1.0)
    out[5] = r_hat[0] * pole[0] + r_hat[1] * pole[1] + r_hat[2] * pole[2]
    return out
