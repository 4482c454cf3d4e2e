"""Which terrain answers a question: DEMs given by the user, fetched products, or the built-in table.

Order: ``dem_paths`` (never second-guessed); else the LOLA products fetched into the user
cache (``moonbase data fetch``); else, for a named site at a table height, the built-in horizon.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import MoonbaseError
from ..geometry import SurfacePoint
from .builtin import TABLE_HEIGHTS_M, builtin_horizon
from .cache import fetched_dem_paths
from .horizon import DEFAULT_AZIMUTHS, DEFAULT_MAX_DISTANCE_KM, Horizon, site_horizon
from .stack import OutsideTerrainError, TerrainStack

#: How to supply DEMs (for commands that need them).
DEM_HINT = ("pass dem_paths=[PATH, ...]: LOLA GeoTIFFs or PDS3 .LBL/.IMG, finest first; or fetch one with "
            "`moonbase data fetch LDEM_80S_240M`")
NO_TERRAIN_HINT = (DEM_HINT + ", or use a named site (`moonbase sites`) between "
                   f"{min(TABLE_HEIGHTS_M):g} and {max(TABLE_HEIGHTS_M):g} m for its built-in horizon")


def terrain_stack(dem_paths: Sequence[str | Path] = (), cache_dir: str | Path | None = None) -> TerrainStack | None:
    """The user's DEMs, else the fetched products, else None."""
    if dem_paths:
        return TerrainStack.from_paths(dem_paths)
    fetched = fetched_dem_paths(cache_dir)
    return TerrainStack.from_paths(fetched) if fetched else None


def required_terrain_stack(dem_paths: Sequence[str | Path] = (), what: str = "this command") -> TerrainStack:
    """:func:`terrain_stack`, or a one-line error saying that ``what`` needs terrain and how to supply it."""
    stack = terrain_stack(dem_paths)
    if stack is None:
        raise MoonbaseError(f"{what} needs terrain: {DEM_HINT}")
    return stack


def resolve_horizon(point: SurfacePoint, dem_paths: Sequence[str | Path] = (), n_azimuths: int = DEFAULT_AZIMUTHS,
                    max_distance_km: float = DEFAULT_MAX_DISTANCE_KM, cache_dir: str | Path | None = None) -> Horizon:
    """The horizon of ``point`` from the best terrain available (see the module docstring)."""
    stack = terrain_stack(dem_paths, cache_dir)
    if stack is not None:
        try:
            return site_horizon(stack, point, n_azimuths, max_distance_km)
        except OutsideTerrainError:
            if dem_paths:
                raise
    builtin = builtin_horizon(point)
    if builtin is not None:
        if builtin.azimuth_deg.size != n_azimuths:
            raise MoonbaseError(f"the built-in horizon has {builtin.azimuth_deg.size} azimuths, not {n_azimuths}; "
                                f"for other grids {DEM_HINT}")
        return builtin
    where = point.name or f"{point.lat_deg:.4f}°, {point.lon_deg:.4f}°E"
    raise MoonbaseError(f"no terrain for {where} at {point.height_m:g} m: {NO_TERRAIN_HINT}")
