"""Site environment: sunlight and Earth visibility over the terrain horizon, for the station and its alternates."""

from __future__ import annotations

import html as html_escape

import numpy as np

from ..environment.ranking import ORDER, rank_sites
from ..environment.site import assess
from ..errors import MoonbaseError
from ..plan import PlanContext, SectionResult
from ..report.calendar import calendar_heatmap, daily_means
from ..report.plots import time_series_figure
from ..timegrid import iso_utc

KEYS = ("sun_any_pct", "sun_mean_disk_pct", "longest_dark_h", "earth_any_pct", "earth_mean_disk_pct",
        "longest_earth_loss_h", "sun_and_earth_pct")


def _ranking_html(rows: list[dict]) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("#", "site", "sun %", "mean disk %", "longest dark h", "Earth %", "Sun &amp; Earth %"))
    body = []
    for r in rows:
        if "rank" not in r:
            body.append(f"<tr><td>-</td><td>{html_escape.escape(r['key'])}</td><td colspan='5'>no terrain</td></tr>")
            continue
        mark = " ~" if r.get("approximate") else ""
        body.append(f"<tr><td>{r['rank']}</td><td>{html_escape.escape(r['key'])}{mark}</td><td>{r['sun_any_pct']:.1f}</td>"
                    f"<td>{r['sun_mean_disk_pct']:.1f}</td><td>{r['longest_dark_h']:g}</td><td>{r['earth_any_pct']:.1f}</td>"
                    f"<td>{r['sun_and_earth_pct']:.1f}</td></tr>")
    return f"<table class='figures'><tr>{head}</tr>{''.join(body)}</table>"


#: The report's region map is computed every 6 h with 360 azimuths to keep `moonbase plan` quick;
#: `moonbase map` gives full resolution.
MAP_STEP_H = 6
MAP_AZIMUTHS = 360


def _add_region_map(context: PlanContext, height: float, result: SectionResult) -> None:
    import plotly.graph_objects as go

    from ..environment.maps import visibility_map
    from ..terrain.source import terrain_stack
    from ..terrain.sweep import HorizonSweep

    station = context.scenario.station
    stack = terrain_stack(station.dem)
    if stack is None:
        result.caveats.append("No sunlight map: station.map_half_width_km needs a polar DEM (station.dem or "
                              "`moonbase data fetch`).")
        return
    dem = stack.dems[0]
    x, y = dem.projection.forward(context.point.lat_deg, context.point.lon_deg)
    gx, gy, dx, dy = dem.geotransform
    col, row = int((float(x) - gx) / dx), int((float(y) - gy) / dy)
    half = max(2, int(station.map_half_width_km * 1000.0 / dem.pixel_size_m))
    window = (max(row - half, 0), min(row + half, dem.shape[0]), max(col - half, 0), min(col + half, dem.shape[1]))
    stride = max(1, int(round(MAP_STEP_H * 3600.0 / (float(np.median(np.diff(context.sky.tdb_s))) or 3600.0))))
    sky = context.ephemeris.moon_sky(context.sky.utc[::stride], frame=context.sky.frame, correction=context.sky.correction)
    dataset = visibility_map(HorizonSweep(stack, window, height), sky, "sunlight", n_azimuths=MAP_AZIMUTHS, chunks=2)
    result.rasters["sunlight_map"] = dataset
    figure = go.Figure(go.Heatmap(z=dataset["sun_any_pct"].values, x=dataset["x"].values / 1000.0,
                                  y=dataset["y"].values / 1000.0, colorscale="Cividis", zmin=0, zmax=100,
                                  colorbar={"title": "sunlit %"}))
    figure.add_trace(go.Scatter(x=[float(x) / 1000.0], y=[float(y) / 1000.0], mode="markers", name="station",
                                marker={"color": "red", "size": 9, "symbol": "x"}))
    figure.update_layout(title=f"Sunlight around the station at {height:g} m (every {MAP_STEP_H} h)<br>"
                               "<sup>data: data/sunlight_map.tif</sup>", xaxis_title="map x [km]", yaxis_title="map y [km]",
                         yaxis={"scaleanchor": "x"}, template="plotly_white", height=520)
    result.plots.append(figure)
    result.figures["sunlight_map"] = {"window": list(window), "max_sun_any_pct": float(np.nanmax(dataset["sun_any_pct"])),
                                      "epochs": int(dataset.attrs["epochs"])}


def site_environment_section(context: PlanContext) -> SectionResult:
    station = context.scenario.station
    result = SectionResult(key="site_environment", title="Site environment: sunlight and Earth visibility")
    environments = {}
    for label, height in (("observer", station.observer_height_m), ("mast", station.mast_height_m)):
        try:
            horizon = context.horizon(height)
        except MoonbaseError as exc:
            result.caveats.append(f"No terrain horizon at {height:g} m: {exc}")
            continue
        environments[label] = (height, assess(context.sky, context.point.__class__(
            context.point.lat_deg, context.point.lon_deg, height, context.point.name), horizon.to_mask(), horizon.source))
    if not environments:
        result.html = "<p>No terrain is available for this site, so sunlight and Earth visibility cannot be computed.</p>"
        return result

    label, (height, env) = next(iter(environments.items()))
    result.figures = {key: env.statistics[key] for key in KEYS}
    result.figures["height_m"] = height
    result.figures["horizon_source"] = env.horizon_source
    result.figures["longest_dark"] = env.statistics["longest_dark"]
    record = env.record()
    result.figures["worst_lunar_day"] = record["worst_lunar_day"]
    for other_label, (other_height, other) in environments.items():
        if other_label != label:
            result.figures[f"at_{other_height:g}m"] = {key: other.statistics[key] for key in KEYS}

    series = env.series
    result.tables["site_environment"] = {
        "time": iso_utc(series.utc), "sun_fraction": series.sun_fraction, "earth_fraction": series.earth_fraction,
        "sun_above_skyline_deg": series.sun_above_skyline_deg, "earth_above_skyline_deg": series.earth_above_skyline_deg,
    }
    days, daily_sun = daily_means(series.utc, 100.0 * series.sun_fraction)
    _, daily_earth = daily_means(series.utc, 100.0 * (series.earth_fraction > 0))
    result.tables["daily_sunlight"] = {"date": days.astype(str), "sun_mean_disk_pct": daily_sun, "earth_any_pct": daily_earth}
    result.plots.append(time_series_figure(
        series.utc, {"Sun: visible disk fraction": series.sun_fraction, "Earth: visible disk fraction": series.earth_fraction},
        f"Sunlight and Earth visibility over the terrain at {height:g} m", "visible fraction of the disk",
        source="data/site_environment.csv"))
    result.plots.append(calendar_heatmap(days, daily_sun, f"Daily sunlight at {height:g} m (mean visible solar disk)",
                                         "sunlit %", source="data/daily_sunlight.csv"))

    keys = [station.site] if station.site else []
    keys += [k for k in station.alternates if k not in keys]
    ranking = rank_sites(context.sky, keys, height, station.dem) if keys else []
    if ranking:
        result.tables["site_ranking"] = {
            "rank": [r.get("rank", "") for r in ranking], "site": [r["key"] for r in ranking],
            **{key: [r.get(key, np.nan) for r in ranking] for key in KEYS},
        }
        result.figures["ranking"] = [{"site": r["key"], "rank": r.get("rank"), "sun_any_pct": r.get("sun_any_pct")}
                                     for r in ranking]
    if station.map_half_width_km > 0:
        _add_region_map(context, height, result)
    result.caveats.append(
        "Named sites stand at their catalogue coordinates on the 240 m LOLA tile; the best-lit cell within ~1 km can be "
        "much brighter (at the connecting ridge, 2 m, 2018-19: 92.7 % for the best cell against 77.2 % at the catalogue "
        "point): run `moonbase site --search-radius-km 1 --dem ...` to find it.")
    result.html = (
        f"<p>The Sun and the Earth are extended disks of their true angular radius, compared with the terrain skyline "
        f"azimuth by azimuth (horizon: {html_escape.escape(env.horizon_source)}). <b>{result.figures['sun_any_pct']:.1f} %</b> "
        f"of the time some of the Sun is visible at {height:g} m, the longest darkness lasts "
        f"<b>{result.figures['longest_dark_h']:g} h</b>, and the Earth is visible {result.figures['earth_any_pct']:.1f} % of the time."
        f"</p><h3>Candidate sites over the same period (ranked by {ORDER})</h3>" + (_ranking_html(ranking) if ranking else "")
    )
    return result
