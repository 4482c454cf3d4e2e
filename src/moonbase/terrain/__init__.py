"""Lunar terrain: LOLA DEMs (GeoTIFF, PDS3), stacks, exact site horizons, whole-map sweeps, slopes, fetching.

>>> from moonbase.terrain import builtin_horizon
>>> from moonbase.sites import get_site
>>> horizon = builtin_horizon(get_site("connecting-ridge").point(2.0))
>>> horizon.azimuth_deg.size, round(float(horizon.azimuth_deg[1]), 1)
(720, 0.5)

With DEMs: ``site_horizon(TerrainStack.from_paths(paths), point)`` for one site (exact), and
``for piece in HorizonSweep(stack, observer_height_m=2.0)(grid_azimuths): ...`` for every pixel,
one azimuth at a time.
"""

from .builtin import builtin_horizon, builtin_sites
from .dem import Dem, read_dem
from .horizon import Horizon, azimuth_grid, horizon_elevations, site_horizon
from .projection import MapProjection, south_polar_stereographic
from .source import resolve_horizon, terrain_stack
from .stack import OutsideTerrainError, TerrainStack
from .sweep import HorizonSweep, SweepSlice, grid_to_local, save_horizon_cube, sweep_horizons

__all__ = [
    "Dem", "Horizon", "HorizonSweep", "MapProjection", "OutsideTerrainError", "SweepSlice", "TerrainStack",
    "azimuth_grid", "builtin_horizon", "builtin_sites", "grid_to_local", "horizon_elevations", "read_dem", "resolve_horizon",
    "save_horizon_cube", "site_horizon", "south_polar_stereographic", "sweep_horizons", "terrain_stack",
]
