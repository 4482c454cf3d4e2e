"""A map on a polar stereographic grid, read from the GeoTIFFs Moonbase writes, with true pixel areas and distances.

Bands are found by their descriptions (``sun_any_pct``, ``psr``, ``shadow_margin_deg``, ...), as written by
``moonbase map sunlight`` and ``moonbase contention psr``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..constants import MOON_RADIUS_KM
from ..errors import InputError, MoonbaseError
from ..terrain.projection import MapProjection, projection_from_crs


@dataclass
class MapGrid:
    """Bands of one map: ``bands[name]`` (rows, cols) float arrays on ``geotransform`` (x0, y0, dx, dy) [m]."""

    bands: dict[str, np.ndarray]
    projection: MapProjection
    geotransform: tuple[float, float, float, float]
    attrs: dict = field(default_factory=dict)
    name: str = ""

    @property
    def shape(self) -> tuple[int, int]:
        return next(iter(self.bands.values())).shape

    def band(self, name: str) -> np.ndarray:
        if name not in self.bands:
            raise MoonbaseError(f"{self.name or 'map'}: no band {name!r}; it has {', '.join(self.bands)} "
                                f"(sunlight maps come from `moonbase map sunlight`, PSR maps from `moonbase contention psr`)")
        return self.bands[name]

    def pixel_xy(self, rows, cols) -> tuple[np.ndarray, np.ndarray]:
        x0, y0, dx, dy = self.geotransform
        return x0 + (np.asarray(cols) + 0.5) * dx, y0 + (np.asarray(rows) + 0.5) * dy

    def latlon(self, rows, cols) -> tuple[np.ndarray, np.ndarray]:
        """Latitude and east longitude [deg] of pixel centres."""
        return self.projection.inverse(*self.pixel_xy(rows, cols))

    def pixel_area_km2(self) -> np.ndarray:
        """True area of every pixel [km²]: map area divided by the squared point scale (the map is conformal)."""
        rows, cols = self.shape
        x, y = self.pixel_xy(np.arange(rows), np.arange(cols))
        p = self.projection
        # Snyder eq. 21-4 (as MapProjection.scale_at), with rho² split into rows and columns: k = k0 (1 + rho²/(2 R k0)²).
        rho2 = ((x - p.false_easting_m) ** 2)[None, :] + ((y - p.false_northing_m) ** 2)[:, None]
        k = p.scale_factor * (1.0 + rho2 / (2.0 * p.radius_m * p.scale_factor) ** 2)
        x0, y0, dx, dy = self.geotransform
        return abs(dx * dy) / 1e6 / k**2

    def rowcol(self, lat_deg, lon_deg) -> tuple[np.ndarray, np.ndarray]:
        """Fractional (row, col) of points, pixel centres at integers."""
        x, y = self.projection.forward(lat_deg, lon_deg)
        x0, y0, dx, dy = self.geotransform
        return (np.asarray(y) - y0) / dy - 0.5, (np.asarray(x) - x0) / dx - 0.5

    def contains(self, lat_deg, lon_deg) -> np.ndarray:
        r, c = self.rowcol(lat_deg, lon_deg)
        rows, cols = self.shape
        return (r >= -0.5) & (r <= rows - 0.5) & (c >= -0.5) & (c <= cols - 0.5)


def great_circle_km(lat1_deg, lon1_deg, lat2_deg, lon2_deg, radius_km: float = MOON_RADIUS_KM) -> np.ndarray:
    """Distance on the lunar reference sphere [km] (haversine; broadcasts)."""
    p1, p2 = np.radians(lat1_deg), np.radians(lat2_deg)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2_deg) - np.asarray(lon1_deg))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2.0 * radius_km * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def read_map(path: str | Path) -> MapGrid:
    """A map GeoTIFF (every band, by description), with its projection, transform and tags."""
    import rasterio

    path = Path(path).expanduser()
    if not path.is_file():
        raise InputError("--map", str(path), "an existing GeoTIFF written by `moonbase map sunlight` or `moonbase contention psr`")
    try:
        dataset = rasterio.open(path)
    except rasterio.errors.RasterioIOError as exc:
        raise MoonbaseError(f"{path}: cannot read as GeoTIFF ({exc})") from None
    with dataset:
        if dataset.crs is None:
            raise MoonbaseError(f"{path}: the GeoTIFF has no CRS; expected lunar polar stereographic")
        projection = projection_from_crs(dataset.crs, str(path))
        if not projection.is_polar:
            raise MoonbaseError(f"{path}: expected a polar stereographic map, got {projection.kind}")
        names = [d or f"band{i + 1}" for i, d in enumerate(dataset.descriptions)]
        bands = {name: dataset.read(i + 1).astype(np.float32) for i, name in enumerate(names)}
        t = dataset.transform
        attrs = dataset.tags()
    return MapGrid(bands, projection, (t.c, t.f, t.a, t.e), attrs, path.name)


def grid_from_dataset(dataset, name: str = "") -> MapGrid:
    """A :class:`MapGrid` from an ``xarray.Dataset`` as the map functions return (attrs ``geotransform``, ``crs``)."""
    from pyproj import CRS

    projection = projection_from_crs(CRS.from_proj4(dataset.attrs["crs"]), name or "map")
    bands = {k: np.asarray(v.values, dtype=np.float32) for k, v in dataset.data_vars.items()}
    return MapGrid(bands, projection, tuple(dataset.attrs["geotransform"]), dict(dataset.attrs), name)
