"""A calendar heat-map: one cell per day, months down, days of the month across."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..environment.daily import daily_means  # noqa: F401  (kept importable from here)


def calendar_heatmap(days: np.ndarray, values: np.ndarray, title: str, colour_label: str, source: str = "",
                     colorscale: str = "Cividis", zrange=(0.0, 100.0)) -> go.Figure:
    """Months as rows, day of month as columns, colour = value."""
    months = days.astype("datetime64[M]")
    month_list = np.unique(months)
    grid = np.full((len(month_list), 31), np.nan)
    row = np.searchsorted(month_list, months)
    col = (days - months.astype("datetime64[D]")).astype(int)
    grid[row, col] = values
    labels = [str(m) for m in month_list]
    figure = go.Figure(go.Heatmap(z=grid, x=np.arange(1, 32), y=labels, colorscale=colorscale, zmin=zrange[0],
                                  zmax=zrange[1], colorbar={"title": colour_label}, hoverongaps=False))
    subtitle = f"<br><sup>data: {source}</sup>" if source else ""
    figure.update_layout(title=f"{title}{subtitle}", xaxis_title="day of month", template="plotly_white",
                         height=max(260, 22 * len(labels) + 120), margin={"l": 80, "r": 20, "t": 70, "b": 50},
                         yaxis={"autorange": "reversed", "type": "category"})  # months as labels, not dates
    return figure
