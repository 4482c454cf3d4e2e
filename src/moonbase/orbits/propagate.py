"""Numerical propagation of lunar orbits: point-mass Moon, J2 and C22, Earth and Sun as third bodies.

Equations of motion in Moon-centred ICRF axes:

    a = −μ r/|r|³ + a_grav(R_PA r) + Σ_b μ_b [ (r_b − r)/|r_b − r|³ − r_b/|r_b|³ ]

with the harmonic terms evaluated in the MOON_PA_DE421 frame (the frame lunar gravity fields are
given in) and the Earth's and the Sun's geometric positions from DE421. These are sampled every
``ephemeris_step_s`` and interpolated with cubic splines (error < 1 m for a 30-min step).
Integrator: scipy's DOP853 (8th-order Runge–Kutta, Hairer & Wanner), relative tolerance 1e-11.

Lunar gravity coefficients (unnormalised, reference radius 1738.0 km), GRAIL field GRGM1200A
(Lemoine et al. 2014) as recalled [M]: J2 = 2.0330530e-4, C22 = 2.2392e-5; the "reference" model
adds J3 = 8.4597e-6 and J4 = -9.7075e-6 (zonal signs as J_n = −C_n0) [M] to state the accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.interpolate import CubicSpline

from ..constants import MOON_RADIUS_KM
from ..ephemeris import LunarEphemeris
from ..errors import InputError
from ..timegrid import tdb_seconds, to_time
from .elements import GM_EARTH, GM_MOON, GM_SUN

MOON_GRAVITY_RADIUS_KM = 1738.0
J2, C22 = 2.0330530e-4, 2.2392e-5
J3, J4 = 8.4597e-6, -9.7075e-6

MODELS = ("two-body", "standard", "reference")


@dataclass
class Environment:
    """Splines of the Earth's and the Sun's Moon-centred positions and of the ICRF→PA rotation."""

    t0_tdb_s: float
    earth: CubicSpline
    sun: CubicSpline
    rotation: CubicSpline

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
        offset = samples - tdb_start_s
        return cls(tdb_start_s, CubicSpline(offset, earth.T), CubicSpline(offset, sun.T),
                   CubicSpline(offset, matrices.reshape(9, -1).T))


def _harmonics(r_pa: np.ndarray, model: str) -> np.ndarray:
    """Acceleration [km/s²] from J2, C22 (and J3, J4 for the reference model) in the PA frame."""
    x, y, z = r_pa
    r2 = x * x + y * y + z * z
    r = np.sqrt(r2)
    mu, R = GM_MOON, MOON_GRAVITY_RADIUS_KM
    zr2 = z * z / r2
    factor = -1.5 * J2 * mu * R * R / r2 ** 2.5
    acc = np.array([factor * x * (1 - 5 * zr2), factor * y * (1 - 5 * zr2), factor * z * (3 - 5 * zr2)])
    # C22: U = 3 μ R² C22 (x² − y²) / r⁵, acceleration = ∇U.
    k = 3 * mu * R * R * C22
    q = x * x - y * y
    acc += k * np.array([2 * x / r ** 5 - 5 * x * q / r ** 7, -2 * y / r ** 5 - 5 * y * q / r ** 7, -5 * z * q / r ** 7])
    if model == "reference":
        acc += _zonal_gradient(r_pa, {3: J3, 4: J4})
    return acc


def _zonal_potential(r_pa, zonals):
    x, y, z = r_pa
    r = np.sqrt(x * x + y * y + z * z)
    s = z / r
    legendre = {3: 0.5 * (5 * s ** 3 - 3 * s), 4: (35 * s ** 4 - 30 * s ** 2 + 3) / 8}
    return sum(-GM_MOON / r * jn * (MOON_GRAVITY_RADIUS_KM / r) ** n * legendre[n] for n, jn in zonals.items())


def _zonal_gradient(r_pa, zonals, h=1e-3):
    """∇U by central differences (h = 1 m; truncation ~1e-15 of the term): used only in the reference model."""
    grad = np.zeros(3)
    for axis in range(3):
        step = np.zeros(3)
        step[axis] = h
        grad[axis] = (_zonal_potential(r_pa + step, zonals) - _zonal_potential(r_pa - step, zonals)) / (2 * h)
    return grad


def acceleration(t_offset_s: float, r: np.ndarray, env: Environment, model: str) -> np.ndarray:
    """Total acceleration [km/s²] in Moon-centred ICRF axes at ``t_offset_s`` after the environment start."""
    acc = -GM_MOON * r / np.linalg.norm(r) ** 3
    if model == "two-body":
        return acc
    rotation = env.rotation(t_offset_s).reshape(3, 3)
    acc += rotation.T @ _harmonics(rotation @ r, model)
    for spline, gm in ((env.earth, GM_EARTH), (env.sun, GM_SUN)):
        body = spline(t_offset_s)
        d = body - r
        acc += gm * (d / np.linalg.norm(d) ** 3 - body / np.linalg.norm(body) ** 3)
    return acc


def propagate_state(state0_icrf: np.ndarray, utc: np.ndarray, model: str = "standard",
                    ephemeris: LunarEphemeris | None = None, rtol: float = 1e-11) -> np.ndarray:
    """Positions and velocities (T, 6) [km, km/s] in Moon-centred ICRF at each UTC epoch; state0 at utc[0]."""
    if model not in MODELS:
        raise InputError("model", model, f"one of {', '.join(MODELS)}")
    eph = ephemeris or LunarEphemeris.default()
    tdb = np.atleast_1d(tdb_seconds(to_time(np.asarray(utc, dtype="datetime64[ms]"))))
    env = Environment.build(eph, tdb[0], tdb[-1])
    offsets = tdb - tdb[0]

    def rhs(t, y):
        return np.concatenate([y[3:], acceleration(t, y[:3], env, model)])

    def impact(t, y):
        return np.linalg.norm(y[:3]) - MOON_RADIUS_KM

    impact.terminal = True
    solution = solve_ivp(rhs, (0.0, offsets[-1]), np.asarray(state0_icrf, float), method="DOP853",
                         t_eval=offsets, rtol=rtol, atol=1e-9, events=impact)
    if solution.status == 1:
        when = np.datetime64(utc[0], "s") + np.timedelta64(int(solution.t_events[0][0]), "s")
        raise InputError("orbit", "propagated state", f"an orbit that stays above the lunar surface (it hits the Moon at {when}Z)")
    if not solution.success:
        raise InputError("orbit", solution.message, "an orbit the integrator can follow")
    return solution.y.T
