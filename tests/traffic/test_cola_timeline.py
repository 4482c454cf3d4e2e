"""The COLA timeline shows open and closed intervals legibly at any window length (asserted on the figure data)."""

from __future__ import annotations

import numpy as np
import pytest

from moonbase.report.cola import closed_bands, interval_figure, write_cola
from moonbase.traffic.cola import ColaResult
from moonbase.traffic.cola_output import MIN_BAR_FRACTION, closed_interval_lines, interval_bars

START = np.datetime64("2026-05-30T18:00:00", "s")


def synthetic_result(window_s: int, closed_runs: list[tuple[int, int]]) -> ColaResult:
    """A sweep of ``window_s`` + 1 launch seconds with the given closed runs (first second, length)."""
    n = window_s + 1
    closed = np.zeros(n, bool)
    ratio = np.full(n, 3.0)
    norad = np.full(n, -1)
    for first, length in closed_runs:
        closed[first:first + length] = True
        ratio[first:first + length] = 0.5
        norad[first:first + length] = 25544
    return ColaResult(
        ascent=None, window_start_utc=START, launch_utc=START + np.arange(n).astype("timedelta64[s]"), closed=closed,
        closest_km=ratio * 200.0, closest_norad=norad, closest_ratio=ratio, objects_norad=np.array([25544]),
        objects_name=["ISS (ZARYA)"], objects_threshold_km=np.array([200.0]), objects_min_km=np.array([100.0]),
        objects_min_launch_utc=np.array([START]), objects_min_time_utc=np.array([START + np.timedelta64(600, "s")]),
        excluded=[], settings={"site": "Wenchang", "altitude_km": 200.0, "inclination_deg": 41.5})


def _span_s(x0, x1) -> float:
    return float((np.datetime64(str(x1).rstrip("Z")) - np.datetime64(str(x0).rstrip("Z"))) / np.timedelta64(1, "ms")) / 1000


@pytest.mark.parametrize("window_s, runs", [
    (7200, [(1800, 1), (5000, 40)]),    # two hours: a one-second closure is 1/7,200 of the width
    (86400, [(100, 1), (86000, 2)]),    # a day: 1/86,400
    (300, [(10, 1), (150, 60)]),        # five minutes: the bars are their true width
])
def test_every_interval_is_drawn_at_least_the_minimum_width(window_s, runs):
    result = synthetic_result(window_s, runs)
    intervals = result.intervals()
    figure = interval_figure(intervals)
    least_s = np.ceil(MIN_BAR_FRACTION * (window_s + 1))  # whole seconds
    spans = {"closed": [], "open": []}
    for trace in figure.data:
        spans[trace.y[0]].append(_span_s(*trace.x))
        assert trace.line.color == {"closed": "#d62728", "open": "#2ca02c"}[trace.y[0]]
    assert len(spans["closed"]) == len(runs) and len(spans["open"]) == len(runs) + 1
    true_closed = [length for _, length in runs]
    for drawn, true in zip(spans["closed"], true_closed):
        assert drawn == pytest.approx(max(true, least_s), abs=0.002)
    assert min(spans["open"]) >= least_s - 0.002
    # every bar inside the window
    for trace in figure.data:
        assert np.datetime64(trace.x[0]) >= START and np.datetime64(trace.x[1]) <= START + np.timedelta64(window_s + 1, "s")


def test_a_closure_at_the_window_edge_stays_inside_and_the_bands_match_the_bars():
    result = synthetic_result(7200, [(0, 1), (7200, 1)])
    bars = interval_bars(result.intervals())
    assert bars["bar_start_utc"][0] == "2026-05-30T18:00:00Z"
    assert bars["bar_end_utc"][-1] == "2026-05-30T20:00:01Z"
    bands = closed_bands(bars)
    assert [(b.x, b.x_end) for b in bands] == [(s, e) for s, e, k in zip(bars["bar_start_utc"], bars["bar_end_utc"],
                                                                         bars["state"]) if k == "closed"]
    assert all(_span_s(b.x, b.x_end) >= MIN_BAR_FRACTION * 7201 - 0.002 for b in bands)


def test_the_page_lists_the_closed_intervals_with_exact_times(tmp_path):
    result = synthetic_result(7200, [(1800, 1), (5000, 40)])
    lines = closed_interval_lines(result.intervals())
    assert lines == ["Closed 2026-05-30T18:30:00Z to 2026-05-30T18:30:01Z (1 s; objects 25544)",
                     "Closed 2026-05-30T19:23:20Z to 2026-05-30T19:24:00Z (40 s; objects 25544)"]
    write_cola(result, tmp_path / "cola")
    page = (tmp_path / "cola" / "timeline.html").read_text()
    assert all(line in page for line in lines)
    assert page.count("class=\"plotly-graph-div\"") == 2  # the margin plot and the interval bars
    assert closed_interval_lines(synthetic_result(60, []).intervals()) == ["No closed interval: the whole window is open."]
