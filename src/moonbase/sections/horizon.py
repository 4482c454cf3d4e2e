"""Site horizon: the terrain skyline around the station, with the Sun's and the Earth's paths over the period.

The horizon comes from the best terrain available (:mod:`moonbase.terrain.source`): DEMs named
in the scenario (``station.dem``), else LOLA products fetched into the user cache, else the
built-in table of the named sites at 2 m and 10 m. How much light and Earth the skyline lets
through is the site-environment section's job; this one shows the skyline and says where it
came from.
"""

from __future__ import annotations

import numpy as np

from ..contract import (Column, Figure, Mark, Plot, Section, SectionData, SectionInputs, Series, Status, Table,
                        horizon_product, track_product)
from ..errors import MoonbaseError
from ..terrain.horizon import Horizon

#: Most Sun/Earth track points drawn on the panorama (the CSV of site_geometry keeps every epoch).
MAX_TRACK_POINTS = 6000
TITLE = "Site horizon"


def _station_horizons(inputs: SectionInputs) -> tuple[dict[str, tuple[float, Horizon]], list[str]]:
    station = inputs.scenario.station
    horizons, caveats = {}, []
    for label, height in (("observer", station.observer_height_m), ("mast", station.mast_height_m)):
        try:
            horizons[label] = (height, inputs.products.get(horizon_product(height)))
        except MoonbaseError as exc:
            caveats.append(f"No terrain horizon at the {label} height ({height:g} m): {exc}")
    return horizons, caveats


def _tracks_table(view) -> Table:
    sun, earth = view["sun"], view["earth"]
    stride = max(1, int(np.ceil(sun.azimuth_deg.size / MAX_TRACK_POINTS)))
    return Table("horizon_tracks", f"Sun and Earth centres over the period (every {stride} epoch(s); "
                 "data/site_geometry.csv keeps every epoch)", (
                     Column("sun_az_deg", sun.azimuth_deg[::stride], "deg"),
                     Column("sun_el_deg", sun.elevation_deg[::stride], "deg"),
                     Column("earth_az_deg", earth.azimuth_deg[::stride], "deg"),
                     Column("earth_el_deg", earth.elevation_deg[::stride], "deg"),
                 ))


def compute(inputs: SectionInputs) -> SectionData:
    station = inputs.scenario.station
    point = inputs.products.get("station")
    horizons, caveats = _station_horizons(inputs)
    if not horizons:
        return SectionData("horizon", TITLE, status=Status.PARTIAL, caveats=caveats,
                           answer="No terrain horizon is available for this site (see the caveats).",
                           figures=[Figure("horizon_source", "Horizon source", None)])
    main_height, main = horizons.get("observer") or next(iter(horizons.values()))
    el = main.elevation_deg
    source = main.source
    figures = [
        Figure("horizon_source", "Horizon source", main.source, source=source),
        Figure("horizon_sources", "Horizon source at each height", {label: h.source for label, (_, h) in horizons.items()},
               source=source),
        Figure("horizon_method", "Horizon method", main.provenance.get("method", ""), source=source),
        Figure("horizon_dems", "DEM files", [d.get("file") for d in main.provenance.get("dems", [])], source=source),
        Figure("horizon_n_azimuths", "Azimuths", int(el.size), source=source),
        Figure("horizon_observer_height_m", "Observer height", station.observer_height_m, "m", tag="[U]",
               source="scenario station.observer_height_m"),
        Figure("horizon_max_deg", "Highest skyline elevation", float(el.max()), "deg", source=source, digits=2),
        Figure("horizon_max_azimuth_deg", "Azimuth of the highest skyline", float(main.azimuth_deg[np.argmax(el)]), "deg",
               source=source, digits=1),
        Figure("horizon_min_deg", "Lowest skyline elevation", float(el.min()), "deg", source=source, digits=2),
        Figure("horizon_mean_deg", "Mean skyline elevation", float(el.mean()), "deg", source=source, digits=2),
    ]
    if "mast" in horizons:
        mast = horizons["mast"][1]
        figures += [
            Figure("horizon_mast_height_m", "Mast height", station.mast_height_m, "m", tag="[U]",
                   source="scenario station.mast_height_m"),
            Figure("horizon_mast_mean_deg", "Mean skyline elevation from the mast", float(mast.elevation_deg.mean()),
                   "deg", source=mast.source, digits=2),
        ]
    columns = [Column("azimuth_deg", main.azimuth_deg, "deg")]
    skylines = []
    for label, (height, horizon) in horizons.items():
        name = f"elevation_{height:g}m_deg"
        columns.append(Column(name, horizon.at(main.azimuth_deg), "deg"))
        skylines.append(Series(name, f"terrain skyline at {height:g} m", "moon"))
    table = Table("horizon", "Terrain skyline", tuple(columns))
    tracks = _tracks_table(inputs.products.get(track_product(point.height_m)))
    panorama = Plot(
        "panorama", "Horizon panorama: terrain skyline with the Sun's and the Earth's paths", "line", "horizon",
        "azimuth_deg",
        (*skylines,
         Series("sun_el_deg", "Sun centre over the period", "sun", table="horizon_tracks", x="sun_az_deg", style="markers"),
         Series("earth_el_deg", "Earth centre over the period", "earth", table="horizon_tracks", x="earth_az_deg",
                style="markers")),
        x_label="azimuth [deg] from local north through east", y_label="elevation [deg]", marks=(Mark("hline", y=0.0),),
    )
    name = point.name or "the station"
    answer = (f"The terrain skyline around {name} rises to {float(el.max()):.2f}° at azimuth "
              f"{float(main.azimuth_deg[np.argmax(el)]):.1f}° and averages {float(el.mean()):.2f}° seen from "
              f"{main_height:g} m.")
    notes = [
        f"Terrain skyline around {name} seen from {station.observer_height_m:g} m and {station.mast_height_m:g} m above "
        f"the ground, with every position of the Sun's and the Earth's centres over the period. Source: {main.source}. "
        "Elevations are above the local horizontal of the 1,737.4 km sphere, in exact spherical geometry (curvature and "
        f"observer height), terrain to {main.provenance.get('max_distance_km', 300):g} km.",
    ]
    if "built-in" in main.source:
        caveats.append("Horizon from the built-in table computed from LOLA terrain resampled to 240 m near the site "
                       "and 1.79 km beyond: metre-scale relief near the station is smoothed; give station.dem with finer "
                       "DEMs (e.g. LDEM_875S_5M) for a local survey.")
    status = Status.OK if len(horizons) == 2 else Status.PARTIAL
    return SectionData("horizon", TITLE, answer=answer, figures=figures, tables=[table, tracks], plots=[panorama],
                       caveats=caveats, notes=notes, status=status)


SECTION = Section(
    key="horizon",
    title=TITLE,
    compute=compute,
    needs=("station", "horizon@", "track@"),
    summary_keys=("horizon_max_deg", "horizon_mean_deg"),
)
