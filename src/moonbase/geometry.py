"""Where the Sun and the Earth stand in a lunar site's sky, and where the Moon stands from Earth.

All functions are vectorised over epochs (and, for :func:`sky_at_sites`, over sites):
the ephemeris and frame work is done once per epoch in :class:`~moonbase.ephemeris.MoonSky`
and shared by every site.

Conventions
-----------
* Sites are planetocentric latitude, east longitude and height above the
  1,737.4 km reference sphere (the LOLA datum), in the MOON_ME_DE421 frame.
* Azimuth is measured from local north through east, 0–360°. "North" is the
  direction along the site's meridian toward the lunar north pole (so at a
  south-polar site it points away from the pole, along the site's own meridian);
  it is *not* grid north of a polar stereographic map.
* Elevation is above the local horizontal of the reference sphere (no terrain,
  no refraction: the Moon has no atmosphere).
* Positions are apparent (light time + stellar aberration) unless the
  :class:`MoonSky` was computed with ``correction="geometric"``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .constants import EARTH_RADIUS_KM, MOON_RADIUS_KM, SUN_RADIUS_KM
from .coords import normalize_longitude
from .ephemeris import LunarEphemeris, MoonSky
from .errors import InputError
from .kernels.topocentric import azimuth_elevation_range, enu_basis, vector_to_latlon
from .timegrid import tdb_seconds, to_time

BODIES = {"sun": SUN_RADIUS_KM, "earth": EARTH_RADIUS_KM}


@dataclass(frozen=True)
class SurfacePoint:
    """A point on the Moon: latitude [deg N], longitude [deg E], height above the 1,737.4 km sphere [m]."""

    lat_deg: float
    lon_deg: float
    height_m: float = 0.0
    name: str = ""

    def __post_init__(self):
        if not -90.0 <= self.lat_deg <= 90.0:
            raise InputError("lat_deg", self.lat_deg, "a value between -90 and 90 degrees")
        if isinstance(self.lon_deg, bool) or not np.isfinite(self.lon_deg):
            raise InputError("lon_deg", self.lon_deg, "a finite value in degrees east")
        if not -20_000.0 < self.height_m < 100_000.0:
            raise InputError("height_m", self.height_m, "a height in metres between -20,000 and 100,000")
        object.__setattr__(self, "lon_deg", normalize_longitude(self.lon_deg))

    def position_km(self) -> np.ndarray:
        """Body-fixed position (x, y, z) [km] on the sphere plus height."""
        lat, lon = np.radians(self.lat_deg), np.radians(self.lon_deg)
        r = MOON_RADIUS_KM + self.height_m / 1000.0
        return r * np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


@dataclass(frozen=True)
class BodyInSky:
    """One body's topocentric track; arrays are ``(T,)`` for one site or ``(S, T)`` for many."""

    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    range_km: np.ndarray
    angular_radius_deg: np.ndarray


def _points_arrays(points: list[SurfacePoint]):
    lat = np.radians([p.lat_deg for p in points])
    lon = np.radians([p.lon_deg for p in points])
    site_xyz = np.array([p.position_km() for p in points]).reshape(-1, 3)
    east, north, up = enu_basis(lat, lon)
    return site_xyz, east.reshape(-1, 3), north.reshape(-1, 3), up.reshape(-1, 3)


def body_at_sites(
    body_km: np.ndarray, points: list[SurfacePoint], radius_km: float, dtype=np.float64, with_range: bool = True
) -> BodyInSky:
    """Azimuth, elevation, range and angular radius of one body at many sites ``(S, T)``."""
    site_xyz, east, north, up = _points_arrays(points)
    shape = (len(points), body_km.shape[1])
    az = np.empty(shape, dtype=dtype)
    el = np.empty(shape, dtype=dtype)
    rng = np.empty(shape if with_range else (0, 0), dtype=dtype)
    azimuth_elevation_range(np.ascontiguousarray(body_km), site_xyz, east, north, up, az, el, rng)
    np.degrees(az, out=az)
    np.degrees(el, out=el)
    if with_range:
        radius = np.degrees(np.arcsin(radius_km / rng))
    else:
        radius = np.degrees(np.arcsin(radius_km / np.linalg.norm(body_km, axis=0)))[None, :]
    return BodyInSky(az, el, rng, radius)


def sky_at_sites(sky: MoonSky, points: list[SurfacePoint], dtype=np.float64, with_range: bool = True) -> dict[str, BodyInSky]:
    """The Sun and the Earth at many sites: ``{"sun": BodyInSky, "earth": BodyInSky}`` with ``(S, T)`` arrays.

    Use ``dtype=np.float32`` and ``with_range=False`` for thousands of sites over decades
    (float32 keeps angles to ~0.1 arcsec at 360°).
    """
    return {
        name: body_at_sites(getattr(sky, f"{name}_km"), points, radius, dtype, with_range)
        for name, radius in BODIES.items()
    }


def sky_at_site(sky: MoonSky, point: SurfacePoint) -> dict[str, BodyInSky]:
    """The Sun and the Earth at one site, with ``(T,)`` arrays."""
    many = sky_at_sites(sky, [point])
    return {name: BodyInSky(*(np.asarray(a)[0] for a in (b.azimuth_deg, b.elevation_deg, b.range_km, b.angular_radius_deg)))
            for name, b in many.items()}


def sub_point(vectors_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and east longitude [deg, lon in -180..180] of the point under a body (sub-solar, sub-Earth).

    For the Earth in MOON_ME this is the libration in latitude and longitude.
    """
    lat, lon = vector_to_latlon(vectors_km)
    return np.degrees(lat), normalize_longitude(np.degrees(lon), center=0.0)


def moon_from_ground_station(times, lat_deg: float, lon_deg: float, height_m: float = 0.0, apparent: bool = True):
    """Azimuth, elevation [deg] and range [km] of the Moon from an Earth station (WGS84 geodetic).

    Uses skyfield's Earth-orientation pipeline (IAU 2006/2000A, ΔT and leap seconds from its
    built-in tables, no polar motion) with DE421. ``apparent=True`` includes light time,
    aberration and deflection; no atmospheric refraction either way.
    """
    from skyfield.api import wgs84

    eph = LunarEphemeris.default()
    utc = np.atleast_1d(np.asarray(times, dtype="datetime64[ms]"))
    t = to_time(utc)
    eph.check_span(np.atleast_1d(tdb_seconds(t)))
    kernel = eph.skyfield_kernel
    station = kernel["earth"] + wgs84.latlon(lat_deg, lon_deg, elevation_m=height_m)
    observed = station.at(t).observe(kernel["moon"])
    position = observed.apparent() if apparent else observed
    alt, az, distance = position.altaz()
    return az.degrees, alt.degrees, distance.km
