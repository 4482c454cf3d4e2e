"""A synthetic sunlight map for the contention tests."""

from __future__ import annotations

import numpy as np
import xarray as xr

from moonbase.terrain.projection import south_polar_stereographic

PIXEL_M = 500.0


def sunlight_map(centre_lat: float, centre_lon: float, half_px: int = 120) -> xr.Dataset:
    """A synthetic nodal-cycle sunlight map around a point: 50 % everywhere, a lit disk (95 %) of 3 km radius on the
    point, and a never-lit (PSR) square of 2 x 2 km 6 km to its side."""
    projection = south_polar_stereographic()
    cx, cy = projection.forward(centre_lat, centre_lon)
    x0, y0 = float(cx) - half_px * PIXEL_M, float(cy) + half_px * PIXEL_M
    n = 2 * half_px
    x = x0 + (np.arange(n) + 0.5) * PIXEL_M
    y = y0 - (np.arange(n) + 0.5) * PIXEL_M
    xx, yy = np.meshgrid(x, y)
    sun = np.full((n, n), 50.0, np.float32)
    sun[np.hypot(xx - cx, yy - cy) <= 3000.0] = 95.0
    sun[(np.abs(xx - cx - 6000.0) <= 1000.0) & (np.abs(yy - cy) <= 1000.0)] = 0.0
    return xr.Dataset({"sun_any_pct": (("y", "x"), sun)}, coords={"y": y, "x": x},
                      attrs={"geotransform": [x0, y0, PIXEL_M, -PIXEL_M], "crs": projection.proj4(),
                             "start": "2024-01-01T00:00:00", "end": "2042-08-11T00:00:00"})
