"""Relayed links: site → relay over the terrain horizon, relay → Earth past the Moon's limb."""

from __future__ import annotations

import numpy as np

from ..constants import MOON_RADIUS_KM
from ..terrain.horizon import Horizon
from ..geometry import SurfacePoint, body_at_sites


def site_sees_relay(relay_me_km: np.ndarray, point: SurfacePoint, horizon: Horizon,
                    min_clearance_deg: float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(T,) mask where the relay clears the site's skyline, and its azimuth and elevation [deg]."""
    track = body_at_sites(np.ascontiguousarray(relay_me_km), [point], radius_km=0.0)
    az, el = track.azimuth_deg[0], track.elevation_deg[0]
    return el >= horizon.at(az) + min_clearance_deg, az, el


def limb_clear(from_km: np.ndarray, to_km: np.ndarray, radius_km: float = MOON_RADIUS_KM) -> np.ndarray:
    """(T,) True where the straight segment between two Moon-centred points misses the lunar sphere."""
    d = to_km - from_km
    t = np.clip(-np.sum(from_km * d, axis=0) / np.sum(d * d, axis=0), 0.0, 1.0)
    closest = from_km + t * d
    return np.linalg.norm(closest, axis=0) > radius_km


def relay_sees_earth(relay_me_km: np.ndarray, earth_me_km: np.ndarray) -> np.ndarray:
    """(T,) the relay has a line of sight to the Earth's centre past the Moon."""
    return limb_clear(relay_me_km, earth_me_km)
