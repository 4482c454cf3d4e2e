"""Heights from gridded DEMs at map or geographic coordinates (numba, plain floats).

A DEM is a 2-D float32 grid (NaN = no data) with a geotransform
``gt = [x0, y0, dx, dy]``: the map coordinates [m] of the top-left corner of pixel
(0, 0) and the pixel steps per column and per row (``dy < 0`` for north-up maps). Pixel
(r, c) has its centre at ``(x0 + (c + 0.5) dx, y0 + (r + 0.5) dy)``.

A projection is packed as ``[kind, R, lat_c, lon_c, k0, false easting, false northing]``
(radians, metres; see :mod:`moonbase.terrain.projection`): kind 1 = polar stereographic
(sphere), kind 2 = equirectangular. Several DEMs are passed as a tuple of grids with
``(n, 4)`` geotransforms and ``(n, 7)`` projections, finest first; a height is taken
from the first DEM that has valid data around the point.
"""

from __future__ import annotations

import math

import numba
import numpy as np


@numba.njit(cache=True, inline="always")
def project(proj, lat, lon):
    """Map x, y [m] of a point (lat, lon in radians) in projection ``proj``."""
    dlon = lon - proj[3]
    if proj[0] == 1.0:
        if proj[2] < 0.0:
            rho = 2.0 * proj[1] * proj[4] * math.tan((0.5 * math.pi + lat) / 2.0)
            return rho * math.sin(dlon) + proj[5], rho * math.cos(dlon) + proj[6]
        rho = 2.0 * proj[1] * proj[4] * math.tan((0.5 * math.pi - lat) / 2.0)
        return rho * math.sin(dlon) + proj[5], -rho * math.cos(dlon) + proj[6]
    dlon = (dlon + math.pi) % (2.0 * math.pi) - math.pi
    return proj[1] * dlon * math.cos(proj[2]) + proj[5], proj[1] * lat + proj[6]


@numba.njit(cache=True, inline="always")
def bilinear(grid, gt, x, y):
    """Bilinear height at map (x, y) [m]; NaN outside the grid or next to a nodata pixel.

    Points within half a pixel of the outer edge take the edge pixels' values (the grid
    covers whole pixels).
    """
    nrows, ncols = grid.shape
    col = (x - gt[0]) / gt[2] - 0.5
    row = (y - gt[1]) / gt[3] - 0.5
    if not (-0.5 <= col <= ncols - 0.5 and -0.5 <= row <= nrows - 0.5):
        return np.nan
    col = min(max(col, 0.0), ncols - 1.0)
    row = min(max(row, 0.0), nrows - 1.0)
    c0 = min(int(col), ncols - 2) if ncols > 1 else 0
    r0 = min(int(row), nrows - 2) if nrows > 1 else 0
    fc = col - c0
    fr = row - r0
    c1 = min(c0 + 1, ncols - 1)
    r1 = min(r0 + 1, nrows - 1)
    top = grid[r0, c0] * (1.0 - fc) + grid[r0, c1] * fc
    bottom = grid[r1, c0] * (1.0 - fc) + grid[r1, c1] * fc
    return top * (1.0 - fr) + bottom * fr  # NaN propagates from any nodata neighbour


@numba.njit(cache=True, inline="always")
def stack_height_index(grids, gts, projs, lat, lon):
    """Height [m] at (lat, lon) [rad] from the first DEM with valid data there, and that DEM's index; (NaN, -1) if none."""
    for k in range(len(grids)):
        x, y = project(projs[k], lat, lon)
        h = bilinear(grids[k], gts[k], x, y)
        if not math.isnan(h):
            return h, k
    return np.nan, -1


@numba.njit(cache=True, inline="always")
def stack_height(grids, gts, projs, lat, lon):
    """Height [m] at (lat, lon) [rad] from the first DEM with valid data there; NaN if none."""
    return stack_height_index(grids, gts, projs, lat, lon)[0]


@numba.njit(cache=True)
def stack_heights(grids, gts, projs, lat, lon, out):
    """Vectorised :func:`stack_height` over 1-D arrays of latitudes/longitudes [rad]."""
    for i in range(lat.shape[0]):
        out[i] = stack_height(grids, gts, projs, lat[i], lon[i])
