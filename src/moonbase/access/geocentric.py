"""Geocentric DE421 states of the Moon and the Sun (ICRF axes), for the Earth-centred transfer models.

DE421 (Folkner et al. 2008, IPN Progress Report 42-178) gives the Moon and the Earth about the
Earth–Moon barycentre and the barycentre and the Sun about the solar-system barycentre; the
geocentric vectors are differences of those Chebyshev series, evaluated by
``moonbase.kernels.chebyshev`` (the same segments as ``moonbase.ephemeris``). Times are TDB
seconds since J2000.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..ephemeris import LunarEphemeris
from ..timegrid import tdb_seconds, to_time


def tdb_from_utc(utc) -> np.ndarray:
    """UTC datetime64 (or ISO strings) → TDB seconds since J2000 (array)."""
    return np.atleast_1d(tdb_seconds(to_time(np.atleast_1d(np.asarray(utc, dtype="datetime64[ms]")))))


def moon_geocentric(tdb_s: np.ndarray, ephemeris: LunarEphemeris | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Position [km] and velocity [km/s] of the Moon from the Earth's centre, each (3, N)."""
    eph = ephemeris or LunarEphemeris.default()
    tdb = np.ascontiguousarray(np.atleast_1d(np.asarray(tdb_s, float)))
    eph.check_span(tdb)
    moon_p, moon_v = eph._moon.position_velocity(tdb)
    earth_p, earth_v = eph._earth.position_velocity(tdb)
    return moon_p - earth_p, moon_v - earth_v


def sun_geocentric(tdb_s: np.ndarray, ephemeris: LunarEphemeris | None = None) -> np.ndarray:
    """Position [km] of the Sun from the Earth's centre, (3, N)."""
    eph = ephemeris or LunarEphemeris.default()
    tdb = np.ascontiguousarray(np.atleast_1d(np.asarray(tdb_s, float)))
    eph.check_span(tdb)
    return eph._sun.position(tdb) - eph._emb.position(tdb) - eph._earth.position(tdb)


@dataclass(frozen=True)
class ChebyshevSegments:
    """The four DE421 segments as plain arrays, for evaluation inside numba kernels.

    Order: EMB→Moon, EMB→Earth, SSB→EMB, SSB→Sun; each (init [s], interval [s], coefficients).
    """

    init_s: np.ndarray       # (4,)
    interval_s: np.ndarray   # (4,)
    moon: np.ndarray
    earth: np.ndarray
    emb: np.ndarray
    sun: np.ndarray

    @classmethod
    def from_ephemeris(cls, ephemeris: LunarEphemeris | None = None) -> "ChebyshevSegments":
        eph = ephemeris or LunarEphemeris.default()
        series = (eph._moon, eph._earth, eph._emb, eph._sun)
        return cls(np.array([s.init_s for s in series]), np.array([s.interval_s for s in series]),
                   *(np.ascontiguousarray(s.coefficients) for s in series))
