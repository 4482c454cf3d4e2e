"""COLA results as data: headline figures and intervals, per-object closest approaches, per-second margins.

Files (and the timeline plot) are written by :mod:`moonbase.report.cola`.
"""

from __future__ import annotations

import numpy as np

from .cola import ColaResult


def cola_summary(result: ColaResult) -> dict:
    """Headline figures and the intervals (the JSON file's content)."""
    intervals = result.intervals()
    closed = [i for i in intervals if i["state"] == "closed"]
    return {
        "settings": result.settings,
        "launch_seconds": int(result.closed.size),
        "closed_seconds": int(result.closed.sum()),
        "open_fraction": float(1.0 - result.closed.mean()),
        "closed_intervals": len(closed),
        "longest_open_s": max((i["duration_s"] for i in intervals if i["state"] == "open"), default=0),
        "objects_screened": int(result.objects_norad.size),
        "excluded": [{"norad": e.norad, "name": e.name, "reason": e.reason} for e in result.excluded],
        "intervals": intervals,
        "closest_approaches": closest_table(result, limit=10, as_records=True),
        "timings_s": {k: round(v, 3) for k, v in result.stats.items() if k.endswith("_s")},
    }


def closest_table(result: ColaResult, limit: int | None = None, as_records: bool = False):
    """Objects that came within reach, closest first: NORAD, name, threshold, closest distance and when."""
    order = np.argsort(result.objects_min_km)
    order = order[np.isfinite(result.objects_min_km[order])][:limit]
    columns = {
        "norad": result.objects_norad[order],
        "name": [result.objects_name[i] for i in order],
        "threshold_km": result.objects_threshold_km[order],
        "closest_km": result.objects_min_km[order],
        "launch_utc": [f"{np.datetime_as_string(result.objects_min_launch_utc[i], unit='s')}Z" for i in order],
        "approach_utc": [f"{np.datetime_as_string(result.objects_min_time_utc[i], unit='s')}Z" for i in order],
    }
    if not as_records:
        return columns
    return [dict(zip(columns, row)) for row in zip(*columns.values())]


def seconds_table(result: ColaResult) -> dict[str, np.ndarray | list]:
    """Every launch second: closed or not, the closest object, its distance and distance / threshold."""
    return {
        "launch_utc": [f"{t}Z" for t in result.launch_utc.astype(str)],
        "closed": result.closed.astype(int), "closest_norad": result.closest_norad,
        "closest_km": np.where(np.isfinite(result.closest_km), result.closest_km, np.nan),
        "closest_over_threshold": np.where(np.isfinite(result.closest_ratio), result.closest_ratio, np.nan),
    }
