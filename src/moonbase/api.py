"""The public Python API of Moonbase.

>>> from moonbase.api import site_ephemeris, get_site
>>> records = site_ephemeris(get_site("connecting-ridge").point(2.0), "2030-01-01", "2030-01-01T02:00", "1h")
>>> len(records), sorted(records[0])[:3]
(3, ['earth_az_deg', 'earth_el_deg', 'earth_radius_deg'])
"""

from __future__ import annotations

from .coords import normalize_longitude, parse_latitude, parse_longitude
from .ephemeris import LunarEphemeris, MoonSky
from .errors import InputError, MoonbaseError, OutOfSpanError
from .geometry import BodyInSky, SurfacePoint, moon_from_ground_station, sky_at_site, sky_at_sites, sub_point
from .plan import Plan, run_plan, write_plan
from .scenario import Scenario, builtin_scenarios, load_scenario
from .sites import Site, catalogue, get_site, resolve_point
from .timegrid import iso_utc, utc_grid
from .environment.site import assess
from .environment.visibility import HorizonMask, site_visibility
from .comms.analysis import analyse_comms
from .power.analysis import analyse_power

__all__ = [
    "BodyInSky", "InputError", "LunarEphemeris", "MoonSky", "MoonbaseError", "OutOfSpanError", "Plan", "Scenario",
    "Site", "SurfacePoint", "builtin_scenarios", "catalogue", "get_site", "iso_utc", "load_scenario",
    "moon_from_ground_station", "normalize_longitude", "parse_latitude", "parse_longitude", "resolve_point",
    "run_plan", "site_ephemeris", "sky_at_site", "sky_at_sites", "sub_point", "utc_grid", "write_plan",
    "HorizonMask", "assess", "site_visibility", "analyse_comms", "analyse_power",
]


def site_ephemeris(point: SurfacePoint, start, end, step="1h", correction: str = "apparent",
                   frame: str = "MOON_ME") -> list[dict]:
    """Records (one per epoch) of the Sun and Earth seen from ``point``: the ``moonbase ephem`` output."""
    utc = utc_grid(start, end, step)
    sky = LunarEphemeris.default().moon_sky(utc, frame=frame, correction=correction)
    view = sky_at_site(sky, point)
    subsolar_lat, subsolar_lon = sub_point(sky.sun_km)
    subearth_lat, subearth_lon = sub_point(sky.earth_km)
    columns = {
        "sun_az_deg": view["sun"].azimuth_deg, "sun_el_deg": view["sun"].elevation_deg,
        "sun_range_km": view["sun"].range_km, "sun_radius_deg": view["sun"].angular_radius_deg,
        "earth_az_deg": view["earth"].azimuth_deg, "earth_el_deg": view["earth"].elevation_deg,
        "earth_range_km": view["earth"].range_km, "earth_radius_deg": view["earth"].angular_radius_deg,
        "subsolar_lat_deg": subsolar_lat, "subsolar_lon_deg": subsolar_lon,
        "subearth_lat_deg": subearth_lat, "subearth_lon_deg": subearth_lon,
    }
    lists = {k: v.tolist() for k, v in columns.items()}
    return [{"time": t, **{k: lists[k][i] for k in lists}} for i, t in enumerate(iso_utc(utc))]
