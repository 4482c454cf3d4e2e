"""The 9:2 synodic-resonant L2 southern near-rectilinear halo orbit (NRHO) in the circular restricted
three-body problem, and its placement in the real Earth–Moon geometry.

The orbit is found by single shooting: from a state on the x–z plane (x0, 0, z0, 0, vy0, 0), integrate
half the target period and solve for y = vx = vz = 0 (the symmetric crossing), so the orbit closes
with exactly 2/9 of the mean synodic month (6.562 d). Mass ratio μ from the DE421 GMs; length unit
the mean Earth–Moon distance 384,400 km [M]. Published anchors: perilune radius ≈ 3,200–3,600 km,
apolune ≈ 70,000–71,500 km, period ≈ 6.56 d (NASA Gateway reference NRHO, NTRS 20190030294) [M].

To see it from a lunar site the CR3BP orbit is placed in the instantaneous Earth–Moon rotating frame
from DE421 (x from the Earth to the Moon, z along the Moon's orbital angular momentum), scaled by the
instantaneous distance. This is the usual planning approximation, not an ephemeris-corrected NRHO.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import root

from ..ephemeris import LunarEphemeris
from ..timegrid import tdb_seconds, to_time
from .elements import GM_EARTH, GM_MOON

#: CR3BP mass ratio from the DE421 GMs [C].
MU = GM_MOON / (GM_EARTH + GM_MOON)
#: CR3BP length unit: the mean Earth–Moon distance [km], the value conventional in CR3BP work, recalled [M].
LENGTH_KM = 384_400.0
#: CR3BP time unit [s] (one radian of the mean motion) [D].
TIME_S = float(np.sqrt(LENGTH_KM ** 3 / (GM_EARTH + GM_MOON)))
#: Mean synodic month [s]: Meeus, *Astronomical Algorithms* (2nd ed., 1998), ch. 49: 29.530588861 d [R].
SYNODIC_MONTH_S = 29.530588861 * 86_400.0
#: The 9:2 synodic resonance of the Gateway NRHO (NASA, "Gateway Destination Orbit Model", NTRS 20190030294) [R2].
NRHO_PERIOD_S = 2.0 / 9.0 * SYNODIC_MONTH_S


def cr3bp_rhs(_t, s):
    x, y, z, vx, vy, vz = s
    r1 = np.sqrt((x + MU) ** 2 + y * y + z * z)
    r2 = np.sqrt((x - 1 + MU) ** 2 + y * y + z * z)
    ax = 2 * vy + x - (1 - MU) * (x + MU) / r1 ** 3 - MU * (x - 1 + MU) / r2 ** 3
    ay = -2 * vx + y - (1 - MU) * y / r1 ** 3 - MU * y / r2 ** 3
    az = -(1 - MU) * z / r1 ** 3 - MU * z / r2 ** 3
    return np.array([vx, vy, vz, ax, ay, az])


def _half_period_residual(unknowns, half_period):
    x0, z0, vy0 = unknowns
    sol = solve_ivp(cr3bp_rhs, (0, half_period), [x0, 0, z0, 0, vy0, 0], method="DOP853", rtol=1e-12, atol=1e-12)
    end = sol.y[:, -1]
    return [end[1], end[3], end[5]]


@dataclass(frozen=True)
class HaloOrbit:
    initial_state: np.ndarray  # nondimensional rotating-frame state at apolune (y = 0 plane)
    period_s: float

    def sample(self, n: int = 2000) -> np.ndarray:
        """(6, n) nondimensional states over one period."""
        period = self.period_s / TIME_S
        t = np.linspace(0, period, n)
        sol = solve_ivp(cr3bp_rhs, (0, period), self.initial_state, method="DOP853", t_eval=t, rtol=1e-12, atol=1e-12)
        return sol.y

    def moon_distance_range_km(self) -> tuple[float, float]:
        states = self.sample()
        r = np.sqrt((states[0] - 1 + MU) ** 2 + states[1] ** 2 + states[2] ** 2) * LENGTH_KM
        return float(r.min()), float(r.max())


@lru_cache(maxsize=1)
def nrho_9_2() -> HaloOrbit:
    """The 9:2 L2 southern NRHO (cached; about a second to converge)."""
    half = NRHO_PERIOD_S / 2 / TIME_S
    guess = [1.0221, -0.1821, -0.1033]  # near apolune, from the L2 southern halo family [M]
    result = root(_half_period_residual, guess, args=(half,), method="hybr", options={"xtol": 1e-12})
    if not result.success:  # pragma: no cover - the guess converges in tests
        raise RuntimeError(f"NRHO differential correction failed: {result.message}")
    x0, z0, vy0 = result.x
    return HaloOrbit(np.array([x0, 0.0, z0, 0.0, vy0, 0.0]), NRHO_PERIOD_S)


def nrho_positions_me(utc: np.ndarray, phase: float = 0.0, ephemeris: LunarEphemeris | None = None) -> np.ndarray:
    """(3, T) Moon-centred positions [km] of a satellite on the 9:2 NRHO in MOON_ME, ``phase`` in [0, 1) of a period."""
    eph = ephemeris or LunarEphemeris.default()
    orbit = nrho_9_2()
    t = to_time(np.asarray(utc, dtype="datetime64[ms]"))
    tdb = np.atleast_1d(tdb_seconds(t))
    period = orbit.period_s / TIME_S
    tau = ((tdb - tdb[0]) / TIME_S + phase * period) % period
    order = np.argsort(tau)
    unique, inverse = np.unique(tau[order], return_inverse=True)
    sol = solve_ivp(cr3bp_rhs, (0, period), orbit.initial_state, method="DOP853", t_eval=unique, rtol=1e-12, atol=1e-12)
    states = np.empty((6, len(tau)))
    states[:, order] = sol.y[:, inverse]
    moon_p, moon_v = eph._moon_ssb(tdb)
    earth = eph._from_moon(eph._earth_ssb, tdb, moon_p, moon_v, "geometric")  # Moon → Earth
    earth_v = (eph._emb.position_velocity(tdb)[1] + eph._earth.position_velocity(tdb)[1]) - moon_v
    distance = np.linalg.norm(earth, axis=0)
    x_hat = -earth / distance  # Earth → Moon direction
    h = np.cross(-earth.T, -earth_v.T).T  # Moon's angular momentum about the Earth
    z_hat = h / np.linalg.norm(h, axis=0)
    y_hat = np.cross(z_hat.T, x_hat.T).T
    rel = states[:3] - np.array([[1 - MU], [0.0], [0.0]])
    icrf = (rel[0] * x_hat + rel[1] * y_hat + rel[2] * z_hat) * distance
    return eph.icrf_to_frame(icrf, tdb, "MOON_ME")
