"""Built-in horizon masks of the named sites, shipped with the package so plans work offline.

``data/site_horizons.csv`` holds one column per site and observer height (``<site>@<h>m``)
on a uniform azimuth grid; ``data/site_horizons.json`` holds its provenance: the DEM products
and their SHA-256, the method's parameters and the command that made it
(``moonbase terrain site-table --dem ... --out src/moonbase/data``). No terrain file is
shipped, only these masks.
"""

from __future__ import annotations

import json
import shlex
import sys
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .. import __version__
from ..geometry import SurfacePoint
from ..output import columns_to_csv, dumps_json, write_text_atomic
from ..sites import catalogue
from .horizon import DEFAULT_AZIMUTHS, DEFAULT_GROWTH, DEFAULT_MAX_DISTANCE_KM, FINE_STEP_FRACTION, Horizon, site_horizon
from .stack import OutsideTerrainError, TerrainStack

TABLE_NAME = "site_horizons.csv"
PROVENANCE_NAME = "site_horizons.json"
#: Observer heights of the table [m], 0 to 50 m, with 2 m (a person) and 10 m (a mast) of Gläser et al. 2014
#: among them. Between two heights the horizon is interpolated linearly in tan(elevation), which is exact for
#: any one crest (tan e = (Δz - h)/d - d/2R is linear in the observer height h) and wrong only where the
#: crest that tops the skyline changes. The grid is densest low
#: down, where the near field changes fastest: with it the interpolation error, measured against the exact
#: method at every mid-height by `build_site_table`, is stored in the provenance (`interpolation_error_deg`).
TABLE_HEIGHTS_M = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.5, 15.0, 17.5, 20.0, 25.0, 30.0,
                   35.0, 40.0, 45.0, 50.0)
#: Stored precision [deg]: 0.01°, finer than what 240 m terrain resolves near a site (~0.05°) and ~2 % of the Sun's radius.
TABLE_DECIMALS = 2
#: Coordinates within this of a named site use its built-in horizon [deg] (~0.1 m at the pole).
MATCH_TOLERANCE_DEG = 1e-6


def _column(site: str, height_m: float) -> str:
    return f"{site}@{height_m:g}m"


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, np.ndarray], dict]:
    data = resources.files("moonbase").joinpath("data")
    table_file, provenance_file = data.joinpath(TABLE_NAME), data.joinpath(PROVENANCE_NAME)
    if not table_file.is_file():
        return {}, {}
    lines = [line for line in table_file.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    names = lines[0].split(",")
    values = np.array([[float(v) for v in line.split(",")] for line in lines[1:]])
    columns = {name: values[:, i] for i, name in enumerate(names)}
    provenance = json.loads(provenance_file.read_text(encoding="utf-8")) if provenance_file.is_file() else {}
    return columns, provenance


def builtin_sites() -> dict[str, list[float]]:
    """Sites in the built-in table and their observer heights [m]."""
    columns, _ = _table()
    sites: dict[str, list[float]] = {}
    for name in columns:
        if "@" in name:
            site, height = name.split("@")
            sites.setdefault(site, []).append(float(height.removesuffix("m")))
    return sites


def _matching_site(point: SurfacePoint) -> str | None:
    sites = builtin_sites()
    aliases = _table()[1].get("aliases", {})
    if point.name in sites:
        return point.name
    if point.name in aliases:
        return aliases[point.name]
    for key in sites:
        site = catalogue().get(key)
        if site and abs(site.lat_deg - point.lat_deg) < MATCH_TOLERANCE_DEG and \
                abs((site.lon_deg - point.lon_deg + 180.0) % 360.0 - 180.0) < MATCH_TOLERANCE_DEG:
            return key
    return None


def interpolate_in_height(lower_deg: np.ndarray, upper_deg: np.ndarray, weight: float) -> np.ndarray:
    """Horizon elevations [deg] a fraction ``weight`` of the way from one table height to the next."""
    tangent = (1.0 - weight) * np.tan(np.radians(lower_deg)) + weight * np.tan(np.radians(upper_deg))
    return np.degrees(np.arctan(tangent))


def builtin_heights() -> tuple[float, float] | None:
    """Lowest and highest observer height of the built-in table [m] (None without a table)."""
    heights = sorted({h for hs in builtin_sites().values() for h in hs})
    return (heights[0], heights[-1]) if heights else None


def builtin_horizon(point: SurfacePoint) -> Horizon | None:
    """The shipped horizon of ``point`` if it is a named site (by name or coordinates) within the table's
    heights: the stored column at a table height, else linear interpolation between the two around it."""
    columns, provenance = _table()
    key = _matching_site(point)
    if key is None:
        return None
    heights = sorted(builtin_sites().get(key, []))
    h = float(point.height_m)
    if not heights or not heights[0] <= h <= heights[-1]:
        return None
    upper = next(x for x in heights if x >= h)
    lower = max(x for x in heights if x <= h)
    if upper == lower:
        elevation, how = columns[_column(key, h)], _column(key, h)
    else:
        elevation = interpolate_in_height(columns[_column(key, lower)], columns[_column(key, upper)],
                                          (h - lower) / (upper - lower))
        how = f"{_column(key, lower)} and {_column(key, upper)}, tan(elevation) linear in height"
    products = " + ".join(d.get("file", "") for d in provenance.get("dems", []))
    site_record = provenance.get("sites", {}).get(key, {})
    error = provenance.get("interpolation_error_deg", {})
    note = "" if upper == lower else (f"; interpolated, within {error.get('worst', float('nan')):.2f}° of the exact "
                                      f"method (RMS {error.get('rms_worst_site', float('nan')):.3f}°) at the table's mid-heights")
    return Horizon(columns["azimuth_deg"], elevation,
                   source=f"built-in table moonbase/data/{TABLE_NAME} ({key} at {h:g} m; from {products}{note})",
                   point=point, ground_height_m=float(site_record.get("ground_height_m", np.nan)),
                   provenance={"method": "built-in table", "table": TABLE_NAME, "column": how,
                               "built_with": provenance.get("command", ""), "dems": provenance.get("dems", [])})


def build_site_table(stack: TerrainStack, heights_m=TABLE_HEIGHTS_M, n_azimuths: int = DEFAULT_AZIMUTHS,
                     max_distance_km: float = DEFAULT_MAX_DISTANCE_KM, command: str | None = None):
    """Horizons of every named site inside ``stack`` at each height: ``(columns, provenance)``."""
    columns: dict[str, np.ndarray] = {}
    sites, skipped, aliases, seen = {}, {}, {}, {}
    for key, site in catalogue().items():
        place = (round(site.lat_deg, 9), round(site.lon_deg % 360.0, 9))
        if place in seen:  # the same coordinates under another name: stored once
            aliases[key] = seen[place]
            continue
        try:
            horizons = [site_horizon(stack, site.point(h), n_azimuths, max_distance_km) for h in heights_m]
        except OutsideTerrainError:
            skipped[key] = f"{site.lat_deg:.3f}, {site.lon_deg:.3f}: outside the DEMs"
            continue
        seen[place] = key
        columns.setdefault("azimuth_deg", horizons[0].azimuth_deg)
        stored = [np.round(horizon.elevation_deg, TABLE_DECIMALS) for horizon in horizons]
        for h, values in zip(heights_m, stored):
            columns[_column(key, h)] = values
        worst, rms = 0.0, 0.0
        for i in range(len(heights_m) - 1):  # the interpolation error at each mid-height, against the exact method
            middle = 0.5 * (heights_m[i] + heights_m[i + 1])
            exact = site_horizon(stack, site.point(middle), n_azimuths, max_distance_km).elevation_deg
            error = np.abs(interpolate_in_height(stored[i], stored[i + 1], 0.5) - exact)
            worst, rms = max(worst, float(error.max())), max(rms, float(np.sqrt(np.mean(error ** 2))))
        sites[key] = {"lat_deg": site.lat_deg, "lon_deg": site.lon_deg,
                      "ground_height_m": round(horizons[0].ground_height_m, 2),
                      "min_reach_km": round(float(np.min(horizons[0].reach_km)), 1),
                      "interpolation_worst_deg": round(worst, 3), "interpolation_rms_deg": round(rms, 4)}
    provenance = {
        "what": "terrain horizon masks of the named sites; elevation [deg] above the sphere's local horizontal, "
                "azimuth from local north (toward the lunar north pole along the site's meridian) through east",
        "command": command or "moonbase " + " ".join(shlex.quote(a) for a in sys.argv[1:]),
        "moonbase_version": __version__,
        "generated_utc": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "method": {"kind": "exact ray march (moonbase.terrain.horizon.site_horizon)", "n_azimuths": n_azimuths,
                   "max_distance_km": max_distance_km, "growth": DEFAULT_GROWTH,
                   "fine_step_m": FINE_STEP_FRACTION * stack.finest_pixel_m, "heights_m": list(heights_m),
                   "decimals": TABLE_DECIMALS},
        "dems": stack.provenance(with_checksums=True),
        "sites": sites,
        "interpolation_error_deg": {
            "what": "|interpolation (tan e linear in h) between neighbouring table heights - exact method| at every mid-height, "
                    "all azimuths: worst over sites and azimuths, and the worst site's RMS",
            "worst": round(max([s["interpolation_worst_deg"] for s in sites.values()] or [0.0]), 3),
            "rms_worst_site": round(max([s["interpolation_rms_deg"] for s in sites.values()] or [0.0]), 4)},
        "aliases": aliases,
        "skipped": skipped,
        "caveat": "Terrain at the DEMs' resolution smooths the near field (a 240 m grid hides boulders and "
                  "metre-scale relief); min_reach_km < max_distance_km means data ended before the horizon was "
                  "provably complete in some direction.",
    }
    return columns, provenance


def write_site_table(stack: TerrainStack, out_dir: str | Path, **kwargs) -> tuple[Path, Path]:
    """Build the table and write ``site_horizons.csv`` and ``site_horizons.json`` into ``out_dir``."""
    columns, provenance = build_site_table(stack, **kwargs)
    out_dir = Path(out_dir)
    header = (f"# built by: {provenance['command']}\n"
              f"# provenance: {PROVENANCE_NAME}\n")
    text = columns_to_csv(columns)
    table = write_text_atomic(out_dir / TABLE_NAME, header + _compact(text))
    meta = write_text_atomic(out_dir / PROVENANCE_NAME, dumps_json(provenance) + "\n")
    _table.cache_clear()
    return table, meta


def _compact(csv_text: str) -> str:
    """Drop trailing zeros of the fixed 6-decimal CSV output (values are rounded to TABLE_DECIMALS)."""
    out = []
    for line in csv_text.splitlines():
        cells = [c.rstrip("0").rstrip(".") if "." in c else c for c in line.split(",")]
        out.append(",".join(cells))
    return "\n".join(out) + "\n"
