"""Keplerian elements ↔ Cartesian state (two-body), and Kepler propagation as a closed-form reference."""

from __future__ import annotations

import math

import numpy as np

from ..errors import InputError

#: GM of the Moon [km³/s²]. DE421 value (Folkner et al. 2008, IPN PR 42-178, Table 8): 4902.800076. [M] recalled
GM_MOON = 4902.800076
#: GM of the Earth [km³/s²]. DE421 (same table): 398600.436233. [M] recalled
GM_EARTH = 398_600.436233
#: GM of the Sun [km³/s²]. IAU 2015 nominal / DE421: 132712440040.944. [M] recalled
GM_SUN = 132_712_440_040.944


def solve_kepler(mean_anomaly: float, eccentricity: float) -> float:
    """Eccentric anomaly E from M = E − e sin E (Newton, to 1e-15 rad)."""
    E = mean_anomaly if eccentricity < 0.8 else math.pi
    for _ in range(50):
        step = (E - eccentricity * math.sin(E) - mean_anomaly) / (1.0 - eccentricity * math.cos(E))
        E -= step
        if abs(step) < 1e-15:
            break
    return E


def elements_to_state(a_km, e, i_deg, raan_deg, argp_deg, mean_anomaly_deg, gm=GM_MOON) -> np.ndarray:
    """Position [km] and velocity [km/s] (6,) in the frame the angles refer to."""
    if not a_km > 0:
        raise InputError("semi-major axis", a_km, "a positive value in km (elliptic orbits only)")
    if not 0.0 <= e < 1.0:
        raise InputError("eccentricity", e, "a value in [0, 1)")
    i, raan, argp = np.radians([i_deg, raan_deg, argp_deg])
    E = solve_kepler(math.radians(mean_anomaly_deg) % (2 * math.pi), e)
    cos_nu = (math.cos(E) - e) / (1 - e * math.cos(E))
    sin_nu = math.sqrt(1 - e * e) * math.sin(E) / (1 - e * math.cos(E))
    p = a_km * (1 - e * e)
    r = p / (1 + e * cos_nu)
    position_pf = np.array([r * cos_nu, r * sin_nu, 0.0])
    velocity_pf = math.sqrt(gm / p) * np.array([-sin_nu, e + cos_nu, 0.0])
    cO, sO, ci, si, cw, sw = math.cos(raan), math.sin(raan), math.cos(i), math.sin(i), math.cos(argp), math.sin(argp)
    rotation = np.array([
        [cO * cw - sO * sw * ci, -cO * sw - sO * cw * ci, sO * si],
        [sO * cw + cO * sw * ci, -sO * sw + cO * cw * ci, -cO * si],
        [sw * si, cw * si, ci],
    ])
    return np.concatenate([rotation @ position_pf, rotation @ velocity_pf])


def state_to_elements(state, gm=GM_MOON) -> dict:
    """a [km], e, i, RAAN, argument of periapsis, true anomaly [deg] from a state (6,)."""
    r, v = np.asarray(state[:3], float), np.asarray(state[3:], float)
    h = np.cross(r, v)
    node = np.cross([0.0, 0.0, 1.0], h)
    e_vec = np.cross(v, h) / gm - r / np.linalg.norm(r)
    e = np.linalg.norm(e_vec)
    energy = v @ v / 2 - gm / np.linalg.norm(r)
    a = -gm / (2 * energy)
    i = math.degrees(math.acos(h[2] / np.linalg.norm(h)))
    raan = math.degrees(math.atan2(node[1], node[0])) % 360.0
    argp = math.degrees(math.atan2(np.cross(node, e_vec) @ h / np.linalg.norm(h), node @ e_vec)) % 360.0
    nu = math.degrees(math.atan2(np.cross(e_vec, r) @ h / np.linalg.norm(h), e_vec @ r)) % 360.0
    return {"a_km": a, "e": e, "i_deg": i, "raan_deg": raan, "argp_deg": argp, "true_anomaly_deg": nu}


def kepler_propagate(state0, seconds, gm=GM_MOON) -> np.ndarray:
    """Closed-form two-body propagation of a state (6,) to each time in ``seconds`` → (T, 6)."""
    el = state_to_elements(state0, gm)
    e = el["e"]
    nu0 = math.radians(el["true_anomaly_deg"])
    E0 = 2 * math.atan2(math.sqrt(1 - e) * math.sin(nu0 / 2), math.sqrt(1 + e) * math.cos(nu0 / 2))
    M0 = E0 - e * math.sin(E0)
    n = math.sqrt(gm / el["a_km"] ** 3)
    return np.array([
        elements_to_state(el["a_km"], e, el["i_deg"], el["raan_deg"], el["argp_deg"], math.degrees(M0 + n * t), gm)
        for t in np.atleast_1d(seconds)
    ])
