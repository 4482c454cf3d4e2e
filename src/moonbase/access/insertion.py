"""Lunar-orbit insertion: from the arrival hyperbola into a low circular orbit or the 9:2 NRHO.

The NRHO insertion is a tangential burn at the NRHO's perilune from the arrival hyperbola retargeted to
that perilune radius (patched conic), with the NRHO's Moon-centred inertial perilune speed from the
CR3BP orbit of :mod:`moonbase.orbits.nrho` (rotating velocity + ω × ρ). Plane alignment is assumed
(the transfer is targeted to the NRHO's perilune direction), so this is the least insertion cost.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..orbits.elements import GM_MOON
from .conics import hyperbolic_periapsis_speed


@lru_cache(maxsize=1)
def nrho_perilune() -> tuple[float, float]:
    """(perilune radius [km], Moon-centred inertial perilune speed [km/s]) of the 9:2 NRHO."""
    from ..orbits.nrho import LENGTH_KM, MU, TIME_S, nrho_9_2

    states = nrho_9_2().sample(4000)
    rho = states[:3] - np.array([[1 - MU], [0.0], [0.0]])
    k = int(np.argmin(np.linalg.norm(rho, axis=0)))
    v_rot = states[3:, k]
    omega_cross = np.array([-rho[1, k], rho[0, k], 0.0])  # ẑ × ρ with ω = 1 (nondimensional)
    speed = np.linalg.norm(v_rot + omega_cross) * LENGTH_KM / TIME_S
    return float(np.linalg.norm(rho[:, k]) * LENGTH_KM), float(speed)


def nrho_insertion_dv(vinf_km_s) -> np.ndarray:
    """Δv [km/s] to stop at the NRHO perilune from a hyperbola of excess speed ``vinf_km_s``."""
    radius, speed = nrho_perilune()
    return hyperbolic_periapsis_speed(vinf_km_s, radius, GM_MOON) - speed
