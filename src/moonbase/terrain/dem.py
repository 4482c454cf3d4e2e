"""A loaded DEM: heights above the lunar sphere on a projected grid, and reading GeoTIFFs.

Heights are float32 metres above the 1,737.4 km sphere (the LOLA datum), NaN where there
is no data. Scale, offset and nodata of the file are applied on reading; products that
store planetary *radius* (values above 1,000 km) are turned into heights by subtracting
the sphere's radius. PDS3 IMG products are read by :mod:`moonbase.terrain.pds3`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InputError, MoonbaseError
from .projection import MapProjection, projection_from_crs

#: Values above this are radii, not heights [m] (no lunar height exceeds ±11 km; Smith et al. 2017, Icarus 283).
RADIUS_THRESHOLD_M = 1_000_000.0

GEOTIFF_SUFFIXES = (".tif", ".tiff")
PDS3_SUFFIXES = (".img", ".lbl")


@dataclass
class Dem:
    """A DEM on a map grid.

    ``heights_m``: ``(rows, cols)`` float32 heights above the sphere [m], NaN = no data.
    ``geotransform``: ``(x0, y0, dx, dy)`` [m]: top-left corner of pixel (0, 0) and the steps per
    column and per row (dy < 0 for north-up). ``name``: a short label; ``path``: the file read.
    ``provenance``: what the file says about itself (product, tags).
    """

    heights_m: np.ndarray
    projection: MapProjection
    geotransform: tuple[float, float, float, float]
    name: str = ""
    path: Path | None = None
    provenance: dict = field(default_factory=dict)

    def __post_init__(self):
        self.heights_m = np.ascontiguousarray(self.heights_m, dtype=np.float32)
        if self.heights_m.ndim != 2 or min(self.heights_m.shape) < 2:
            raise MoonbaseError(f"{self.name or 'DEM'}: expected a 2-D grid of at least 2 x 2 pixels, got {self.heights_m.shape}")
        self.geotransform = tuple(float(v) for v in self.geotransform)

    @property
    def shape(self) -> tuple[int, int]:
        return self.heights_m.shape

    @property
    def pixel_size_m(self) -> float:
        """Pixel size [m] (the larger of the two steps; for equirectangular maps, at the true-scale latitude)."""
        return max(abs(self.geotransform[2]), abs(self.geotransform[3]))

    def gt_array(self) -> np.ndarray:
        return np.array(self.geotransform, dtype=np.float64)

    def pixel_centres(self, rows, cols) -> tuple[np.ndarray, np.ndarray]:
        """Map x, y [m] of pixel centres."""
        x0, y0, dx, dy = self.geotransform
        return x0 + (np.asarray(cols) + 0.5) * dx, y0 + (np.asarray(rows) + 0.5) * dy

    def pixel_latlon(self, rows, cols) -> tuple[np.ndarray, np.ndarray]:
        """Latitude and east longitude [deg] of pixel centres."""
        return self.projection.inverse(*self.pixel_centres(rows, cols))

    def sample(self, lat_deg, lon_deg) -> np.ndarray:
        """Bilinear heights [m] at latitudes/longitudes [deg] (broadcast); NaN outside or next to nodata."""
        from .stack import TerrainStack

        return TerrainStack([self]).sample(lat_deg, lon_deg, allow_outside=True)

    def valid_fraction(self) -> float:
        return float(np.isfinite(self.heights_m).mean())

    def describe(self) -> str:
        rows, cols = self.shape
        return f"{self.name} ({cols}x{rows} px, {self.pixel_size_m:g} m/px, {self.projection.kind})"

    def sha256(self) -> str | None:
        """SHA-256 of the file the DEM was read from (and of the IMG for a PDS3 label)."""
        source = self.provenance.get("data_file") or self.path
        return file_sha256(Path(source)) if source else None


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def heights_from_raw(raw: np.ndarray, scale: float, offset: float, nodata, radius_m: float) -> np.ndarray:
    """Raw samples → float32 heights above the sphere [m]: nodata → NaN, then ``raw * scale + offset``,
    minus the sphere radius when the result is a radius."""
    values = raw.astype(np.float64)
    invalid = ~np.isfinite(values)
    if nodata is not None and np.isfinite(nodata):
        invalid |= raw == nodata
    values = values * scale + offset
    values[invalid] = np.nan
    if np.isfinite(values).any() and np.nanmedian(values) > RADIUS_THRESHOLD_M:
        values -= radius_m
    return values.astype(np.float32)


def read_geotiff(path: Path) -> Dem:
    """A GeoTIFF DEM (band 1) with its CRS, transform, scale/offset and nodata honoured."""
    import rasterio

    try:
        dataset = rasterio.open(path)
    except rasterio.errors.RasterioIOError as exc:
        raise MoonbaseError(f"{path}: cannot read as GeoTIFF ({exc})") from None
    with dataset:
        if dataset.crs is None:
            raise MoonbaseError(f"{path}: the GeoTIFF has no CRS; expected lunar polar stereographic or equirectangular")
        transform = dataset.transform
        if abs(transform.b) > 1e-9 or abs(transform.d) > 1e-9:
            raise MoonbaseError(f"{path}: rotated grids are not supported (transform {tuple(transform)[:6]})")
        projection = projection_from_crs(dataset.crs, str(path))
        try:
            raw = dataset.read(1)
        except rasterio.errors.RasterioError as exc:  # truncated or corrupt image data behind a valid header
            raise MoonbaseError(f"{path}: the GeoTIFF's image data cannot be read ({exc}); the file may be truncated") from None
        heights = heights_from_raw(raw, float(dataset.scales[0] or 1.0), float(dataset.offsets[0] or 0.0),
                                   dataset.nodata, projection.radius_m)
        tags = dataset.tags()
    return Dem(heights, projection, (transform.c, transform.f, transform.a, transform.e), name=path.name, path=path,
               provenance={"format": "GeoTIFF", "product": tags.get("SOURCE_PRODUCT", path.name), "tags": tags})


def read_dem(path: str | Path) -> Dem:
    """Read a DEM: GeoTIFF (``.tif``) or PDS3 (``.img`` with its ``.lbl``, or the ``.lbl``)."""
    path = Path(path).expanduser()
    if not path.exists():
        raise InputError("dem_paths", str(path), "an existing DEM file (GeoTIFF .tif, or PDS3 .img/.lbl)")
    suffix = path.suffix.lower()
    if suffix in GEOTIFF_SUFFIXES:
        return read_geotiff(path)
    if suffix in PDS3_SUFFIXES:
        from .pds3 import read_pds3

        return read_pds3(path)
    raise InputError("dem_paths", str(path), "a GeoTIFF (.tif/.tiff) or a PDS3 product (.img/.lbl)")
