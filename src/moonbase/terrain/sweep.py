"""Horizons of every pixel of a map, streamed one azimuth at a time.

>>> # for grid_az, elevation in sweep_horizons(stack, n_azimuths=720):   # one (rows, cols) map per azimuth
>>> #     local_az = (grid_az - sweep.north_bearing_deg) % 360             # per pixel, see below
>>> #     ...                                                             # accumulate statistics; never the cube

Azimuths here are **map bearings** (grid azimuths): clockwise from the map's +y axis. The
local azimuth of the same direction at a pixel (from local north through east, the `ephem`
convention) is ``grid_azimuth - north_bearing_deg[pixel]``, where ``north_bearing_deg`` is the
map bearing of local north there (for the south polar maps: the pixel's east longitude).
The map is conformal, so this offset is exact. A sweep over uniform grid azimuths therefore
gives every pixel a uniform ring of local azimuths, shifted by its own offset;
:meth:`HorizonSweep.local_horizons` resamples selected pixels onto local azimuths.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import InputError, MoonbaseError
from ..kernels.sweep import sweep_direction
from .dem import Dem
from .horizon import DEFAULT_AZIMUTHS, DEFAULT_GROWTH, DEFAULT_MAX_DISTANCE_KM, azimuth_grid
from .stack import TerrainStack

#: Pixels along each pixel's own ray before the shared lines take over: the lines pass up to half a pixel
#: aside, which shifts the profile by (lateral slope x 120 m) at 240 m; interpolating between the two lines
#: leaves a residue that fades with distance. Against the exact method at 200 random pixels of the real tile
#: (benchmarks/bench_terrain.py): 8 pixels left 0.58° at one steep pixel, 12 leave 0.32°; 16 left 0.30°
#: (the worst then at an edge pixel) for 10 % more time.
NEAR_STEPS = 12
#: Largest cube :func:`save_horizon_cube` writes (pixels × azimuths): 2·10⁸ int16 values = 400 MB.
MAX_CUBE_VALUES = 200_000_000
#: Quantisation of a saved cube [deg per count]: 0.01° (int16 spans ±327°; finer than 240 m terrain resolves).
CUBE_SCALE_DEG = 0.01


@dataclass(frozen=True)
class SweepSlice:
    """One azimuth of a sweep: the grid azimuth [deg] and the ``(rows, cols)`` horizon elevations [deg]."""

    grid_azimuth_deg: float
    elevation_deg: np.ndarray


class HorizonSweep:
    """Fast horizons for every pixel of a window of the stack's finest DEM.

    ``window``: ``(row_start, row_stop, col_start, col_stop)`` of ``region`` (default: the whole
    finest DEM). Terrain beyond the window comes from every DEM of the stack (finest first), up
    to ``max_distance_km`` past the window's edge. All DEMs must share the region's polar
    stereographic projection (reproject others first, e.g. with ``gdalwarp``).
    """

    def __init__(self, stack: TerrainStack, window: tuple[int, int, int, int] | None = None,
                 observer_height_m: float = 0.0, max_distance_km: float = DEFAULT_MAX_DISTANCE_KM,
                 growth: float = DEFAULT_GROWTH, region: Dem | None = None, near_steps: int = NEAR_STEPS):
        self.stack = stack
        self.region = region or stack.dems[0]
        projection = self.region.projection
        if not projection.is_polar:
            raise MoonbaseError(f"{self.region.name}: horizon sweeps need a polar stereographic map "
                                f"(got {projection.kind}); use site_horizon for single points")
        for dem in stack.dems:
            if dem.projection != projection:
                raise MoonbaseError(f"{dem.name}: its projection differs from {self.region.name}'s; "
                                    "reproject it to the same polar stereographic grid definition first")
        rows, cols = self.region.shape
        r0, r1, c0, c1 = window or (0, rows, 0, cols)
        if not (0 <= r0 < r1 <= rows and 0 <= c0 < c1 <= cols and r1 - r0 >= 2 and c1 - c0 >= 2):
            raise InputError("window", window, f"(row_start, row_stop, col_start, col_stop) within {rows} x {cols}")
        self.window = (r0, r1, c0, c1)
        # Computed on the window plus a margin of `near_steps` pixels (where the DEM has them), so the pixels
        # at the window's edge see their near field on the DEM itself; cropped on output.
        margin = int(near_steps) + 1
        self._padded = (max(0, r0 - margin), min(rows, r1 + margin), max(0, c0 - margin), min(cols, c1 + margin))
        pr0, pr1, pc0, pc1 = self._padded
        self._crop = (slice(r0 - pr0, r1 - pr0), slice(c0 - pc0, c1 - pc0))
        self.heights = self.region.heights_m[r0:r1, c0:c1]
        self._heights_padded = np.ascontiguousarray(self.region.heights_m[pr0:pr1, pc0:pc1])
        self._heights_padded_t = np.ascontiguousarray(self._heights_padded.T)
        x0, y0, dx, dy = self.region.geotransform
        self.geotransform = (x0 + c0 * dx, y0 + r0 * dy, dx, dy)
        self._padded_geotransform = (x0 + pc0 * dx, y0 + pr0 * dy, dx, dy)
        self.observer_height_m = float(observer_height_m)
        self.max_distance_m = float(max_distance_km) * 1000.0
        self.growth = float(growth)
        self.near_steps = int(near_steps)
        self._ext = (tuple(d.heights_m for d in stack.dems), np.array([d.gt_array() for d in stack.dems]),
                     np.array([d.pixel_size_m for d in stack.dems]))

    @property
    def shape(self) -> tuple[int, int]:
        return self.heights.shape

    def pixel_latlon(self, rows, cols) -> tuple[np.ndarray, np.ndarray]:
        """Latitude and east longitude [deg] of window pixels."""
        x0, y0, dx, dy = self.geotransform
        return self.region.projection.inverse(x0 + (np.asarray(cols) + 0.5) * dx, y0 + (np.asarray(rows) + 0.5) * dy)

    def north_bearing_deg(self, rows=None, cols=None) -> np.ndarray:
        """Map bearing of local north [deg] at window pixels (all pixels by default)."""
        if rows is None:
            rows, cols = np.mgrid[0:self.shape[0], 0:self.shape[1]]
        lat, lon = self.pixel_latlon(rows, cols)
        projection = self.region.projection
        x, y = projection.forward(lat, lon)
        xn, yn = projection.forward(np.minimum(lat + 1e-4, 90.0), lon)
        return np.mod(np.degrees(np.arctan2(xn - x, yn - y)), 360.0)

    def direction(self, grid_azimuth_deg: float) -> np.ndarray:
        """Horizon elevations [deg] of every window pixel toward one map bearing, ``(rows, cols)`` float32."""
        bearing = np.radians(grid_azimuth_deg)
        ux, uy = float(np.sin(bearing)), float(np.cos(bearing))
        x0, y0, dx, dy = self._padded_geotransform
        centre = np.array([x0 + 0.5 * dx, y0 + 0.5 * dy])
        along_cols = abs(ux) / abs(dx) >= abs(uy) / abs(dy)  # march along columns when the direction is closer to x
        grids, gts, pixel = self._ext
        proj = self.region.projection.params()
        if along_cols:
            out = np.empty(self._heights_padded.shape, dtype=np.float32)
            sweep_direction(self._heights_padded, centre, np.array([dx, 0.0]), np.array([0.0, dy]), ux, uy, proj, grids,
                            gts, pixel, self.observer_height_m, self.max_distance_m, self.growth, self.near_steps, out)
        else:
            out_t = np.empty(self._heights_padded_t.shape, dtype=np.float32)
            sweep_direction(self._heights_padded_t, centre, np.array([0.0, dy]), np.array([dx, 0.0]), ux, uy, proj, grids,
                            gts, pixel, self.observer_height_m, self.max_distance_m, self.growth, self.near_steps, out_t)
            out = out_t.T
        return np.ascontiguousarray(out[self._crop])

    def __call__(self, grid_azimuths_deg) -> Iterator[SweepSlice]:
        for azimuth in np.asarray(grid_azimuths_deg, dtype=float):
            yield SweepSlice(float(azimuth), self.direction(azimuth))

    def local_horizons(self, rows, cols, n_azimuths: int = DEFAULT_AZIMUTHS, progress=None) -> np.ndarray:
        """Horizons of selected pixels on the local azimuth grid ``azimuth_grid(n)``: ``(pixels, n)`` [deg].

        Sweeps ``n`` grid azimuths, keeps only these pixels, and resamples each pixel's ring from
        grid bearings to local azimuths (periodic linear interpolation).
        """
        rows, cols = np.asarray(rows), np.asarray(cols)
        grid_az = azimuth_grid(n_azimuths)
        collected = np.empty((rows.size, n_azimuths))
        for k, piece in enumerate(self(grid_az)):
            collected[:, k] = piece.elevation_deg[rows, cols]
            if progress is not None:
                progress()
        return grid_to_local(collected, grid_az, self.north_bearing_deg(rows, cols))


def grid_to_local(elevation_deg: np.ndarray, grid_azimuth_deg: np.ndarray, north_bearing_deg: np.ndarray) -> np.ndarray:
    """Resample ``(pixels, n)`` horizons from uniform grid bearings to local azimuths ``azimuth_grid(n)``.

    A pixel whose local north has map bearing β sees grid bearing θ at local azimuth θ − β;
    each ring is interpolated linearly and periodically onto the uniform local grid.
    """
    n = grid_azimuth_deg.size
    local_grid = azimuth_grid(n)
    local = np.empty_like(elevation_deg, dtype=float)
    for i in range(elevation_deg.shape[0]):
        ring_az = np.mod(grid_azimuth_deg - north_bearing_deg[i], 360.0)
        order = np.argsort(ring_az)
        az_sorted, el_sorted = ring_az[order], elevation_deg[i, order]
        local[i] = np.interp(local_grid, np.concatenate([az_sorted - 360.0, az_sorted, az_sorted + 360.0]),
                             np.tile(el_sorted, 3))
    return local


def sweep_horizons(stack: TerrainStack, n_azimuths: int = DEFAULT_AZIMUTHS, window=None, observer_height_m: float = 0.0,
                   max_distance_km: float = DEFAULT_MAX_DISTANCE_KM) -> Iterator[SweepSlice]:
    """Stream ``(grid azimuth, elevation map)`` over ``n_azimuths`` uniform map bearings (see the module docstring)."""
    sweep = HorizonSweep(stack, window, observer_height_m, max_distance_km)
    return sweep(azimuth_grid(n_azimuths))


def save_horizon_cube(path: str | Path, sweep: HorizonSweep, n_azimuths: int = DEFAULT_AZIMUTHS) -> Path:
    """Save a small region's whole horizon cube, quantised to int16 counts of 0.01°, as ``.npz``.

    Arrays: ``elevation_counts`` ``(azimuths, rows, cols)``, ``scale_deg``, ``grid_azimuth_deg``,
    ``north_bearing_deg`` (local azimuth = grid azimuth − north bearing), ``geotransform``,
    ``projection`` (PROJ string) and ``observer_height_m``.
    """
    rows, cols = sweep.shape
    if rows * cols * n_azimuths > MAX_CUBE_VALUES:
        raise InputError("cube size", f"{rows}x{cols}x{n_azimuths}",
                         f"at most {MAX_CUBE_VALUES:,} values: choose a smaller window= or fewer azimuths, "
                         "or stream the sweep instead of saving it")
    grid_az = azimuth_grid(n_azimuths)
    cube = np.empty((n_azimuths, rows, cols), dtype=np.int16)
    for k, piece in enumerate(sweep(grid_az)):
        values = np.round(piece.elevation_deg / CUBE_SCALE_DEG)
        cube[k] = np.where(np.isfinite(values), np.clip(values, -32767, 32767), -32768)
    from ..output import atomic_file

    path = Path(path)
    with atomic_file(path) as tmp, open(tmp, "wb") as stream:
        np.savez_compressed(stream, elevation_counts=cube, scale_deg=CUBE_SCALE_DEG, nodata_count=-32768,
                            grid_azimuth_deg=grid_az, north_bearing_deg=sweep.north_bearing_deg().astype(np.float32),
                            geotransform=np.array(sweep.geotransform), projection=sweep.region.projection.proj4(),
                            observer_height_m=sweep.observer_height_m)
    return path
