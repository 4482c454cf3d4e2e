"""The Moon seen from Earth ground stations, with the per-epoch work shared by all stations.

The Moon's apparent geocentric position (light time, aberration, deflection: skyfield with
DE421) is rotated once per epoch into the ITRS (skyfield's IAU 2006/2000A chain with its built-in
ΔT; no polar motion). Each station then needs only its WGS84 position and geodetic east/north/up
basis, through the same topocentric kernel as lunar sites. Geocentric instead of topocentric
aberration and light time shift the Moon by < 0.5 arcsec (station speed 0.46 km/s).
"""

from __future__ import annotations

import numpy as np
from skyfield.api import wgs84
from skyfield.framelib import itrs

from ..ephemeris import LunarEphemeris
from ..kernels.topocentric import azimuth_elevation_range, enu_basis
from ..timegrid import tdb_seconds, to_time
from .stations import GroundStation


def moon_itrs_km(utc: np.ndarray, ephemeris: LunarEphemeris | None = None) -> np.ndarray:
    """(3, T) apparent geocentric Moon position in the ITRS [km]."""
    eph = ephemeris or LunarEphemeris.default()
    t = to_time(np.asarray(utc, dtype="datetime64[ms]"))
    eph.check_span(np.atleast_1d(tdb_seconds(t)))
    kernel = eph.skyfield_kernel
    apparent = kernel["earth"].at(t).observe(kernel["moon"]).apparent()
    return np.ascontiguousarray(apparent.frame_xyz(itrs).km)


def moon_elevation_at_stations(moon_km: np.ndarray, stations: list[GroundStation]) -> tuple[np.ndarray, np.ndarray]:
    """Azimuth and elevation [deg] of the Moon, (S, T), from each station (no refraction)."""
    positions = np.array([wgs84.latlon(s.lat_deg, s.lon_deg, elevation_m=s.height_m).itrs_xyz.km for s in stations])
    east, north, up = enu_basis(np.radians([s.lat_deg for s in stations]), np.radians([s.lon_deg for s in stations]))
    shape = (len(stations), moon_km.shape[1])
    az, el = np.empty(shape), np.empty(shape)
    azimuth_elevation_range(moon_km, positions.reshape(-1, 3), east.reshape(-1, 3), north.reshape(-1, 3),
                            up.reshape(-1, 3), az, el, np.empty((0, 0)))
    return np.degrees(az), np.degrees(el)
