"""Two-dimensional collision probability (Pc) at the time of closest approach.

The short-encounter model (Foster & Estes 1992, NASA JSC-25898; Alfano 2005): relative motion is a
straight line near TCA, so Pc is the integral of the combined position uncertainty, projected on the
plane normal to the relative velocity, over a disc of the combined hard-body radius centred on the
miss vector. The integral is done numerically (Gauss-Legendre in radius, trapezoid in angle, both
about the disc centre), vectorised over events.

Catalogue element sets carry no covariance, so Pc uses stated defaults (below). It ranks events; it
is not an operational Pc.
"""

from __future__ import annotations

import numpy as np

#: Default 1-sigma position uncertainty per object in its radial, in-track, cross-track frame [km]. The
#: 1:3:1 shape is SOCRATES's (Kelso & Alfano 2005, AAS 05-124: 100 m / 300 m / 100 m for maximum Pc);
#: real TLE errors are larger (about 1 km at epoch in LEO, growing daily; recalled [M]).
DEFAULT_SIGMA_RIC_KM = (0.1, 0.3, 0.1)
#: Default hard-body radius per object [m] (a stated default for a small satellite; the pair uses the sum).
DEFAULT_HARD_BODY_RADIUS_M = 5.0

_RADIAL_NODES, _RADIAL_WEIGHTS = np.polynomial.legendre.leggauss(24)
_ANGLES = np.linspace(0.0, 2.0 * np.pi, 48, endpoint=False)


def ric_basis(state: np.ndarray) -> np.ndarray:
    """Rotation matrices whose columns are the radial, in-track, cross-track unit vectors (events, 3, 3)."""
    r, v = state[:, :3], state[:, 3:]
    radial = r / np.linalg.norm(r, axis=1, keepdims=True)
    cross = np.cross(r, v)
    cross /= np.linalg.norm(cross, axis=1, keepdims=True)
    in_track = np.cross(cross, radial)
    return np.stack([radial, in_track, cross], axis=2)


def encounter_plane(relative_position: np.ndarray, relative_velocity: np.ndarray) -> np.ndarray:
    """Unit vectors (x: toward the miss, y: completing the plane normal to the relative velocity), (events, 2, 3)."""
    z = relative_velocity / np.linalg.norm(relative_velocity, axis=1, keepdims=True)
    x = relative_position - (relative_position * z).sum(1, keepdims=True) * z
    norm = np.linalg.norm(x, axis=1, keepdims=True)
    fallback = np.cross(z, np.array([0.0, 0.0, 1.0]))
    x = np.where(norm > 1e-12, x / np.maximum(norm, 1e-300), fallback / np.linalg.norm(fallback, axis=1, keepdims=True))
    y = np.cross(z, x)
    return np.stack([x, y], axis=1)


def pc_in_plane(miss_km: np.ndarray, covariance_2d: np.ndarray, hard_body_radius_km: np.ndarray | float) -> np.ndarray:
    """Pc for a disc of radius ``hard_body_radius_km`` centred at (miss, 0) under N(0, covariance_2d) [events]."""
    miss = np.atleast_1d(np.asarray(miss_km, dtype=float))
    cov = np.asarray(covariance_2d, dtype=float).reshape(-1, 2, 2)
    radius = np.broadcast_to(np.asarray(hard_body_radius_km, dtype=float), miss.shape)
    inverse = np.linalg.inv(cov)
    norm = 1.0 / (2.0 * np.pi * np.sqrt(np.linalg.det(cov)))
    rho = 0.5 * (_RADIAL_NODES + 1.0)[None, :, None] * radius[:, None, None]  # (events, radial, 1)
    x = miss[:, None, None] + rho * np.cos(_ANGLES)[None, None, :]
    y = rho * np.sin(_ANGLES)[None, None, :]
    exponent = (inverse[:, 0, 0, None, None] * x * x + 2 * inverse[:, 0, 1, None, None] * x * y
                + inverse[:, 1, 1, None, None] * y * y)
    density = norm[:, None, None] * np.exp(-0.5 * exponent)
    # ∫0^R ∫0^2π f ρ dθ dρ with ρ = R (u + 1) / 2, dρ = R/2 du.
    angular = density.mean(axis=2) * 2.0 * np.pi
    return (angular * rho[:, :, 0] * _RADIAL_WEIGHTS[None, :]).sum(axis=1) * radius / 2.0


def collision_probability(state_1: np.ndarray, state_2: np.ndarray, sigma_ric_1_km=DEFAULT_SIGMA_RIC_KM,
                          sigma_ric_2_km=DEFAULT_SIGMA_RIC_KM,
                          combined_hard_body_radius_km: float = 2 * DEFAULT_HARD_BODY_RADIUS_M / 1000.0) -> np.ndarray:
    """2-D Pc per event from TEME states at TCA (events, 6) and diagonal RIC sigmas per object [km]."""
    state_1 = np.asarray(state_1, dtype=float).reshape(-1, 6)
    state_2 = np.asarray(state_2, dtype=float).reshape(-1, 6)
    if state_1.shape[0] == 0:
        return np.zeros(0)
    rotation_1, rotation_2 = ric_basis(state_1), ric_basis(state_2)
    cov = (rotation_1 @ np.diag(np.square(sigma_ric_1_km)) @ rotation_1.transpose(0, 2, 1)
           + rotation_2 @ np.diag(np.square(sigma_ric_2_km)) @ rotation_2.transpose(0, 2, 1))
    relative_position = state_2[:, :3] - state_1[:, :3]
    plane = encounter_plane(relative_position, state_2[:, 3:] - state_1[:, 3:])
    cov_2d = plane @ cov @ plane.transpose(0, 2, 1)
    miss = (relative_position[:, None, :] * plane).sum(axis=2)[:, 0]
    return pc_in_plane(miss, cov_2d, combined_hard_body_radius_km)
