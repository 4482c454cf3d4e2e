"""Site horizon: the terrain skyline around the station, with the Sun's and the Earth's paths over the period.

The horizon comes from the best terrain available (:mod:`moonbase.terrain.source`): DEMs named
in the scenario (``station.dem``), else LOLA products fetched into the user cache, else the
built-in table of the named sites at 2 m and 10 m. How much light and Earth the skyline lets
through is the site-environment section's job; this one shows the skyline and says where it
came from.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..errors import MoonbaseError
from ..geometry import sky_at_site
from ..plan import PlanContext, SectionResult
from ..terrain.horizon import Horizon

#: Most Sun/Earth track points drawn on the panorama (the CSV of site_geometry keeps every epoch).
MAX_TRACK_POINTS = 6000


def _station_horizons(context: PlanContext) -> tuple[dict[str, Horizon], list[str]]:
    station = context.scenario.station
    horizons, caveats = {}, []
    for label, height in (("observer", station.observer_height_m), ("mast", station.mast_height_m)):
        try:
            horizons[label] = context.horizon(height)
        except MoonbaseError as exc:
            caveats.append(f"No terrain horizon at the {label} height ({height:g} m): {exc}")
    return horizons, caveats


def _panorama(horizons: dict[str, Horizon], view, heights: dict[str, float]) -> go.Figure:
    figure = go.Figure()
    colours = {"observer": "#6b4f2a", "mast": "#b08850"}
    for label, horizon in horizons.items():
        az = np.append(horizon.azimuth_deg, 360.0)
        el = np.append(horizon.elevation_deg, horizon.elevation_deg[0])
        figure.add_trace(go.Scatter(x=az, y=el, mode="lines", name=f"terrain skyline at {heights[label]:g} m",
                                    line={"color": colours[label], "width": 1.5},
                                    fill="tozeroy" if label == "observer" else None,
                                    fillcolor="rgba(107,79,42,0.25)"))
    for name, colour in (("sun", "#f2a900"), ("earth", "#1f77b4")):
        body = view[name]
        stride = max(1, int(np.ceil(body.azimuth_deg.size / MAX_TRACK_POINTS)))
        figure.add_trace(go.Scattergl(x=body.azimuth_deg[::stride], y=body.elevation_deg[::stride], mode="markers",
                                      name=f"{name.capitalize()} centre over the period",
                                      marker={"size": 2, "color": colour}))
    figure.add_hline(y=0.0, line={"color": "#888", "dash": "dot", "width": 1})
    figure.update_layout(
        title="Horizon panorama: terrain skyline with the Sun's and the Earth's paths<br><sup>data: data/horizon.csv</sup>",
        xaxis={"title": "azimuth [deg] from local north through east", "range": [0, 360], "dtick": 45},
        yaxis_title="elevation [deg]", template="plotly_white", height=380,
        margin={"l": 60, "r": 20, "t": 70, "b": 50}, legend={"orientation": "h", "y": -0.25},
    )
    return figure


def horizon_section(context: PlanContext) -> SectionResult:
    station = context.scenario.station
    horizons, caveats = _station_horizons(context)
    heights = {"observer": station.observer_height_m, "mast": station.mast_height_m}
    if not horizons:
        return SectionResult(key="horizon", title="Site horizon", figures={"horizon_source": None},
                             html="<p>No terrain horizon is available for this site (see the caveats).</p>",
                             caveats=caveats)
    main = horizons.get("observer") or next(iter(horizons.values()))
    el = main.elevation_deg
    figures = {
        "horizon_source": main.source,
        "horizon_sources": {label: h.source for label, h in horizons.items()},
        "horizon_method": main.provenance.get("method", ""),
        "horizon_dems": [d.get("file") for d in main.provenance.get("dems", [])],
        "horizon_n_azimuths": int(el.size),
        "horizon_observer_height_m": station.observer_height_m,
        "horizon_max_deg": float(el.max()),
        "horizon_max_azimuth_deg": float(main.azimuth_deg[np.argmax(el)]),
        "horizon_min_deg": float(el.min()),
        "horizon_mean_deg": float(el.mean()),
    }
    if "mast" in horizons:
        figures["horizon_mast_height_m"] = station.mast_height_m
        figures["horizon_mast_mean_deg"] = float(horizons["mast"].elevation_deg.mean())
    table = {"azimuth_deg": main.azimuth_deg}
    for label, horizon in horizons.items():
        table[f"elevation_{heights[label]:g}m_deg"] = horizon.at(main.azimuth_deg)
    view = sky_at_site(context.sky, context.point)
    built_in = "built-in" in main.source
    html = (
        f"<p>Terrain skyline around <b>{context.point.name or 'the station'}</b> seen from "
        f"{station.observer_height_m:g} m and {station.mast_height_m:g} m above the ground, with every position of the "
        f"Sun's and the Earth's centres over the period. Source: {main.source}. Elevations are above the local "
        f"horizontal of the 1,737.4 km sphere, in exact spherical geometry (curvature and observer height), terrain to "
        f"{main.provenance.get('max_distance_km', 300):g} km.</p>"
    )
    if built_in:
        caveats.append("Horizon from the built-in table computed from LOLA terrain resampled to 240 m near the site "
                       "and 1.79 km beyond: metre-scale relief near the station is smoothed; give station.dem with finer "
                       "DEMs (e.g. LDEM_875S_5M) for a local survey.")
    return SectionResult(key="horizon", title="Site horizon", figures=figures, tables={"horizon": table},
                         plots=[_panorama(horizons, view, heights)], html=html, caveats=caveats)
