"""The contention map as a plotly figure: lit patches, PSRs, candidate sites with keep-out and rover circles.

Drawn in polar stereographic map kilometres (the grid of the LOLA polar products: +y toward 0°E, +x toward 90°E),
so circles of a few km are true circles to 0.3 % (the map's scale at 84°S).
"""

from __future__ import annotations

import numpy as np

from ..contention.grid import MapGrid
from ..contention.ground import ScarceGround
from ..contention.pairs import Contention
from .partners_plots import COLOURS

#: Most pixels per side drawn (the map is block-reduced beyond this: a PSR or lit class shows if any pixel has it).
MAX_SIDE = 768


def _reduce(mask: np.ndarray, factor: int) -> np.ndarray:
    if factor == 1:
        return mask
    rows, cols = (s // factor * factor for s in mask.shape)
    return mask[:rows, :cols].reshape(rows // factor, factor, cols // factor, factor).any(axis=(1, 3))


def contention_figure(grid: MapGrid, ground: ScarceGround | None, result: Contention, title: str = ""):
    """Classes (0 other, 1 lit > threshold, 2 PSR) as an image, sites, keep-out circles (solid), rover circles (dotted)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    kind = f"lit>{result.lit_threshold_pct:g}"
    if ground is not None and ground.labels:
        factor = max(1, -(-max(grid.shape) // MAX_SIDE))
        classes = np.zeros(tuple(s // factor for s in grid.shape), np.uint8)  # small integers: compact in the page
        if kind in ground.labels:
            classes[_reduce(ground.labels[kind] > 0, factor)] = 1
        if "psr" in ground.labels:
            classes[_reduce(ground.labels["psr"] > 0, factor)] = 2
        x0, y0, dx, dy = grid.geotransform
        xs = (x0 + (np.arange(classes.shape[1]) + 0.5) * dx * factor) / 1000.0
        ys = (y0 + (np.arange(classes.shape[0]) + 0.5) * dy * factor) / 1000.0
        fig.add_trace(go.Heatmap(x=xs, y=ys, z=classes, zmin=0, zmax=2, showscale=False, hoverinfo="skip",
                                 colorscale=[[0, "#f4f4f4"], [0.33, "#f4f4f4"], [0.34, "#f2c14e"], [0.66, "#f2c14e"],
                                             [0.67, "#203a60"], [1.0, "#203a60"]]))
        projection = grid.projection
    else:
        from ..terrain.projection import south_polar_stereographic

        projection = south_polar_stereographic()
    theta = np.linspace(0, 2 * np.pi, 73)
    for programme in sorted({c.programme for c in result.candidates}):
        sites = [c for c in result.candidates if c.programme == programme]
        x, y = projection.forward(np.array([s.lat_deg for s in sites]), np.array([s.lon_deg for s in sites]))
        colour = COLOURS.get(programme, "#555555")
        fig.add_trace(go.Scatter(x=x / 1000, y=y / 1000, mode="markers", name=programme,
                                 marker={"color": colour, "size": 8, "line": {"color": "white", "width": 1}},
                                 text=[s.key for s in sites], hovertemplate="%{text}<extra></extra>"))
        for radius, dash in ((result.keep_out.value_km, "solid"), (result.rover.value_km, "dot")):
            cx = (x[:, None] / 1000 + radius * np.cos(theta)[None, :])
            cy = (y[:, None] / 1000 + radius * np.sin(theta)[None, :])
            nan = np.full((len(sites), 1), np.nan)
            fig.add_trace(go.Scatter(x=np.hstack([cx, nan]).ravel(), y=np.hstack([cy, nan]).ravel(), mode="lines",
                                     line={"color": colour, "width": 1, "dash": dash}, hoverinfo="skip", showlegend=False))
    fig.update_layout(title=title or (f"Candidate sites, keep-out ({result.keep_out.value_km:g} km, solid) and rover "
                                      f"({result.rover.value_km:g} km, dotted) circles; lit > {result.lit_threshold_pct:g} % "
                                      "(yellow), permanently shadowed (dark)"),
                      xaxis={"title": "map x [km] (toward 90°E)", "scaleanchor": "y"},
                      yaxis={"title": "map y [km] (toward 0°E)"}, template="plotly_white", height=760)
    return fig
