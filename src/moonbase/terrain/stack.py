"""Several DEMs as one terrain: each used where it has data, the finest first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import InputError, MoonbaseError
from ..kernels.terrain_sampling import stack_heights
from .dem import Dem, read_dem


class OutsideTerrainError(InputError):
    """A point where no DEM of the stack has data."""


class TerrainStack:
    """DEMs ordered finest first; a height comes from the first DEM with valid data at the point.

    >>> # TerrainStack.from_paths(["LDEM_875S_5M.LBL", "LDEM_80S_240M.LBL"])  # 5 m near, 240 m far
    """

    def __init__(self, dems: Sequence[Dem]):
        if not dems:
            raise MoonbaseError("no DEM given: pass dem_paths=[PATH, ...] or fetch one with `moonbase data fetch`")
        self.dems = sorted(dems, key=lambda dem: dem.pixel_size_m)  # stable: equal sizes keep the given order

    @classmethod
    def from_paths(cls, paths: Sequence[str | Path]) -> "TerrainStack":
        return cls([read_dem(p) for p in paths])

    def __len__(self) -> int:
        return len(self.dems)

    def kernel_inputs(self) -> tuple[tuple, np.ndarray, np.ndarray]:
        """``(grids, geotransforms (n, 4), projections (n, 7))`` for :mod:`moonbase.kernels.terrain_sampling`."""
        grids = tuple(dem.heights_m for dem in self.dems)
        gts = np.array([dem.gt_array() for dem in self.dems], dtype=np.float64)
        projs = np.array([dem.projection.params() for dem in self.dems], dtype=np.float64)
        return grids, gts, projs

    @property
    def finest_pixel_m(self) -> float:
        return self.dems[0].pixel_size_m

    def describe(self) -> str:
        return " + ".join(dem.describe() for dem in self.dems)

    def provenance(self, with_checksums: bool = False) -> list[dict]:
        """One record per DEM: file, product, grid, pixel size and (optionally) SHA-256."""
        records = []
        for dem in self.dems:
            record = {"file": dem.name, "product": dem.provenance.get("product", dem.name),
                      "format": dem.provenance.get("format", ""), "pixel_m": dem.pixel_size_m,
                      "shape": list(dem.shape), "projection": dem.projection.proj4()}
            if with_checksums and dem.path is not None:
                record["sha256"] = dem.sha256()
            records.append(record)
        return records

    def sample(self, lat_deg, lon_deg, allow_outside: bool = False) -> np.ndarray:
        """Heights above the sphere [m] at latitudes/longitudes [deg] (broadcast together).

        A point outside every DEM is an :class:`OutsideTerrainError` naming it and the DEMs'
        coverage, unless ``allow_outside`` (then NaN).
        """
        lat_b, lon_b = np.broadcast_arrays(np.asarray(lat_deg, dtype=float), np.asarray(lon_deg, dtype=float))
        lat = np.ascontiguousarray(np.radians(lat_b).ravel())
        lon = np.ascontiguousarray(np.radians(lon_b).ravel())
        out = np.empty(lat.shape, dtype=np.float64)
        stack_heights(*self.kernel_inputs(), lat, lon, out)
        if not allow_outside and np.isnan(out).any():
            bad = int(np.flatnonzero(np.isnan(out))[0])
            point = f"{np.degrees(lat[bad]):.4f}°, {np.degrees(lon[bad]):.4f}°E"
            raise OutsideTerrainError("point", point, f"a point inside one of the DEMs: {self.coverage_text()}")
        return out.reshape(lat_b.shape)

    def coverage_text(self) -> str:
        """Each DEM's latitude range where it has data, for error messages."""
        parts = []
        for dem in self.dems:
            rows, cols = np.nonzero(np.isfinite(dem.heights_m[::max(1, dem.shape[0] // 256), ::max(1, dem.shape[1] // 256)]))
            if rows.size == 0:
                parts.append(f"{dem.name}: no valid data")
                continue
            step_r, step_c = max(1, dem.shape[0] // 256), max(1, dem.shape[1] // 256)
            lat, _ = dem.pixel_latlon(rows * step_r, cols * step_c)
            parts.append(f"{dem.name} covers {lat.min():.2f}° to {lat.max():.2f}° latitude")
        return "; ".join(parts)
