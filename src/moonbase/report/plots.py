"""Plot builders for the report (plotly figures; the data behind each is written as CSV)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

MAX_POINTS = 20_000  # per trace in the HTML; the CSV keeps every epoch


def _thin(x: np.ndarray, *ys: np.ndarray):
    stride = max(1, int(np.ceil(len(x) / MAX_POINTS)))
    return (x[::stride], *(y[::stride] for y in ys))


def time_series_figure(time_utc, series: dict[str, np.ndarray], title: str, y_label: str,
                       source: str = "", zero_line: bool = False) -> go.Figure:
    """Lines against UTC time; long series are thinned for the page only."""
    figure = go.Figure()
    x = np.asarray(time_utc, dtype="datetime64[ms]")
    for name, values in series.items():
        xs, ys = _thin(x, np.asarray(values))
        figure.add_trace(go.Scattergl(x=xs, y=ys, mode="lines", name=name, line={"width": 1.2}))
    if zero_line:
        figure.add_hline(y=0.0, line={"color": "#888", "dash": "dot", "width": 1})
    subtitle = f"<br><sup>data: {source}</sup>" if source else ""
    figure.update_layout(
        title=f"{title}{subtitle}", xaxis_title="UTC", yaxis_title=y_label, template="plotly_white",
        height=360, margin={"l": 60, "r": 20, "t": 70, "b": 50}, legend={"orientation": "h", "y": -0.2},
    )
    return figure
