"""``moonbase cola`` outputs: intervals.csv, cola.json, closest.csv, seconds.csv and the timeline page."""

from __future__ import annotations

from pathlib import Path

from ..contract import Mark, Plot, Series, Table
from ..output import atomic_directory, columns_to_csv, dumps_json
from ..traffic.cola import ColaResult
from ..traffic.cola_output import (MIN_BAR_FRACTION, closed_interval_lines, closest_table, cola_summary, interval_bars,
                                   seconds_table)
from .plots import plotly_figure

#: Closed and open, in the interval bars (the margin plot's closed bands are red too).
STATE_COLOURS = {"closed": "#d62728", "open": "#2ca02c"}
WIDENED_NOTE = (f"bars narrower than {MIN_BAR_FRACTION:.1%} of the window are drawn that wide, so a one-second interval "
                "stays visible; the listed times are exact")


def interval_bar_table(intervals: list[dict]) -> Table:
    """The intervals with the bars drawn for them (see :func:`moonbase.traffic.cola_output.interval_bars`)."""
    return Table.from_columns("intervals", "Open and closed intervals of the launch window", interval_bars(intervals),
                              units={"start_utc": "UTC", "end_utc": "UTC", "bar_start_utc": "UTC", "bar_end_utc": "UTC",
                                     "duration_s": "s"})


def intervals_plot(title: str = "Open and closed intervals", table: str = "intervals") -> Plot:
    """One row of bars per state, each bar at least MIN_BAR_FRACTION of the window wide."""
    return Plot("intervals", f"{title} (short ones drawn {MIN_BAR_FRACTION:.1%} of the window wide)", "gantt", table,
                "bar_start_utc", y="state", z="bar_end_utc", x_label="liftoff time (UTC)", y_label="", note=WIDENED_NOTE)


def closed_bands(bars: dict[str, list]) -> tuple[Mark, ...]:
    """The closed intervals as bands over a plot, as wide as their bars."""
    return tuple(Mark("band", x=start, x_end=end, label="closed")
                 for state, start, end in zip(bars["state"], bars["bar_start_utc"], bars["bar_end_utc"]) if state == "closed")


def timeline_plot(result: ColaResult, title: str = "Launch window: closed and open seconds") -> tuple[Plot, Table]:
    """The closest approach's margin (distance / threshold) per launch second, closed intervals as red bands."""
    table = Table.from_columns("seconds", "Every launch second", seconds_table(result), units={"closed": "1 = closed"})
    s = result.settings
    bands = closed_bands(interval_bars(result.intervals()))
    plot = Plot("timeline", f"{title} ({s['site']} → {s['altitude_km']:g} km × {s['inclination_deg']:g}°; red: closed, "
                f"{int(result.closed.sum())} of {result.closed.size} s)",
                "line", "seconds", "launch_utc", (Series("closest_over_threshold", "closest distance / its threshold"),),
                x_label="liftoff time (UTC)", y_label="distance / threshold", y_range=(0.0, 5.0),
                note=f"below 1 closes; blank: nothing within reach; {WIDENED_NOTE}", marks=(*bands, Mark("hline", y=1.0)))
    return plot, table


def interval_figure(intervals: list[dict]):
    """The interval bars as a figure, closed in red and open in green."""
    figure = plotly_figure(intervals_plot(), {"intervals": interval_bar_table(intervals)}, data_file="intervals.csv")
    for trace in figure.data:
        trace.line.color = STATE_COLOURS.get(trace.y[0], "#888")
    figure.update_yaxes(categoryorder="array", categoryarray=["open", "closed"])
    figure.update_layout(height=240)
    return figure


#: The files of a COLA output folder, the page first.
COLA_FILES = ("timeline.html", "cola.json", "intervals.csv", "closest.csv", "seconds.csv")


def write_cola(result: ColaResult, out_dir: str | Path, force: bool = False) -> Path:
    """``intervals.csv``, ``cola.json``, ``closest.csv``, ``seconds.csv`` and ``timeline.html`` in ``out_dir``.

    The page: the margin per launch second with the closed bands, the interval bars, and the closed intervals
    listed with their exact times.
    """
    from .partners_plots import offline_page

    summary = cola_summary(result)
    intervals = summary["intervals"]
    seconds = seconds_table(result)
    seconds.pop("closest_over_threshold")
    plot, table = timeline_plot(result)
    figures = [plotly_figure(plot, {table.key: table}, data_file="seconds.csv"), interval_figure(intervals)]
    notes = [f"Top: {plot.note}.", f"Bottom: {WIDENED_NOTE}.", *closed_interval_lines(intervals)]
    page = offline_page("Launch COLA: open and closed launch seconds", figures, notes)
    with atomic_directory(out_dir, "cola", force) as staging:
        (staging / "intervals.csv").write_text(columns_to_csv({k: [i[k] for i in intervals] for k in intervals[0]}), encoding="utf-8")
        (staging / "cola.json").write_text(dumps_json(summary), encoding="utf-8")
        (staging / "closest.csv").write_text(columns_to_csv(closest_table(result)), encoding="utf-8")
        (staging / "seconds.csv").write_text(columns_to_csv(seconds), encoding="utf-8")
        (staging / "timeline.html").write_text(page, encoding="utf-8")
    return Path(out_dir)
