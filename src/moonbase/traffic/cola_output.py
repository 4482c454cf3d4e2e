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


#: The narrowest bar drawn for an interval, as a share of the window: 1/200 (about 4 px of a 900-px plot). A
#: closure of one second in a two-hour window is 1/7,200 of it, under a pixel: drawn at its true width it vanishes.
MIN_BAR_FRACTION = 0.005


def _utc(value: str) -> np.datetime64:
    return np.datetime64(value.rstrip("Z"), "s")


def interval_bars(intervals: list[dict], min_fraction: float = MIN_BAR_FRACTION) -> dict[str, list]:
    """The intervals as a table to draw: true start, end (exclusive) and duration, and the bar drawn for each.

    A bar is at least ``min_fraction`` of the window wide, centred on its interval and kept inside the window,
    so a one-second closure (or opening) stays visible at any window length; ``widened`` says which bars are
    wider than their interval. The true times are the ones to read.
    """
    window_start, window_end = _utc(intervals[0]["start_utc"]), _utc(intervals[-1]["end_utc"])
    window_s = int((window_end - window_start) / np.timedelta64(1, "s"))
    least_s = int(np.ceil(min_fraction * window_s))  # whole seconds, as the sweep's
    columns: dict[str, list] = {k: [] for k in ("state", "start_utc", "end_utc", "duration_s", "bar_start_utc",
                                                "bar_end_utc", "widened", "closest_km", "objects")}
    for interval in intervals:
        start, duration = _utc(interval["start_utc"]), interval["duration_s"]
        width = max(int(duration), least_s)
        offset = int((start - window_start) / np.timedelta64(1, "s")) - (width - duration) // 2
        bar_start = window_start + np.timedelta64(max(0, min(offset, window_s - width)), "s")
        bar_end = bar_start + np.timedelta64(width, "s")
        for key, value in (("state", interval["state"]), ("start_utc", interval["start_utc"]),
                           ("end_utc", interval["end_utc"]), ("duration_s", duration),
                           ("bar_start_utc", f"{np.datetime_as_string(bar_start, unit='s')}Z"),
                           ("bar_end_utc", f"{np.datetime_as_string(bar_end, unit='s')}Z"),
                           ("widened", width > duration), ("closest_km", interval.get("closest_km")),
                           ("objects", interval.get("objects", ""))):
            columns[key].append(value)
    return columns


def closed_interval_lines(intervals: list[dict], limit: int = 30) -> list[str]:
    """One line per closed interval (start to end UTC, duration, the objects that close it), the first ``limit``."""
    closed = [i for i in intervals if i["state"] == "closed"]
    if not closed:
        return ["No closed interval: the whole window is open."]
    lines = [f"Closed {i['start_utc']} to {i['end_utc']} ({i['duration_s']:,} s"
             + (f"; objects {i['objects']})" if i.get("objects") else ")") for i in closed[:limit]]
    if len(closed) > limit:
        lines.append(f"... and {len(closed) - limit:,} more closed intervals (all in intervals.csv)")
    return lines


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

