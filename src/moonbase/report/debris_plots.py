"""Plotly figures of debris clouds (report side): Gabbard diagrams and the what-if time series.

The models return arrays (:func:`moonbase.debris.validation.gabbard`,
:class:`moonbase.debris.impact.ImpactSeries`); only this module draws them.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

APOGEE_COLOUR, PERIGEE_COLOUR = "#d62728", "#1f77b4"


def gabbard_figure(panels: list[tuple[str, dict]], title: str = "Gabbard diagram") -> go.Figure:
    """One Gabbard diagram per panel, side by side with shared axes: apogee and perigee altitude against period.

    ``panels``: (panel title, columns from :func:`~moonbase.debris.validation.gabbard`).
    """
    figure = make_subplots(rows=1, cols=len(panels), shared_yaxes=True, shared_xaxes=True,
                           subplot_titles=[name for name, _ in panels], horizontal_spacing=0.04)
    for column, (name, data) in enumerate(panels, start=1):
        for key, colour, label in (("apogee_km", APOGEE_COLOUR, "apogee"), ("perigee_km", PERIGEE_COLOUR, "perigee")):
            figure.add_trace(go.Scattergl(x=data["period_min"], y=data[key], mode="markers", name=label,
                                          marker={"size": 3, "color": colour, "opacity": 0.6},
                                          showlegend=column == 1, legendgroup=label), row=1, col=column)
        figure.update_xaxes(title_text="orbital period [min]", row=1, col=column)
    figure.update_yaxes(title_text="altitude [km]", row=1, col=1)
    figure.update_layout(title=title, template="plotly_white", height=460, width=max(520, 460 * len(panels)),
                         margin={"l": 70, "r": 20, "t": 80, "b": 50}, legend={"orientation": "h", "y": -0.18})
    return figure


def impact_figure(series) -> go.Figure:
    """Share of each launch window closed with and without the event, and fragments in orbit, per year."""
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    year = np.asarray(series.year)
    figure.add_trace(go.Scatter(x=year, y=np.full(year.size, series.without_closed_fraction * 100), name="without the event",
                                mode="lines", line={"dash": "dot", "color": "#7f7f7f"}))
    figure.add_trace(go.Scatter(x=year, y=series.with_closed_fraction * 100, name="with the event", mode="lines+markers",
                                error_y={"type": "data", "array": series.cloud_closed_se * 100, "visible": True},
                                line={"color": "#d62728"}))
    figure.add_trace(go.Bar(x=year, y=series.fragments_in_orbit, name="fragments in orbit", opacity=0.25,
                            marker={"color": "#1f77b4"}), secondary_y=True)
    figure.update_yaxes(title_text="share of each window closed [%]", secondary_y=False, rangemode="tozero")
    figure.update_yaxes(title_text="fragments in orbit", secondary_y=True, rangemode="tozero")
    figure.update_layout(title=f"{series.event.label()}: {series.site} launches to {series.parking_altitude_km:g} km",
                         template="plotly_white", height=420, legend={"orientation": "h", "y": -0.2},
                         xaxis_title="year")
    return figure


def write_figure_html(figure: go.Figure, path) -> None:
    """A self-contained HTML file of the figure, written atomically."""
    from ..output import write_text_atomic

    write_text_atomic(path, figure.to_html(include_plotlyjs=True, full_html=True))
