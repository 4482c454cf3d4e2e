"""Ranking candidate sites on their sunlight and Earth visibility over the same period and height."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ..ephemeris import MoonSky
from ..errors import MoonbaseError
from ..sites import get_site, same_point_groups
from ..terrain.source import resolve_horizon
from .site import SiteEnvironment, assess

#: Ranked on sunlight first (any part of the Sun visible), then the shorter longest darkness, then Earth visibility.
ORDER = "sun_any_pct (desc), longest_dark_h (asc), earth_any_pct (desc)"


def rank_sites(sky: MoonSky, keys: Sequence[str], height_m: float, dem_paths: Sequence[str | Path] = (),
               progress=None, assessed: Mapping[str, SiteEnvironment] | None = None) -> list[dict]:
    """Statistics for each named site, best first; sites without terrain are listed last with the reason.

    Names of the same point (e.g. ``change8-ridge`` and ``connecting-ridge``) are ranked once: the row
    carries the first name and lists the others under ``same_point_as``.
    ``assessed``: environments already computed for some of the keys (at ``height_m``, over ``sky``), used as given.
    """
    rows, missing = [], []
    for group in same_point_groups(keys):
        key = group[0]
        site = get_site(key)
        point = site.point(height_m)
        if assessed and key in assessed:
            env = assessed[key]
            rows.append({"key": key, "name": site.name, "group": site.group, "approximate": site.approximate,
                         "same_point_as": group[1:], **env.record()})
            if progress is not None:
                for _ in group:
                    progress()
            continue
        try:
            horizon = resolve_horizon(point, dem_paths)
        except MoonbaseError as exc:  # no terrain for this site: say why, keep ranking the rest
            missing.append({"key": key, "name": site.name, "group": site.group, "same_point_as": group[1:],
                            "error": str(exc)})
            continue
        finally:
            if progress is not None:
                for _ in group:
                    progress()
        env = assess(sky, point, horizon.to_mask(), horizon.source)
        rows.append({"key": key, "name": site.name, "group": site.group, "approximate": site.approximate,
                     "same_point_as": group[1:], **env.record()})
    rows.sort(key=lambda r: (-r["sun_any_pct"], r["longest_dark_h"], -r["earth_any_pct"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows + missing
