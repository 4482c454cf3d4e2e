"""Site environment: sunlight and Earth visibility over the terrain horizon, for the station and its alternates."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..contract import (Column, Figure, Mark, Plot, Raster, Section, SectionData, SectionInputs, Series, Status, Table,
                        horizon_product, visibility_product)
from ..environment.daily import daily_means
from ..environment.ranking import ORDER, rank_sites
from ..environment.site import SiteEnvironment, assess
from ..errors import MoonbaseError
from ..timegrid import iso_utc

KEYS = ("sun_any_pct", "sun_mean_disk_pct", "longest_dark_h", "earth_any_pct", "earth_mean_disk_pct",
        "longest_earth_loss_h", "sun_and_earth_pct")
LABELS = {
    "sun_any_pct": ("Some of the Sun visible", "%"),
    "sun_mean_disk_pct": ("Mean visible solar disk", "%"),
    "longest_dark_h": ("Longest darkness", "h"),
    "earth_any_pct": ("Some of the Earth visible", "%"),
    "earth_mean_disk_pct": ("Mean visible Earth disk", "%"),
    "longest_earth_loss_h": ("Longest time without the Earth", "h"),
    "sun_and_earth_pct": ("Sun and Earth visible together", "%"),
}
TITLE = "Site environment: sunlight and Earth visibility"
METHOD = ("Sun and Earth as extended disks of their true angular radius against the terrain skyline, azimuth by "
          "azimuth (moonbase.environment.visibility; DE421 geometry)")

#: The report's region map is computed every 6 h with 360 azimuths to keep `moonbase plan` quick;
#: `moonbase map` gives full resolution.
MAP_STEP_H = 6
MAP_AZIMUTHS = 360


def _region_map(inputs: SectionInputs, height: float, data: SectionData) -> None:
    from ..environment.maps import visibility_map
    from ..terrain.source import terrain_stack
    from ..terrain.sweep import HorizonSweep

    station = inputs.scenario.station
    point, sky = inputs.products.get("station"), inputs.products.get("sky")
    stack = terrain_stack(station.dem)
    if stack is None:
        data.caveats.append("No sunlight map: station.map_half_width_km needs a polar DEM (station.dem or "
                            "`moonbase data fetch`).")
        return
    dem = stack.dems[0]
    x, y = dem.projection.forward(point.lat_deg, point.lon_deg)
    gx, gy, dx, dy = dem.geotransform
    col, row = int((float(x) - gx) / dx), int((float(y) - gy) / dy)
    half = max(2, int(station.map_half_width_km * 1000.0 / dem.pixel_size_m))
    window = (max(row - half, 0), min(row + half, dem.shape[0]), max(col - half, 0), min(col + half, dem.shape[1]))
    stride = max(1, int(round(MAP_STEP_H * 3600.0 / (float(np.median(np.diff(sky.tdb_s))) or 3600.0))))
    coarse = inputs.products.get("ephemeris").moon_sky(sky.utc[::stride], frame=sky.frame, correction=sky.correction)
    dataset = visibility_map(HorizonSweep(stack, window, height), coarse, "sunlight", n_azimuths=MAP_AZIMUTHS, chunks=2)
    data.rasters.append(Raster("sunlight_map", f"Sunlight around the station at {height:g} m", dataset, "%"))
    data.plots.append(Plot("sunlight_map", f"Sunlight around the station at {height:g} m (every {MAP_STEP_H} h)", "map",
                           "sunlight_map", "x", z="sun_any_pct", x_label="map x [km]", y_label="map y [km]",
                           z_label="sunlit %", z_range=(0.0, 100.0),
                           marks=(Mark("point", x=float(x), y=float(y), label="station"),)))
    data.figures.append(Figure("sunlight_map", "Sunlight map around the station",
                               {"window": list(window), "max_sun_any_pct": float(np.nanmax(dataset["sun_any_pct"])),
                                "epochs": int(dataset.attrs["epochs"])}, source=METHOD))


def _environments(inputs: SectionInputs, data: SectionData) -> dict[str, tuple[float, SiteEnvironment]]:
    station = inputs.scenario.station
    point, sky = inputs.products.get("station"), inputs.products.get("sky")
    found = {}
    for label, height in (("observer", station.observer_height_m), ("mast", station.mast_height_m)):
        try:
            horizon = inputs.products.get(horizon_product(height))
            series = inputs.products.get(visibility_product(height))
        except MoonbaseError as exc:
            data.caveats.append(f"No terrain horizon at {height:g} m: {exc}")
            continue
        found[label] = (height, assess(sky, replace(point, height_m=height), horizon.to_mask(), horizon.source,
                                       series=series))
    return found


def _ranking_table(ranking: list[dict]) -> Table:
    return Table("site_ranking", f"Candidate sites over the same period (ranked by {ORDER}; ~ = approximate position)", (
        Column("rank", [r.get("rank", "") for r in ranking]),
        Column("site", [r["key"] for r in ranking]),
        *(Column(key, [r.get(key, np.nan) for r in ranking], LABELS[key][1]) for key in KEYS),
        Column("approximate", ["~" if r.get("approximate") else "" for r in ranking]),
    ))


def compute(inputs: SectionInputs) -> SectionData:
    station = inputs.scenario.station
    data = SectionData("site_environment", TITLE)
    environments = _environments(inputs, data)
    if not environments:
        data.status = Status.PARTIAL
        data.answer = "No terrain is available for this site, so sunlight and Earth visibility cannot be computed."
        return data

    label, (height, env) = next(iter(environments.items()))
    stats = env.statistics
    source = f"{METHOD}; horizon: {env.horizon_source}"
    data.figures = [Figure(key, f"{LABELS[key][0]} at {height:g} m", stats[key], LABELS[key][1], source=source, digits=1)
                    for key in KEYS]
    data.figures += [
        Figure("height_m", "Height above the ground", height, "m", tag="[U]", source="scenario station"),
        Figure("horizon_source", "Horizon source", env.horizon_source, source=env.horizon_source),
        Figure("longest_dark", "Longest darkness (UTC)", stats["longest_dark"], source=source),
        Figure("worst_lunar_day", "Worst lunar day", env.record()["worst_lunar_day"], source=source),
    ]
    for other_label, (other_height, other) in environments.items():
        if other_label != label:  # the mast: where the arrays and the antenna stand
            other_source = f"{METHOD}; horizon: {other.horizon_source}"
            data.figures += [Figure(f"{other_label}_{key}", f"{LABELS[key][0]} at {other_height:g} m ({other_label})",
                                    other.statistics[key], LABELS[key][1], source=other_source, digits=1) for key in KEYS]
            data.figures.append(Figure(f"{other_label}_height_m", f"Height above the ground ({other_label})", other_height,
                                       "m", tag="[U]", source=f"scenario station.{other_label}_height_m"))
    data.products["environment"] = env

    series = env.series
    data.tables.append(Table("site_environment", f"Visibility over the terrain at {height:g} m", (
        Column("time", iso_utc(series.utc), "UTC"),
        Column("sun_fraction", series.sun_fraction, "fraction of the disk"),
        Column("earth_fraction", series.earth_fraction, "fraction of the disk"),
        Column("sun_above_skyline_deg", series.sun_above_skyline_deg, "deg"),
        Column("earth_above_skyline_deg", series.earth_above_skyline_deg, "deg"),
    )))
    days, daily_sun = daily_means(series.utc, 100.0 * series.sun_fraction)
    _, daily_earth = daily_means(series.utc, 100.0 * (series.earth_fraction > 0))
    data.tables.append(Table("daily_sunlight", "Daily means", (
        Column("date", days.astype(str), "UTC date"),
        Column("sun_mean_disk_pct", daily_sun, "%"),
        Column("earth_any_pct", daily_earth, "%"),
    )))
    data.plots += [
        Plot("visibility", f"Sunlight and Earth visibility over the terrain at {height:g} m", "line", "site_environment",
             "time", (Series("sun_fraction", "Sun: visible disk fraction", "sun"),
                      Series("earth_fraction", "Earth: visible disk fraction", "earth")),
             x_label="UTC", y_label="visible fraction of the disk"),
        Plot("daily_sunlight", f"Daily sunlight at {height:g} m (mean visible solar disk)", "calendar", "daily_sunlight",
             "date", z="sun_mean_disk_pct", x_label="day of month", z_label="sunlit %", z_range=(0.0, 100.0)),
    ]

    keys = [station.site] if station.site else []
    keys += [k for k in station.alternates if k not in keys]
    known = {station.site: env} if station.site and label == "observer" else {}
    ranking = rank_sites(inputs.products.get("sky"), keys, height, station.dem, assessed=known) if keys else []
    if ranking:
        data.tables.append(_ranking_table(ranking))
        data.figures.append(Figure("ranking", f"Ranking ({ORDER})",
                                   [{"site": r["key"], "rank": r.get("rank"), "sun_any_pct": r.get("sun_any_pct")}
                                    for r in ranking], source=METHOD))
    if station.map_half_width_km > 0:
        _region_map(inputs, height, data)
    data.caveats.append(
        "Named sites stand at their catalogue coordinates on the 240 m LOLA tile; the best-lit cell within ~1 km can be "
        "much brighter (at the connecting ridge, 2 m, 2018-19: 92.7 % for the best cell against 77.2 % at the catalogue "
        "point): run `moonbase site --search-radius-km 1 --dem ...` to find it.")
    data.answer = (f"Some of the Sun is visible {stats['sun_any_pct']:.1f} % of the time at {height:g} m, the longest "
                   f"darkness lasts {stats['longest_dark_h']:g} h, and the Earth is visible {stats['earth_any_pct']:.1f} % "
                   "of the time.")
    if "mast" in environments and label != "mast":
        mast_height, mast = environments["mast"]
        data.answer += (f" On the {mast_height:g} m mast the Sun is visible {mast.statistics['sun_any_pct']:.1f} % of the "
                        f"time and the longest darkness lasts {mast.statistics['longest_dark_h']:g} h.")
    data.notes.append(f"The Sun and the Earth are extended disks of their true angular radius, compared with the terrain "
                      f"skyline azimuth by azimuth (horizon: {env.horizon_source}).")
    if len(environments) < 2:
        data.status = Status.PARTIAL
    return data


SECTION = Section(
    key="site_environment",
    title=TITLE,
    compute=compute,
    needs=("sky", "station", "ephemeris", "horizon@", "visibility@"),
    provides=("environment",),
    summary_keys=("sun_any_pct", "longest_dark_h", "mast_sun_any_pct", "mast_longest_dark_h", "earth_any_pct",
                  "mast_earth_any_pct"),
    over_period=True,
)
