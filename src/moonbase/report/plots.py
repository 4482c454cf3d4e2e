"""Plots drawn from :class:`~moonbase.contract.Plot` specifications (plotly, SVG traces, one colour per body).

A section describes a plot as data (kind, table, columns, marks); :func:`plotly_figure` draws it.
Long series are thinned for the page only (the CSV keeps every row). Every label passes through
:func:`moonbase.report.markup.plain`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from ..contract import Plot, Raster, Series, Table
from .calendar import calendar_heatmap
from .markup import plain

#: Most points of one trace in the page (the CSV keeps every epoch): SVG traces stay quick to draw and print,
#: so no plot needs WebGL. Decimation keeps each bucket's lowest and highest point (nights and peaks show).
MAX_POINTS = 2_000
MAX_MARKERS = 2_000  # per marker trace (the Sun's and the Earth's paths on the panorama)

#: One colour per body or programme, in every plot.
BODY_COLOURS = {
    "sun": "#f2a900", "earth": "#1f77b4", "moon": "#6b4f2a", "relay": "#9467bd", "storage": "#2ca02c",
    "fission": "#d62728", "ilrs": "#c8102e", "artemis": "#0b3d91",
}
DASHES = ("solid", "dash", "dot", "dashdot")
LAYOUT = {"template": "plotly_white", "height": 380, "margin": {"l": 70, "r": 20, "t": 70, "b": 50},
          "legend": {"orientation": "h", "y": -0.25}}


def _values(table: Table, name: str) -> np.ndarray:
    column = table.column(name)
    values = np.asarray(column.values)
    if column.unit in ("UTC", "UTC date") and values.dtype.kind in "UO":
        # ISO 8601 with a trailing Z (as in the CSV): numpy parses it once the Z is cut (19 characters)
        return values.astype("U19").astype("datetime64[ms]")
    return values


def decimate(y: np.ndarray, limit: int = MAX_POINTS) -> np.ndarray:
    """Indices of at most ``limit`` points of ``y`` keeping, in order, the first, the last, and the lowest and
    highest of each of ``limit // 2`` equal buckets (a stride would skip short nights and peaks).

        >>> y = np.zeros(10_000); y[4321] = -1.0; y[777] = 5.0
        >>> keep = decimate(y, 100)
        >>> len(keep) <= 100, 4321 in keep, 777 in keep, int(keep[0]), int(keep[-1])
        (True, True, True, 0, 9999)
    """
    y = np.asarray(y, float)
    count = y.size
    if count <= limit:
        return np.arange(count)
    buckets = max(1, (limit - 2) // 2)
    edges = np.linspace(0, count, buckets + 1).astype(int)
    filled = np.where(np.isnan(y), 0.0, y)
    starts, widths = edges[:-1], np.diff(edges)
    lows = np.array([start + int(np.argmin(filled[start:start + width])) for start, width in zip(starts, widths)])
    highs = np.array([start + int(np.argmax(filled[start:start + width])) for start, width in zip(starts, widths)])
    return np.unique(np.concatenate(([0, count - 1], lows, highs)))


def _style(series: Series, seen: dict[str, int]) -> dict:
    style: dict = {}
    if series.body in BODY_COLOURS:
        style["color"] = BODY_COLOURS[series.body]
    if series.body:
        repeat = seen.get(series.body, 0)
        seen[series.body] = repeat + 1
        style["dash"] = DASHES[repeat % len(DASHES)]
    return style


def _xy_traces(figure: go.Figure, plot: Plot, tables: Mapping[str, Table]) -> None:
    seen: dict[str, int] = {}
    for series in plot.series:
        table = tables[series.table or plot.table]
        x = _values(table, series.x or plot.x)
        y = _values(table, series.column).astype(float) * series.scale
        line = _style(series, seen)
        name = plain(series.label or series.column)
        if plot.kind in ("bar", "stacked-bar"):
            figure.add_trace(go.Bar(x=x, y=y, name=name, marker_color=line.get("color")))
            continue
        markers = series.style == "markers" or (plot.kind == "scatter" and series.style != "lines")
        keep = decimate(y, MAX_MARKERS if markers else MAX_POINTS)
        if markers:
            figure.add_trace(go.Scatter(x=x[keep], y=y[keep], mode="markers", name=name,
                                        marker={"size": 3 if len(x) > 500 else 7, "color": line.get("color")}))
            continue
        trace = {"x": x[keep], "y": y[keep], "mode": "lines", "name": name, "line": {"width": 1.4, **line}}
        if plot.kind == "step":
            trace["line"]["shape"] = "hv"
        if plot.kind == "area":
            trace["stackgroup"] = plot.key
            trace["line"].pop("dash", None)
        figure.add_trace(go.Scatter(**trace))
    if plot.kind == "stacked-bar":
        figure.update_layout(barmode="stack")


def _polar(figure: go.Figure, plot: Plot, tables: Mapping[str, Table]) -> None:
    seen: dict[str, int] = {}
    for series in plot.series:
        table = tables[series.table or plot.table]
        r = _values(table, series.column).astype(float)
        keep = decimate(r)
        figure.add_trace(go.Scatterpolar(theta=_values(table, series.x or plot.x)[keep], r=r[keep],
                                         mode="lines", name=plain(series.label or series.column), line=_style(series, seen)))


def _gantt(figure: go.Figure, plot: Plot, tables: Mapping[str, Table]) -> None:
    """Rows ``y``, each a bar from column ``x`` to column ``z`` (or the first series' column)."""
    table = tables[plot.table]
    end_column = plot.z or (plot.series[0].column if plot.series else "")
    for start, end, row in zip(_values(table, plot.x), _values(table, end_column), _values(table, plot.y)):
        figure.add_trace(go.Scatter(x=[start, end], y=[plain(row)] * 2, mode="lines", line={"width": 10},
                                    showlegend=False))


def _heatmap(figure: go.Figure, plot: Plot, tables: Mapping[str, Table]) -> None:
    table = tables[plot.table]
    low, high = plot.z_range or (None, None)
    figure.add_trace(go.Heatmap(x=_values(table, plot.x), y=_values(table, plot.y), z=_values(table, plot.z),
                                colorscale="Cividis", zmin=low, zmax=high, colorbar={"title": plain(plot.z_label)}))


def _map(figure: go.Figure, plot: Plot, rasters: Mapping[str, Raster]) -> None:
    dataset = rasters[plot.table].dataset
    low, high = plot.z_range or (None, None)
    figure.add_trace(go.Heatmap(z=dataset[plot.z].values, x=dataset["x"].values / 1000.0, y=dataset["y"].values / 1000.0,
                                colorscale="Cividis", zmin=low, zmax=high, colorbar={"title": plain(plot.z_label)}))
    figure.update_layout(yaxis={"scaleanchor": "x"}, height=520)


def _marks(figure: go.Figure, plot: Plot) -> None:
    for mark in plot.marks:
        label = plain(mark.label) if mark.label else None
        if mark.kind == "hline":
            figure.add_hline(y=mark.y, line={"color": "#888", "dash": "dot", "width": 1})
        elif mark.kind == "vline":
            figure.add_vline(x=mark.x, line={"color": "#d62728", "dash": "dot"}, annotation_text=label)
        elif mark.kind == "band":
            figure.add_vrect(x0=str(mark.x).rstrip("Z"), x1=str(mark.x_end).rstrip("Z"), fillcolor="#d62728",
                             opacity=0.35, line_width=0)
        elif mark.kind == "point":
            scale = 1000.0 if plot.kind == "map" else 1.0  # maps are drawn in km, their marks given in m
            figure.add_trace(go.Scatter(x=[mark.x / scale], y=[mark.y / scale], mode="markers", name=label,
                                        marker={"color": "red", "size": 9, "symbol": "x"}))


def plotly_figure(plot: Plot, tables: Mapping[str, Table], rasters: Mapping[str, Raster] | None = None,
                  data_file: str | None = None) -> go.Figure:
    """The plotly figure of ``plot`` over its section's ``tables`` (and ``rasters`` for maps)."""
    source = data_file or (f"data/{plot.table}.tif" if plot.kind == "map" else f"data/{plot.table}.csv")
    title = f"{plain(plot.title)}<br><sup>data: {plain(source)}</sup>"
    if plot.kind == "calendar":
        table = tables[plot.table]
        days = _values(table, plot.x).astype("datetime64[D]")
        figure = calendar_heatmap(days, _values(table, plot.z).astype(float), title, plain(plot.z_label),
                                  zrange=plot.z_range or (0.0, 100.0))
        return figure
    figure = go.Figure()
    if plot.kind == "map":
        _map(figure, plot, rasters or {})
    elif plot.kind == "heatmap":
        _heatmap(figure, plot, tables)
    elif plot.kind == "polar":
        _polar(figure, plot, tables)
    elif plot.kind == "gantt":
        _gantt(figure, plot, tables)
    else:
        _xy_traces(figure, plot, tables)
    _marks(figure, plot)
    figure.update_layout(title=title, xaxis_title=plain(plot.x_label), yaxis_title=plain(plot.y_label),
                         **{k: v for k, v in LAYOUT.items() if not (plot.kind == "map" and k == "height")})
    if plot.y_range is not None:
        figure.update_yaxes(range=list(plot.y_range))
    return figure
