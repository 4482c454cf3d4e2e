"""Slope and roughness maps of a DEM, and writing them as GeoTIFF.

* Slope [deg]: arctan of the height gradient from central differences (one-sided at the edges),
  with map distances turned into true distances by the point scale factor of the polar
  stereographic map (k ≤ 1.006 poleward of 81°S, so up to 0.6 % on the gradient).
* Roughness [m]: RMS residual of the heights in each 3 × 3 window about their least-squares
  plane (a detrended standard deviation, so a uniform slope has zero roughness). On a symmetric
  3 × 3 window the plane's terms are orthogonal, so the residual sum of squares is
  Σh² − 9·mean² − (Σxh)²/Σx² − (Σyh)²/Σy² with Σx² = Σy² = 6 (in pixel units).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import ndimage

from ..errors import MoonbaseError
from ..output import atomic_file
from .dem import Dem


def _true_pixel_steps(dem: Dem) -> tuple[np.ndarray, float, float]:
    """Point scale factor at every pixel (1 for non-polar maps) and the map pixel steps [m]."""
    _, _, dx, dy = dem.geotransform
    if not dem.projection.is_polar:
        return np.ones(dem.shape), abs(dx), abs(dy)
    rows, cols = np.mgrid[0:dem.shape[0], 0:dem.shape[1]]
    x, y = dem.pixel_centres(rows, cols)
    return dem.projection.scale_at(x, y), abs(dx), abs(dy)


def slope_deg(dem: Dem) -> np.ndarray:
    """Slope [deg] at every pixel (NaN where the DEM or a neighbour has no data)."""
    if not dem.projection.is_polar:
        # Equirectangular: x steps shrink with cos(latitude) away from the true-scale latitude.
        rows, cols = np.mgrid[0:dem.shape[0], 0:dem.shape[1]]
        lat, _ = dem.pixel_latlon(rows, cols)
        scale_x = np.cos(np.radians(dem.projection.center_lat_deg)) / np.cos(np.radians(lat))
        scale_y = np.ones(dem.shape)
        _, _, dx, dy = dem.geotransform
        step_x, step_y = abs(dx), abs(dy)
    else:
        scale, step_x, step_y = _true_pixel_steps(dem)
        scale_x = scale_y = scale
    d_row, d_col = np.gradient(dem.heights_m.astype(np.float64))
    gradient_x = d_col / step_x * scale_x
    gradient_y = d_row / step_y * scale_y
    return np.degrees(np.arctan(np.hypot(gradient_x, gradient_y))).astype(np.float32)


def roughness_m(dem: Dem) -> np.ndarray:
    """RMS deviation [m] of each 3 × 3 window from its least-squares plane (NaN next to nodata and at the edge)."""
    h = dem.heights_m.astype(np.float64)
    h = h - np.nanmean(h)  # conditioning: sums of squares of ~10 km heights lose precision otherwise
    ones = np.ones((3, 3))
    x_kernel = np.array([[-1.0, 0.0, 1.0]] * 3)
    total = ndimage.correlate(h, ones, mode="constant", cval=np.nan)
    squares = ndimage.correlate(h * h, ones, mode="constant", cval=np.nan)
    sum_xh = ndimage.correlate(h, x_kernel, mode="constant", cval=np.nan)
    sum_yh = ndimage.correlate(h, x_kernel.T, mode="constant", cval=np.nan)
    residual = squares - total * total / 9.0 - sum_xh ** 2 / 6.0 - sum_yh ** 2 / 6.0
    return np.sqrt(np.maximum(residual, 0.0) / 9.0).astype(np.float32)


def write_geotiff(path: str | Path, values: np.ndarray, dem: Dem, description: str) -> Path:
    """A float32 GeoTIFF on the DEM's grid and CRS, NaN as nodata."""
    import rasterio
    from affine import Affine

    path = Path(path)
    if path.suffix.lower() not in (".tif", ".tiff"):
        raise MoonbaseError(f"{path}: the output must be a GeoTIFF (.tif)")
    x0, y0, dx, dy = dem.geotransform
    with atomic_file(path) as tmp, rasterio.open(
            tmp, "w", driver="GTiff", width=values.shape[1], height=values.shape[0], count=1, dtype="float32",
            crs=dem.projection.proj4(), transform=Affine(dx, 0.0, x0, 0.0, dy, y0), nodata=np.nan,
            compress="deflate") as out:
        out.write(values.astype(np.float32), 1)
        out.set_band_description(1, description)
        out.update_tags(SOURCE_DEM=dem.name, SOURCE_PRODUCT=str(dem.provenance.get("product", dem.name)),
                        DESCRIPTION=description)
    return path
