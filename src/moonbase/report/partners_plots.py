"""Plotly figures of the blocs (size over time, membership map) and a self-contained HTML page for them.

The page embeds plotly.js and the world outlines (``moonbase/data/world_110m.json``, registered as
``window.PlotlyGeoAssets.topojson.world_110m`` before plotly draws), so it opens offline: no CDN.
"""

from __future__ import annotations

import html
from importlib import resources

from ..partners.blocs import BlocSeries, BlocSnapshot

#: One colour per programme everywhere in Moonbase's figures, and one for states in both blocs.
COLOURS = {"ilrs": "#c0392b", "artemis": "#1f5fa8", "both": "#7d3c98"}


def bloc_size_figure(series: BlocSeries):
    """Counted member states of each bloc, and of both, as step lines over time."""
    import plotly.graph_objects as go

    fig = go.Figure()
    dates = [str(d) for d in series.dates]
    labels = {"ilrs": "ILRS partner states (incl. China, Russia)", "artemis": "Artemis Accords signatories"}
    for bloc, counts in series.states.items():
        fig.add_trace(go.Scatter(x=dates, y=counts.tolist(), mode="lines", line={"shape": "hv", "color": COLOURS[bloc]},
                                 name=labels.get(bloc, bloc)))
    fig.add_trace(go.Scatter(x=dates, y=series.both.tolist(), mode="lines", line={"shape": "hv", "color": COLOURS["both"],
                             "dash": "dot"}, name="in both"))
    fig.update_layout(title="Member states over time", xaxis_title="date (a month or year counts from its last day)",
                      yaxis_title="states", template="plotly_white", height=420, legend={"orientation": "h", "y": -0.25})
    return fig


def membership_map(snapshot: BlocSnapshot):
    """A world choropleth of membership on the snapshot's date: ILRS, Artemis Accords, or both (ISO-3 codes)."""
    import plotly.graph_objects as go

    ilrs = {m.iso3: m for m in snapshot.counted("ilrs") if m.is_state}
    artemis = {m.iso3: m for m in snapshot.counted("artemis") if m.is_state}
    codes = sorted(set(ilrs) | set(artemis))
    category, text = [], []
    for code in codes:
        in_i, in_a = code in ilrs, code in artemis
        category.append(2 if in_i and in_a else (0 if in_i else 1))
        parts = []
        if in_i:
            parts.append(f"ILRS since {ilrs[code].joined} {ilrs[code].tag}")
        if in_a:
            parts.append(f"Artemis Accords since {artemis[code].joined} {artemis[code].tag}")
        name = (ilrs.get(code) or artemis.get(code)).name
        text.append(f"{html.escape(name)}<br>" + "<br>".join(parts))
    scale = [[0.0, COLOURS["ilrs"]], [0.333, COLOURS["ilrs"]], [0.334, COLOURS["artemis"]], [0.666, COLOURS["artemis"]],
             [0.667, COLOURS["both"]], [1.0, COLOURS["both"]]]
    fig = go.Figure(go.Choropleth(locations=codes, locationmode="ISO-3", z=category, zmin=-0.5, zmax=2.5,
                                  colorscale=scale, text=text, hoverinfo="text", marker_line_color="white",
                                  marker_line_width=0.5,
                                  colorbar={"tickvals": [0, 1, 2], "ticktext": ["ILRS", "Artemis Accords", "both"],
                                            "title": ""}))
    fig.update_geos(projection_type="natural earth", showcountries=True, countrycolor="#bbbbbb", showland=True,
                    landcolor="#eeeeee", showocean=False, resolution=110)
    fig.update_layout(title=f"Membership on {snapshot.as_of.isoformat()}", height=480, margin={"l": 0, "r": 0, "t": 40, "b": 0})
    return fig


def world_topojson() -> str:
    return resources.files("moonbase").joinpath("data/world_110m.json").read_text(encoding="utf-8")


def offline_page(title: str, figures, notes: list[str] = (), geo: bool = False) -> str:
    """A whole HTML page with plotly.js (and, for maps, the world outlines) embedded: it opens offline."""
    from plotly.offline import get_plotlyjs

    divs = "\n".join(f.to_html(full_html=False, include_plotlyjs=False) for f in figures)
    assets = (f"<script>window.PlotlyGeoAssets = {{topojson: {{world_110m: {world_topojson()}}}}};</script>"
              if geo else "")
    items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>{assets}"
            f"<script>{get_plotlyjs()}</script></head><body style='font-family:sans-serif;max-width:1100px;margin:auto'>"
            f"<h1>{html.escape(title)}</h1>{divs}<ul>{items}</ul></body></html>")
