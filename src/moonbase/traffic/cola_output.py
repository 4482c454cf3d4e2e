"""COLA results as files: open/closed intervals (CSV, JSON), per-object closest approaches, a timeline plot."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from ..output import atomic_directory, columns_to_csv, dumps_json
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


def timeline_figure(result: ColaResult, title: str = "Launch window: closed and open seconds") -> go.Figure:
    """Closed intervals as red bands over the closest approach's margin (distance / threshold) per launch second."""
    figure = go.Figure()
    x = result.launch_utc.astype("datetime64[ms]")
    margin = np.where(np.isfinite(result.closest_ratio), result.closest_ratio, np.nan)
    figure.add_trace(go.Scattergl(x=x, y=margin, mode="lines", name="closest distance / its threshold",
                                  line={"width": 1.2, "color": "#1f77b4"}))
    for interval in result.intervals():
        if interval["state"] == "closed":
            figure.add_vrect(x0=interval["start_utc"].rstrip("Z"), x1=interval["end_utc"].rstrip("Z"),
                             fillcolor="#d62728", opacity=0.35, line_width=0)
    figure.add_hline(y=1.0, line={"color": "#888", "dash": "dot", "width": 1})
    s = result.settings
    figure.update_layout(
        title=f"{title}<br><sup>{s['site']} → {s['altitude_km']:g} km × {s['inclination_deg']:g}°; red: closed "
              f"({int(result.closed.sum())} of {result.closed.size} s); below 1 closes; blank: nothing within reach</sup>",
        xaxis_title="liftoff time (UTC)", yaxis_title="distance / threshold", template="plotly_white", height=360,
        margin={"l": 60, "r": 20, "t": 80, "b": 50}, legend={"orientation": "h", "y": -0.25},
        yaxis={"range": [0, 5]},
    )
    return figure


def write_cola(result: ColaResult, out_dir: str | Path, force: bool = False) -> Path:
    """``intervals.csv``, ``cola.json``, ``closest.csv``, ``seconds.csv`` and ``timeline.html`` in ``out_dir``."""
    summary = cola_summary(result)
    intervals = summary["intervals"]
    with atomic_directory(out_dir, "cola", force) as staging:
        (staging / "intervals.csv").write_text(columns_to_csv({k: [i[k] for i in intervals] for k in intervals[0]}), encoding="utf-8")
        (staging / "cola.json").write_text(dumps_json(summary), encoding="utf-8")
        (staging / "closest.csv").write_text(columns_to_csv(closest_table(result)), encoding="utf-8")
        (staging / "seconds.csv").write_text(columns_to_csv({
            "launch_utc": [f"{t}Z" for t in result.launch_utc.astype(str)],
            "closed": result.closed.astype(int), "closest_norad": result.closest_norad,
            "closest_km": np.where(np.isfinite(result.closest_km), result.closest_km, np.nan),
        }), encoding="utf-8")
        (staging / "timeline.html").write_text(timeline_figure(result).to_html(include_plotlyjs=True, full_html=True), encoding="utf-8")
    return Path(out_dir)
