"""Synthetic DEMs with known terrain, for tests with closed-form answers."""

from __future__ import annotations

import numpy as np

from moonbase.terrain.dem import Dem
from moonbase.terrain.projection import MOON_RADIUS_M, south_polar_stereographic


def polar_dem(height_fn, half_width_m: float, pixel_m: float, centre_xy=(0.0, 0.0), name="synthetic") -> Dem:
    """A south polar stereographic DEM whose heights are ``height_fn(lat_deg, lon_deg, x, y)`` at pixel centres."""
    projection = south_polar_stereographic()
    n = int(round(2 * half_width_m / pixel_m))
    x0 = centre_xy[0] - half_width_m
    y0 = centre_xy[1] + half_width_m
    cols, rows = np.meshgrid(np.arange(n), np.arange(n))
    x = x0 + (cols + 0.5) * pixel_m
    y = y0 - (rows + 0.5) * pixel_m
    lat, lon = projection.inverse(x, y)
    return Dem(height_fn(lat, lon, x, y).astype(np.float32), projection, (x0, y0, pixel_m, -pixel_m), name=name)


def angular_distance(lat1, lon1, lat2, lon2):
    """Great-circle angle [rad] between points given in degrees (haversine)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2) - lon1)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def sphere_elevation(height_m, distance_m, observer_radius_m):
    """Elevation [rad] of terrain at ``height_m`` and arc ``distance_m`` seen from ``observer_radius_m``."""
    r = MOON_RADIUS_M + height_m
    g = distance_m / MOON_RADIUS_M
    return np.arctan2(r * np.cos(g) - observer_radius_m, r * np.sin(g))
