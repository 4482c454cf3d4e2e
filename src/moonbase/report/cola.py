"""``moonbase cola`` outputs: intervals.csv, cola.json, closest.csv, seconds.csv and the timeline page."""

from __future__ import annotations

from pathlib import Path

from ..contract import Mark, Plot, Series, Table
from ..output import atomic_directory, columns_to_csv, dumps_json
from ..traffic.cola import ColaResult
from ..traffic.cola_output import closest_table, cola_summary, seconds_table
from .plots import plotly_figure


def timeline_plot(result: ColaResult, title: str = "Launch window: closed and open seconds") -> tuple[Plot, Table]:
    """The closest approach's margin (distance / threshold) per launch second, closed intervals as red bands."""
    table = Table.from_columns("seconds", "Every launch second", seconds_table(result), units={"closed": "1 = closed"})
    s = result.settings
    bands = tuple(Mark("band", x=i["start_utc"], x_end=i["end_utc"]) for i in result.intervals() if i["state"] == "closed")
    plot = Plot("timeline", f"{title} ({s['site']} → {s['altitude_km']:g} km × {s['inclination_deg']:g}°; red: closed, "
                f"{int(result.closed.sum())} of {result.closed.size} s; below 1 closes; blank: nothing within reach)",
                "line", "seconds", "launch_utc", (Series("closest_over_threshold", "closest distance / its threshold"),),
                x_label="liftoff time (UTC)", y_label="distance / threshold", y_range=(0.0, 5.0),
                marks=(*bands, Mark("hline", y=1.0)))
    return plot, table


#: The files of a COLA output folder, the page first.
COLA_FILES = ("timeline.html", "cola.json", "intervals.csv", "closest.csv", "seconds.csv")


def write_cola(result: ColaResult, out_dir: str | Path, force: bool = False) -> Path:
    """``intervals.csv``, ``cola.json``, ``closest.csv``, ``seconds.csv`` and ``timeline.html`` in ``out_dir``."""
    summary = cola_summary(result)
    intervals = summary["intervals"]
    seconds = seconds_table(result)
    seconds.pop("closest_over_threshold")
    plot, table = timeline_plot(result)
    figure = plotly_figure(plot, {table.key: table}, data_file="seconds.csv")
    with atomic_directory(out_dir, "cola", force) as staging:
        (staging / "intervals.csv").write_text(columns_to_csv({k: [i[k] for i in intervals] for k in intervals[0]}), encoding="utf-8")
        (staging / "cola.json").write_text(dumps_json(summary), encoding="utf-8")
        (staging / "closest.csv").write_text(columns_to_csv(closest_table(result)), encoding="utf-8")
        (staging / "seconds.csv").write_text(columns_to_csv(seconds), encoding="utf-8")
        (staging / "timeline.html").write_text(figure.to_html(include_plotlyjs=True, full_html=True), encoding="utf-8")
    return Path(out_dir)
