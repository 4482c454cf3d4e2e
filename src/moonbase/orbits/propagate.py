"""Numerical propagation of lunar orbits: point-mass Moon, J2 and C22, Earth and Sun as third bodies.

Equations of motion in Moon-centred ICRF axes:

    a = −μ r/|r|³ + a_grav(R_PA r) + Σ_b μ_b [ (r_b − r)/|r_b − r|³ − r_b/|r_b|³ ]

with the harmonic terms evaluated in the MOON_PA_DE421 frame (the frame lunar gravity fields are
given in) and the Earth's and the Sun's geometric positions from DE421. These are sampled every
30 min and interpolated with cubic Catmull-Rom segments (error < 1 m).
Integrator: adaptive Dormand–Prince 5(4), numba-compiled, relative tolerance 1e-11.

Lunar gravity coefficients (unnormalised, reference radius 1738.0 km), GRAIL field GRGM1200A
(Lemoine et al. 2014) as recalled [M]: J2 = 2.0330530e-4, C22 = 2.2392e-5; the "reference" model
adds J3 = 8.4597e-6 and J4 = -9.7075e-6 (zonal signs as J_n = −C_n0) [M] to state the accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass

import math

import numba
import numpy as np

from ..constants import MOON_RADIUS_KM
from ..ephemeris import LunarEphemeris
from ..errors import InputError
from ..timegrid import tdb_seconds, to_time
from .elements import GM_EARTH, GM_MOON, GM_SUN

#: Lunar gravity field (see the module docstring): reference radius [km] and unnormalised coefficients,
#: GRAIL GRGM1200A as recalled [M], to check against the field's coefficient file (NASA PDS Geosciences Node, GRAIL).
MOON_GRAVITY_RADIUS_KM = 1738.0
J2, C22 = 2.0330530e-4, 2.2392e-5
J3, J4 = 8.4597e-6, -9.7075e-6

MODELS = ("two-body", "standard", "reference")


@dataclass
class Environment:
    """The Earth's and the Sun's Moon-centred positions and the ICRF→PA rotation on a uniform time grid.

    Interpolated with cubic Catmull-Rom segments (error ~ (ω·step)⁴·distance: < 1 m for the Earth at a
    30-min step).
    """

    t0_tdb_s: float       # time of the first sample, relative to origin_tdb_s [s]
    step_s: float
    earth: np.ndarray     # (N, 3) km
    sun: np.ndarray       # (N, 3) km
    rotation: np.ndarray  # (N, 9) row-major ICRF → PA matrices
    origin_tdb_s: float = 0.0  # TDB seconds since J2000 of offset 0

    @classmethod
    def build(cls, ephemeris: LunarEphemeris, tdb_start_s: float, tdb_end_s: float, step_s: float = 1800.0):
        samples = np.arange(tdb_start_s - 2 * step_s, tdb_end_s + 3 * step_s, step_s)
        ephemeris.check_span(samples)
        moon_p, moon_v = ephemeris._moon_ssb(samples)
        earth = ephemeris._from_moon(ephemeris._earth_ssb, samples, moon_p, moon_v, "geometric")
        sun = ephemeris._from_moon(ephemeris._sun.position, samples, moon_p, moon_v, "geometric")
        basis = np.eye(3)
        columns = [ephemeris.icrf_to_frame(np.repeat(basis[:, [k]], len(samples), axis=1), samples, "MOON_PA") for k in range(3)]
        matrices = np.stack(columns, axis=1)  # (3 rows, 3 cols, T): R[:, k] = R e_k
        return cls(float(samples[0] - tdb_start_s), step_s, np.ascontiguousarray(earth.T),
                   np.ascontiguousarray(sun.T), np.ascontiguousarray(matrices.reshape(9, -1).T), float(tdb_start_s))


@numba.njit(cache=True, inline="always")
def _interp(table, t, t0, step, out):
    """Catmull-Rom cubic interpolation of every column of ``table`` at time ``t``."""
    x = (t - t0) / step
    i = int(math.floor(x))
    i = min(max(i, 1), table.shape[0] - 3)
    u = x - i
    u2 = u * u
    u3 = u2 * u
    w0 = -0.5 * u3 + u2 - 0.5 * u
    w1 = 1.5 * u3 - 2.5 * u2 + 1.0
    w2 = -1.5 * u3 + 2.0 * u2 + 0.5 * u
    w3 = 0.5 * u3 - 0.5 * u2
    for c in range(table.shape[1]):
        out[c] = w0 * table[i - 1, c] + w1 * table[i, c] + w2 * table[i + 1, c] + w3 * table[i + 2, c]


@numba.njit(cache=True)
def _zonal_potential(x, y, z, j3, j4):
    r = math.sqrt(x * x + y * y + z * z)
    s = z / r
    q = MOON_GRAVITY_RADIUS_KM / r
    p3 = 0.5 * (5 * s ** 3 - 3 * s)
    p4 = (35 * s ** 4 - 30 * s ** 2 + 3) / 8
    return -GM_MOON / r * (j3 * q ** 3 * p3 + j4 * q ** 4 * p4)


@numba.njit(cache=True)
def _accel(t, r, t0, step, earth, sun, rotation, model, j2, c22):
    """Acceleration [km/s²] in Moon-centred ICRF axes; model 0 two-body, 1 standard, 2 reference."""
    x, y, z = r[0], r[1], r[2]
    rn = math.sqrt(x * x + y * y + z * z)
    acc = np.empty(3)
    for k in range(3):
        acc[k] = -GM_MOON * r[k] / rn ** 3
    if model == 0:
        return acc
    m = np.empty(9)
    _interp(rotation, t, t0, step, m)
    px = m[0] * x + m[1] * y + m[2] * z
    py = m[3] * x + m[4] * y + m[5] * z
    pz = m[6] * x + m[7] * y + m[8] * z
    r2 = px * px + py * py + pz * pz
    rr = math.sqrt(r2)
    R = MOON_GRAVITY_RADIUS_KM
    zr2 = pz * pz / r2
    factor = -1.5 * j2 * GM_MOON * R * R / r2 ** 2.5
    ax = factor * px * (1 - 5 * zr2)
    ay = factor * py * (1 - 5 * zr2)
    az = factor * pz * (3 - 5 * zr2)
    # C22: U = 3 μ R² C22 (x² − y²) / r⁵, acceleration = ∇U.
    k22 = 3 * GM_MOON * R * R * c22
    q = px * px - py * py
    ax += k22 * (2 * px / rr ** 5 - 5 * px * q / rr ** 7)
    ay += k22 * (-2 * py / rr ** 5 - 5 * py * q / rr ** 7)
    az += k22 * (-5 * pz * q / rr ** 7)
    if model == 2:
        # V_n = −(μ/r) J_n (R/r)^n P_n(sin φ); acceleration = +∇V_n by central differences (1 m step).
        h = 1e-3
        ax += (_zonal_potential(px + h, py, pz, J3, J4) - _zonal_potential(px - h, py, pz, J3, J4)) / (2 * h)
        ay += (_zonal_potential(px, py + h, pz, J3, J4) - _zonal_potential(px, py - h, pz, J3, J4)) / (2 * h)
        az += (_zonal_potential(px, py, pz + h, J3, J4) - _zonal_potential(px, py, pz - h, J3, J4)) / (2 * h)
    # Back to ICRF with the transpose.
    acc[0] += m[0] * ax + m[3] * ay + m[6] * az
    acc[1] += m[1] * ax + m[4] * ay + m[7] * az
    acc[2] += m[2] * ax + m[5] * ay + m[8] * az
    body = np.empty(3)
    for table, gm in ((earth, GM_EARTH), (sun, GM_SUN)):
        _interp(table, t, t0, step, body)
        dx, dy, dz = body[0] - x, body[1] - y, body[2] - z
        d3 = (dx * dx + dy * dy + dz * dz) ** 1.5
        b3 = (body[0] ** 2 + body[1] ** 2 + body[2] ** 2) ** 1.5
        acc[0] += gm * (dx / d3 - body[0] / b3)
        acc[1] += gm * (dy / d3 - body[1] / b3)
        acc[2] += gm * (dz / d3 - body[2] / b3)
    return acc


@numba.njit(cache=True)
def _rhs(t, y, t0, step, earth, sun, rotation, model, j2, c22):
    out = np.empty(6)
    out[:3] = y[3:]
    out[3:] = _accel(t, y[:3], t0, step, earth, sun, rotation, model, j2, c22)
    return out


def acceleration(t_offset_s: float, r: np.ndarray, env: Environment, model: str) -> np.ndarray:
    """Total acceleration [km/s²] in Moon-centred ICRF axes at ``t_offset_s`` after the environment start."""
    return _accel(float(t_offset_s), np.asarray(r, float), env.t0_tdb_s, env.step_s, env.earth, env.sun,
                  env.rotation, MODELS.index(model), J2, C22)


# Dormand & Prince (1980) 5(4) coefficients (J. Comput. Appl. Math. 6, 19-26), the tableau of RK45/ode45.
_C = np.array([0.0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1.0, 1.0])
_A = np.array([
    [0, 0, 0, 0, 0, 0],
    [1 / 5, 0, 0, 0, 0, 0],
    [3 / 40, 9 / 40, 0, 0, 0, 0],
    [44 / 45, -56 / 15, 32 / 9, 0, 0, 0],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729, 0, 0],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656, 0],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
])
_B = np.array([35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0])
_E = np.array([71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40])  # b − b*


@numba.njit(cache=True)
def _integrate(y0, t_out, t0, step, earth, sun, rotation, model, j2, c22, rtol, atol, floor_km):
    """Adaptive Dormand-Prince 5(4) with steps ending exactly on each output time.

    Returns (states (T, 6), index of the first output after an impact or -1, impact time).
    """
    n_out = t_out.shape[0]
    out = np.empty((n_out, 6))
    y = y0.copy()
    t = t_out[0]
    out[0] = y
    h = 10.0
    k = np.empty((7, 6))
    for j in range(1, n_out):
        target = t_out[j]
        while t < target:
            h = min(h, target - t)
            k[0] = _rhs(t, y, t0, step, earth, sun, rotation, model, j2, c22)
            for stage in range(1, 7):
                ys = y.copy()
                for m in range(stage):
                    ys += h * _A[stage, m] * k[m]
                k[stage] = _rhs(t + _C[stage] * h, ys, t0, step, earth, sun, rotation, model, j2, c22)
            y_new = y.copy()
            err = 0.0
            for c in range(6):
                incr = 0.0
                e = 0.0
                for stage in range(7):
                    incr += _B[stage] * k[stage, c]
                    e += _E[stage] * k[stage, c]
                y_new[c] = y[c] + h * incr
                scale = atol + rtol * max(abs(y[c]), abs(y_new[c]))
                err += (h * e / scale) ** 2
            err = math.sqrt(err / 6.0)
            if err <= 1.0:
                t += h
                y = y_new
                if math.sqrt(y[0] ** 2 + y[1] ** 2 + y[2] ** 2) < floor_km:
                    return out, j, t
                factor = 5.0 if err == 0.0 else min(5.0, max(0.2, 0.9 * err ** -0.2))
            else:
                factor = max(0.2, 0.9 * err ** -0.2)
            h *= factor
        out[j] = y
    return out, -1, 0.0


def propagate_state(state0_icrf: np.ndarray, utc: np.ndarray, model: str = "standard",
                    ephemeris: LunarEphemeris | None = None, rtol: float = 1e-11,
                    environment: Environment | None = None) -> np.ndarray:
    """Positions and velocities (T, 6) [km, km/s] in Moon-centred ICRF at each UTC epoch; state0 at utc[0].

    Integrated with an adaptive Dormand-Prince 5(4) scheme compiled with numba (relative tolerance
    ``rtol``, absolute 1e-12 in km and km/s); checked against Kepler's closed form and an independent RK4 in the tests.
    ``environment`` lets several arcs share one sampling of the Earth, the Sun and the lunar orientation.
    """
    if model not in MODELS:
        raise InputError("model", model, f"one of {', '.join(MODELS)}")
    eph = ephemeris or LunarEphemeris.default()
    tdb = np.atleast_1d(tdb_seconds(to_time(np.asarray(utc, dtype="datetime64[ms]"))))
    if environment is None:
        env = Environment.build(eph, tdb[0], tdb[-1])
        offsets = np.ascontiguousarray(tdb - tdb[0])
    else:  # a shared environment built for a longer span: shift its time origin to this start
        env = environment
        offsets = np.ascontiguousarray(tdb - env.origin_tdb_s)
    states, impact_index, impact_t = _integrate(np.asarray(state0_icrf, float), offsets, env.t0_tdb_s, env.step_s,
                                                env.earth, env.sun, env.rotation, MODELS.index(model), J2, C22,
                                                rtol, 1e-12, MOON_RADIUS_KM)
    if impact_index >= 0:
        when = np.datetime64(np.asarray(utc, "datetime64[ms]")[0], "s") + np.timedelta64(int(impact_t), "s")
        raise InputError("orbit", "propagated state", f"an orbit that stays above the lunar surface (it hits the Moon at {when}Z)")
    return states
