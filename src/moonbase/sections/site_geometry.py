"""Site geometry: the Sun and the Earth over the station's sphere horizon, the sub-solar point and libration.

No terrain here: elevations are above the local horizontal of the 1,737.4 km sphere.
The terrain-aware picture (sunlight fraction, Earth visibility) is the site-environment
section's job.
"""

from __future__ import annotations

import numpy as np

from ..environment.statistics import longest_spell
from ..geometry import sky_at_site, sub_point
from ..plan import PlanContext, SectionResult
from ..report.plots import time_series_figure
from ..timegrid import iso_utc


def site_geometry_section(context: PlanContext) -> SectionResult:
    sky, point = context.sky, context.point
    view = sky_at_site(sky, point)
    sun, earth = view["sun"], view["earth"]
    subsolar_lat, subsolar_lon = sub_point(sky.sun_km)
    subearth_lat, subearth_lon = sub_point(sky.earth_km)
    step_h = float(np.median(np.diff(sky.tdb_s))) / 3600.0 if len(sky) > 1 else 0.0
    # Centre of the disk above the sphere horizon (no terrain): an upper bound on what terrain allows.
    sun_up = sun.elevation_deg > 0.0
    earth_up = earth.elevation_deg > 0.0

    times = iso_utc(sky.utc)
    table = {
        "time": times,
        "sun_az_deg": sun.azimuth_deg,
        "sun_el_deg": sun.elevation_deg,
        "sun_range_km": sun.range_km,
        "sun_radius_deg": sun.angular_radius_deg,
        "earth_az_deg": earth.azimuth_deg,
        "earth_el_deg": earth.elevation_deg,
        "earth_range_km": earth.range_km,
        "earth_radius_deg": earth.angular_radius_deg,
        "subsolar_lat_deg": subsolar_lat,
        "subsolar_lon_deg": subsolar_lon,
        "subearth_lat_deg": subearth_lat,
        "subearth_lon_deg": subearth_lon,
    }
    figures = {
        "sun_el_max_deg": float(sun.elevation_deg.max()),
        "sun_el_min_deg": float(sun.elevation_deg.min()),
        "earth_el_max_deg": float(earth.elevation_deg.max()),
        "earth_el_min_deg": float(earth.elevation_deg.min()),
        "sun_above_sphere_horizon_pct": float(100.0 * sun_up.mean()),
        "earth_above_sphere_horizon_pct": float(100.0 * earth_up.mean()),
        "longest_sun_below_sphere_horizon_h": longest_spell(~sun_up, step_h).hours,
        "longest_earth_below_sphere_horizon_h": longest_spell(~earth_up, step_h).hours,
        "subsolar_lat_range_deg": [float(subsolar_lat.min()), float(subsolar_lat.max())],
        "libration_lat_range_deg": [float(subearth_lat.min()), float(subearth_lat.max())],
        "libration_lon_range_deg": [float(subearth_lon.min()), float(subearth_lon.max())],
        "sun_radius_deg_mean": float(sun.angular_radius_deg.mean()),
        "earth_radius_deg_mean": float(earth.angular_radius_deg.mean()),
    }
    time_axis = sky.utc
    plots = [
        time_series_figure(
            time_axis,
            {"Sun elevation": sun.elevation_deg, "Earth elevation": earth.elevation_deg},
            "Elevation above the sphere horizon (no terrain)",
            "elevation [deg]",
            source="data/site_geometry.csv",
            zero_line=True,
        ),
        time_series_figure(
            time_axis,
            {"sub-solar latitude": subsolar_lat},
            "Sub-solar latitude (the Sun's declination over the lunar equator)",
            "latitude [deg]",
            source="data/site_geometry.csv",
        ),
        time_series_figure(
            time_axis,
            {"libration in longitude": subearth_lon, "libration in latitude": subearth_lat},
            "Libration: the sub-Earth point",
            "degrees",
            source="data/site_geometry.csv",
        ),
    ]
    html = (
        f"<p>Sun and Earth seen from <b>{point.name or 'the station'}</b> "
        f"({point.lat_deg:.3f}&deg;, {point.lon_deg:.3f}&deg;E, {point.height_m:g} m above the 1,737.4 km sphere), "
        f"{sky.correction} positions from JPL DE421 in {sky.frame}_DE421. Azimuth from local north (toward the lunar "
        f"north pole along the site's meridian) through east. Terrain is not included in this section: at the pole "
        f"the Sun skims the horizon (elevation {figures['sun_el_min_deg']:.2f}&deg; to {figures['sun_el_max_deg']:.2f}&deg;), "
        f"so what terrain hides decides the light.</p>"
    )
    return SectionResult(
        key="site_geometry",
        title="Site geometry",
        figures=figures,
        tables={"site_geometry": table},
        plots=plots,
        html=html,
    )
