"""Porkchop plots of Earth–Moon transfers: TLI Δv and arrival v∞ over departure date × time of flight.

For each cell the arrival point is the Moon's geocentric DE421 position at departure + TOF, and the
departure point lies on the circular parking orbit in the Moon's orbital plane at arrival (the
plane a launch window is chosen to reach). The transfer is a single-revolution Earth-centred
Lambert arc (``moonbase.kernels.lambert``, universal variables, checked against lamberthub's
Izzo 2015 solver); the departure angle is the one that minimises the TLI Δv in [160°, 179.5°] (the
optimum is 170° at 2.5 d and rises with the flight time), found as the vertex of the parabola through
160°, 169.75° and 179.5°: four Lambert arcs per cell, within 0.13 m/s of a 25-step golden-section
search over the whole 2030 porkchop (measured). Transfers whose optimum lies beyond 180° (times of flight above about
4.8 d) are held at 179.5°; the bias this leaves is below 5 m/s (measured against the integrated
targeted transfer in the tests). The Moon's gravity is ignored on the arc (patched conic: the
arrival v∞ is relative to the Moon's centre), which is why a targeted transfer
(:mod:`moonbase.access.targeting`) gives the answers to fly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..constants import EARTH_RADIUS_KM
from ..errors import InputError
from ..ephemeris import LunarEphemeris
from ..kernels.lambert import tli_porkchop
from ..orbits.elements import GM_EARTH
from .conics import loi_circular
from .geocentric import moon_geocentric, tdb_from_utc

THETA_RANGE_DEG = (160.0, 179.5)


@dataclass(frozen=True)
class Porkchop:
    """TLI Δv, arrival v∞ and patched-conic LOI (100 km circular) over departure days × flight times."""

    departure_utc: np.ndarray   # (D,) datetime64[s]
    tof_days: np.ndarray        # (T,)
    tli_dv_km_s: np.ndarray     # (D, T)
    arrival_vinf_km_s: np.ndarray
    loi_100km_dv_km_s: np.ndarray
    departure_angle_deg: np.ndarray
    parking_altitude_km: float

    def best(self) -> dict:
        """The cell of least TLI + LOI Δv."""
        total = self.tli_dv_km_s + self.loi_100km_dv_km_s
        if not np.isfinite(total).any():
            raise InputError("porkchop", "grid", "a grid with at least one transfer (none was found)")
        i, j = np.unravel_index(np.nanargmin(total), total.shape)
        return {"departure_utc": self.departure_utc[i], "tof_days": float(self.tof_days[j]),
                "tli_dv_km_s": float(self.tli_dv_km_s[i, j]), "arrival_vinf_km_s": float(self.arrival_vinf_km_s[i, j]),
                "loi_100km_dv_km_s": float(self.loi_100km_dv_km_s[i, j])}


def porkchop(departure_utc, tof_days, parking_altitude_km: float = 200.0,
             ephemeris: LunarEphemeris | None = None) -> Porkchop:
    """Porkchop over departure epochs (UTC) × times of flight [days] from a circular parking orbit."""
    departures = np.atleast_1d(np.asarray(departure_utc, dtype="datetime64[s]"))
    tof = np.atleast_1d(np.asarray(tof_days, float))
    if not (tof.min() >= 2.0 and tof.max() <= 10.0):
        raise InputError("--tof-days", f"{tof.min():g}..{tof.max():g}", "direct-transfer flight times between 2 and 10 days")
    if not 120.0 <= parking_altitude_km <= 2000.0:
        raise InputError("--altitude-km", parking_altitude_km, "a parking altitude between 120 and 2,000 km")
    tdb0 = tdb_from_utc(departures)
    arrival = (tdb0[:, None] + tof[None, :] * 86_400.0).ravel()
    moon_r, moon_v = moon_geocentric(arrival, ephemeris)
    h = np.cross(moon_r.T, moon_v.T)
    h /= np.linalg.norm(h, axis=1)[:, None]
    r2 = np.ascontiguousarray(moon_r.T)
    tof_s = np.ascontiguousarray(np.broadcast_to(tof[None, :] * 86_400.0, (len(departures), len(tof))).ravel())
    lo, hi = np.radians(THETA_RANGE_DEG)
    dv, theta, _v1, v2 = tli_porkchop(GM_EARTH, EARTH_RADIUS_KM + parking_altitude_km, r2, tof_s,
                                      np.ascontiguousarray(h), lo, hi)
    vinf = np.linalg.norm(v2 - moon_v.T, axis=1)
    shape = (len(departures), len(tof))
    return Porkchop(departures, tof, dv.reshape(shape), vinf.reshape(shape), loi_circular(vinf, 100.0).reshape(shape),
                    np.degrees(theta).reshape(shape), float(parking_altitude_km))
