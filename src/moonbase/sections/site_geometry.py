"""Site geometry: the Sun and the Earth over the station's sphere horizon, the sub-solar point and libration.

No terrain here: elevations are above the local horizontal of the 1,737.4 km sphere.
The terrain-aware picture (sunlight fraction, Earth visibility) is the site-environment
section's job.
"""

from __future__ import annotations

import numpy as np

from ..contract import Column, Figure, Mark, Plot, Section, SectionData, SectionInputs, Series, Table, track_product
from ..environment.statistics import longest_spell
from ..geometry import sub_point
from ..timegrid import iso_utc

TITLE = "Site geometry: sphere only (no terrain)"
DE421 = "JPL DE421 (Folkner et al. 2008, IPN Progress Report 42-178) with the DE421 lunar frames"


def compute(inputs: SectionInputs) -> SectionData:
    products = inputs.products
    sky, point = products.get("sky"), products.get("station")
    view = products.get(track_product(point.height_m))
    sun, earth = view["sun"], view["earth"]
    subsolar_lat, subsolar_lon = sub_point(sky.sun_km)
    subearth_lat, subearth_lon = sub_point(sky.earth_km)
    step_h = float(np.median(np.diff(sky.tdb_s))) / 3600.0 if len(sky) > 1 else 0.0
    # Centre of the disk above the sphere horizon (no terrain): an upper bound on what terrain allows.
    sun_up = sun.elevation_deg > 0.0
    earth_up = earth.elevation_deg > 0.0

    table = Table("site_geometry", "Sun and Earth over the sphere horizon, sub-solar and sub-Earth points", (
        Column("time", iso_utc(sky.utc), "UTC"),
        Column("sun_az_deg", sun.azimuth_deg, "deg"),
        Column("sun_el_deg", sun.elevation_deg, "deg"),
        Column("sun_range_km", sun.range_km, "km"),
        Column("sun_radius_deg", sun.angular_radius_deg, "deg"),
        Column("earth_az_deg", earth.azimuth_deg, "deg"),
        Column("earth_el_deg", earth.elevation_deg, "deg"),
        Column("earth_range_km", earth.range_km, "km"),
        Column("earth_radius_deg", earth.angular_radius_deg, "deg"),
        Column("subsolar_lat_deg", subsolar_lat, "deg"),
        Column("subsolar_lon_deg", subsolar_lon, "deg"),
        Column("subearth_lat_deg", subearth_lat, "deg"),
        Column("subearth_lon_deg", subearth_lon, "deg"),
    ))
    source = f"{DE421}, {sky.correction} positions in {sky.frame}"
    figures = [
        Figure("sun_el_max_deg", "Highest Sun elevation", float(sun.elevation_deg.max()), "deg", source=source, digits=2),
        Figure("sun_el_min_deg", "Lowest Sun elevation", float(sun.elevation_deg.min()), "deg", source=source, digits=2),
        Figure("earth_el_max_deg", "Highest Earth elevation", float(earth.elevation_deg.max()), "deg", source=source, digits=2),
        Figure("earth_el_min_deg", "Lowest Earth elevation", float(earth.elevation_deg.min()), "deg", source=source, digits=2),
        Figure("sun_above_sphere_horizon_pct", "Sun's centre above the sphere horizon", float(100.0 * sun_up.mean()),
               "%", source=source, digits=1),
        Figure("earth_above_sphere_horizon_pct", "Earth's centre above the sphere horizon",
               float(100.0 * earth_up.mean()), "%", source=source, digits=1),
        Figure("longest_sun_below_sphere_horizon_h", "Longest spell with the Sun's centre below the sphere horizon",
               longest_spell(~sun_up, step_h).hours, "h", source=source),
        Figure("longest_earth_below_sphere_horizon_h", "Longest spell with the Earth's centre below the sphere horizon",
               longest_spell(~earth_up, step_h).hours, "h", source=source),
        Figure("subsolar_lat_range_deg", "Sub-solar latitude range", [float(subsolar_lat.min()), float(subsolar_lat.max())],
               "deg", source=source, digits=3),
        Figure("libration_lat_range_deg", "Libration in latitude (sub-Earth latitude range)",
               [float(subearth_lat.min()), float(subearth_lat.max())], "deg", source=source, digits=3),
        Figure("libration_lon_range_deg", "Libration in longitude (sub-Earth longitude range)",
               [float(subearth_lon.min()), float(subearth_lon.max())], "deg", source=source, digits=3),
        Figure("sun_radius_deg_mean", "Mean angular radius of the Sun", float(sun.angular_radius_deg.mean()), "deg",
               source=source, digits=4),
        Figure("earth_radius_deg_mean", "Mean angular radius of the Earth", float(earth.angular_radius_deg.mean()), "deg",
               source=source, digits=4),
    ]
    plots = [
        Plot("elevations", "Elevation above the sphere horizon (no terrain)", "line", "site_geometry", "time",
             (Series("sun_el_deg", "Sun elevation", "sun"), Series("earth_el_deg", "Earth elevation", "earth")),
             x_label="UTC", y_label="elevation [deg]", marks=(Mark("hline", y=0.0),)),
        Plot("subsolar_latitude", "Sub-solar latitude (the Sun's declination over the lunar equator)", "line",
             "site_geometry", "time", (Series("subsolar_lat_deg", "sub-solar latitude", "sun"),),
             x_label="UTC", y_label="latitude [deg]"),
        Plot("libration", "Libration: the sub-Earth point", "line", "site_geometry", "time",
             (Series("subearth_lon_deg", "libration in longitude", "earth"),
              Series("subearth_lat_deg", "libration in latitude", "moon")),
             x_label="UTC", y_label="degrees"),
    ]
    name = point.name or "the station"
    answer = (f"Seen from {name}, the Sun's centre stands between {figures[1].value:.2f}° and {figures[0].value:.2f}° "
              f"above the sphere horizon over the period, and the Earth's between {figures[3].value:.2f}° and "
              f"{figures[2].value:.2f}°: at the pole the Sun skims the horizon, so what terrain hides decides the light.")
    notes = [
        f"Sun and Earth seen from {name} ({point.lat_deg:.3f}°, {point.lon_deg:.3f}°E, {point.height_m:g} m above the "
        f"1,737.4 km sphere), {sky.correction} positions from JPL DE421 in {sky.frame}_DE421. Azimuth from local north "
        "(toward the lunar north pole along the site's meridian) through east. Terrain is not included in this section.",
    ]
    return SectionData("site_geometry", TITLE, answer=answer, figures=figures, tables=[table], plots=plots,
                       notes=notes)


SECTION = Section(
    key="site_geometry",
    title=TITLE,
    compute=compute,
    needs=("sky", "station", "track@"),
    summary_keys=(),  # sphere-only numbers are not the station's answers (the terrain sections give those)
    over_period=True,
)
