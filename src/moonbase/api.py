"""The public Python API of Moonbase: everything a notebook needs, from this one module.

Chained objects in the style of skyfield: a :func:`site` knows its point and its terrain, and each
question returns a typed result (frozen dataclasses with units in their names, see
:mod:`moonbase.results`):

>>> from moonbase.api import site
>>> ridge = site("connecting-ridge", height_m=2)
>>> ridge.horizon().azimuth_deg.size
720
>>> light = ridge.sunlight("2030-01-01", "2030-01-03", step="6h")
>>> light.epochs, light.step_h, 0.0 <= light.sun_any_pct <= 100.0
(9, 6.0, True)

The lower-level functions are here too:

>>> from moonbase.api import site_ephemeris, get_site
>>> records = site_ephemeris(get_site("connecting-ridge").point(2.0), "2030-01-01", "2030-01-01T02:00", "1h")
>>> len(records), sorted(records[0])[:3]
(3, ['earth_az_deg', 'earth_el_deg', 'earth_radius_deg'])
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .coords import normalize_longitude, parse_latitude, parse_longitude
from .ephemeris import LunarEphemeris, MoonSky
from .errors import InputError, MoonbaseError, OutOfSpanError
from .geometry import BodyInSky, SurfacePoint, moon_from_ground_station, sky_at_site, sky_at_sites, sub_point
from .plan import Plan, run_plan, write_plan
from .scenario import Scenario, builtin_scenarios, load_scenario
from .sites import Site, catalogue, get_site, resolve_point
from .timegrid import iso_utc, utc_grid
from .environment.site import assess
from .environment.statistics import worst_lunar_day
from .environment.visibility import HorizonMask, site_visibility
from .comms.analysis import analyse_comms
from .power.analysis import analyse_power
from .power.sizing import Load
from .results import (CommsResult, DteStats, EarthStats, LinkStats, Period, PowerOption, PowerResult, RelayStats,
                      SunlightStats, Visibility)
from .terrain.horizon import Horizon
from .terrain.source import resolve_horizon

__all__ = [
    "BodyInSky", "InputError", "LunarEphemeris", "MoonSky", "MoonbaseError", "OutOfSpanError", "Plan", "Scenario",
    "Site", "SurfacePoint", "builtin_scenarios", "catalogue", "get_site", "iso_utc", "load_scenario",
    "moon_from_ground_station", "normalize_longitude", "parse_latitude", "parse_longitude", "resolve_point",
    "run_plan", "site_ephemeris", "sky_at_site", "sky_at_sites", "sub_point", "utc_grid", "write_plan",
    "Horizon", "HorizonMask", "assess", "site_visibility", "analyse_comms", "analyse_power",
    "site", "LunarSite", "Visibility", "SunlightStats", "EarthStats", "DteStats", "LinkStats", "RelayStats",
    "CommsResult", "PowerResult", "PowerOption", "Period", "moon_sky",
]


@lru_cache(maxsize=8)
def moon_sky(start: str, end: str, step: str = "1h", correction: str = "apparent") -> MoonSky:
    """The Sun and the Earth from the Moon's centre (MOON_ME) on a UTC grid; shared by every site (memoised)."""
    return LunarEphemeris.default().moon_sky(utc_grid(start, end, step), correction=correction)


def site(name: str | None = None, *, lat_deg: float | str | None = None, lon_deg: float | str | None = None,
         height_m: float = 2.0, dem_paths: Sequence[str | Path] = ()) -> "LunarSite":
    """A lunar site to ask questions of: a named site (``moonbase sites``) or ``lat_deg=``/``lon_deg=``.

    ``height_m`` [m]: the observer (camera, antenna, array) above the ground. ``dem_paths``: DEM files
    (GeoTIFF or PDS3) for the horizon; without them the fetched LOLA products, else the built-in
    horizons of the named sites at 2 m and 10 m.
    """
    if name is not None and (lat_deg is not None or lon_deg is not None):
        raise InputError("site", name, "either a site name or lat_deg=/lon_deg=, not both")
    if name is None and (lat_deg is None or lon_deg is None):
        raise InputError("site", None, "a site name (see moonbase.api.catalogue()) or both lat_deg= and lon_deg=")
    point = get_site(name).point(height_m) if name is not None else SurfacePoint(
        parse_latitude(lat_deg), parse_longitude(lon_deg), float(height_m))
    return LunarSite(point, tuple(Path(p) for p in dem_paths))


class LunarSite:
    """A point on the Moon with its terrain: each method answers one question over a period.

    Periods are ``start``, ``end`` (ISO 8601 UTC, inclusive) and ``step`` ("1h", "10min", ...). The
    horizon is resolved once and reused; skies are shared between sites (:func:`moon_sky`).
    """

    def __init__(self, point: SurfacePoint, dem_paths: tuple[Path, ...] = ()):
        self.point = point
        self.dem_paths = dem_paths
        self._horizon: Horizon | None = None
        self._visibility: dict[tuple[str, str, str], Visibility] = {}

    def __repr__(self) -> str:
        where = self.point.name or f"{self.point.lat_deg:.4f}°, {self.point.lon_deg:.4f}°E"
        return f"<LunarSite {where} at {self.point.height_m:g} m>"

    def at_height(self, height_m: float) -> "LunarSite":
        """The same site with the observer ``height_m`` [m] above the ground."""
        return LunarSite(SurfacePoint(self.point.lat_deg, self.point.lon_deg, float(height_m), self.point.name),
                         self.dem_paths)

    def horizon(self) -> Horizon:
        """The terrain horizon (720 azimuths from local north through east, elevations [deg])."""
        if self._horizon is None:
            self._horizon = resolve_horizon(self.point, self.dem_paths)
        return self._horizon

    def sky(self, start: str, end: str, step: str = "1h") -> dict[str, BodyInSky]:
        """Azimuth, elevation [deg], range [km] and angular radius [deg] of ``"sun"`` and ``"earth"``."""
        return sky_at_site(moon_sky(str(start), str(end), str(step)), self.point)

    def visibility(self, start: str, end: str, step: str = "1h") -> Visibility:
        """Sunlight and Earth statistics over the terrain horizon, with the per-epoch series."""
        key = (str(start), str(end), str(step))
        if key not in self._visibility:
            self._visibility[key] = self._assess(*key)
        return self._visibility[key]

    def _assess(self, start: str, end: str, step: str) -> Visibility:
        horizon = self.horizon()
        env = assess(moon_sky(start, end, step), self.point, horizon, horizon.source)
        s = env.series
        return Visibility(SunlightStats.from_statistics(env.statistics, env.horizon_source),
                          EarthStats.from_statistics(env.statistics, env.horizon_source), s.utc, s.sun_fraction,
                          s.earth_fraction, s.sun_elevation_deg, s.earth_elevation_deg, s.sun_above_skyline_deg,
                          s.earth_above_skyline_deg, worst_lunar_day(s))

    def sunlight(self, start: str, end: str, step: str = "1h") -> SunlightStats:
        """How much of the period the Sun is above the terrain (``sun_any_pct`` [%], ``longest_dark_h`` [h], ...)."""
        return self.visibility(start, end, step).sunlight

    def earth(self, start: str, end: str, step: str = "1h") -> EarthStats:
        """How much of the period the Earth is above the terrain (``earth_any_pct`` [%], ...)."""
        return self.visibility(start, end, step).earth

    def comms(self, start: str, end: str, step: str = "10min", networks: Sequence[str] = ("dsn",),
              relays: Sequence[str] = (), min_clearance_deg: float = 0.0) -> CommsResult:
        """Direct-to-Earth through ``networks`` (dsn, cdsn, russia, estrack, all) and through ``relays``
        (queqiao-2, queqiao-2-12h, lunar-pathfinder, nrho); the antenna stands at the site's height."""
        horizon = self.horizon()
        sky = moon_sky(str(start), str(end), str(step))
        record = analyse_comms(sky, self.point, horizon, list(networks), list(relays), min_clearance_deg=min_clearance_deg)
        return CommsResult.from_record(record, horizon.source, sky.utc)

    def direct_to_earth(self, start: str, end: str, step: str = "10min", networks: Sequence[str] = ("dsn",)) -> DteStats:
        """Direct-to-Earth contact only (see :meth:`comms`)."""
        return self.comms(start, end, step, networks).dte

    def power(self, start: str, end: str, step: str = "1h", load_kw: float = 10.0, sunlit_load_kw: float = 0.0,
              array_mode: str = "vertical-tracking", allow_fission: bool = True) -> PowerResult:
        """The lightest power system for a continuous ``load_kw`` [kW] (plus ``sunlit_load_kw`` [kW] while the
        array produces); the array stands on a mast of the site's height."""
        horizon = self.horizon()
        sky = moon_sky(str(start), str(end), str(step))
        loads = [Load("station", float(load_kw))] + ([Load("sunlit work", float(sunlit_load_kw), "sunlit")]
                                                     if sunlit_load_kw else [])
        record = analyse_power(sky, self.point, horizon, loads, allow_fission, array_mode)
        return PowerResult.from_record(record, horizon.source, sky.utc)

    def ephemeris(self, start: str, end: str, step: str = "1h", correction: str = "apparent") -> list[dict]:
        """One record per epoch of the Sun and the Earth seen from the site (the ``moonbase ephem`` output)."""
        return site_ephemeris(self.point, start, end, step, correction)


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
