"""SGP4 in batches (objects × times) with the sgp4 package's ``SatrecArray``, and the checks that keep
nonsense out: element sets too old for the requested times, and SGP4 failures.

Positions and velocities are in TEME (the frame of SGP4 output) in km and km/s.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sgp4.api import SGP4_ERRORS, SatrecArray

from .catalog import Catalog

#: Default limit on element-set age at the propagated times [days]. TLE position errors at epoch are of
#: order 1 km in LEO and grow by roughly 1-3 km per day (recalled [M]; e.g. Vallado & Cefola 2012,
#: "Two-line element sets - practice and use"): past two weeks a LEO conjunction screen is meaningless.
DEFAULT_MAX_AGE_DAYS = 14.0

#: SGP4 output below this altitude [km] is treated as a failure (the object has decayed; SGP4 may still
#: return numbers without an error code). 100 km is the Kármán line, a conventional boundary.
MIN_VALID_ALTITUDE_KM = 100.0
_EARTH_RADIUS_KM = 6378.135  # WGS-72, SGP4's constant


@dataclass(frozen=True)
class Exclusion:
    """An object left out of a computation and why (stale elements, an SGP4 error, decay)."""

    index: int
    norad: int
    name: str
    reason: str


def julian_dates(utc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """UTC datetime64 (any unit down to ns) → (whole, fraction) Julian dates as SGP4 wants them (UTC, like TLE epochs)."""
    unix_ns = np.asarray(utc).astype("datetime64[ns]").astype(np.int64)
    days = np.floor_divide(unix_ns, 86_400_000_000_000)
    fraction = (unix_ns - days * 86_400_000_000_000) / 86_400_000_000_000.0
    return days + 2440587.5, fraction


def _time_array(utc) -> np.ndarray:
    """``utc`` as datetime64, at least millisecond resolution; finer units (us, ns) are kept, not truncated."""
    utc = np.asarray(utc)
    if utc.dtype.kind == "M" and np.datetime_data(utc.dtype)[0] in ("us", "ns"):
        return utc
    return utc.astype("datetime64[ms]")


def _age_at_extremes(catalog: Catalog, start_utc, end_utc) -> np.ndarray:
    """The largest |time − epoch| over [start, end] per object [days]."""
    return np.maximum(np.abs(catalog.age_days(np.datetime64(start_utc, "ms"))),
                      np.abs(catalog.age_days(np.datetime64(end_utc, "ms"))))


@dataclass
class States:
    """SGP4 states of the objects kept: ``position_km``/``velocity_km_s`` shaped (objects, times, 3), TEME."""

    index: np.ndarray  # into the catalogue
    utc: np.ndarray
    position_km: np.ndarray
    velocity_km_s: np.ndarray
    excluded: list[Exclusion]


def usable_objects(catalog: Catalog, start_utc, end_utc, max_age_days: float = DEFAULT_MAX_AGE_DAYS) -> tuple[np.ndarray, list[Exclusion]]:
    """Indices of objects with elements fresh enough for [start, end], and the stale ones as exclusions."""
    age = _age_at_extremes(catalog, start_utc, end_utc)
    excluded = []
    for index in np.flatnonzero(age > max_age_days):
        obj = catalog.objects[index]
        excluded.append(Exclusion(int(index), obj.norad, obj.name,
                                  f"stale: elements of {np.datetime_as_string(obj.epoch, unit='s')}Z are up to "
                                  f"{age[index]:.1f} days from the requested times (limit {max_age_days:g} days)"))
    return np.flatnonzero(age <= max_age_days), excluded


def sgp4_failures(catalog: Catalog, index: np.ndarray, errors: np.ndarray, position_km: np.ndarray) -> tuple[np.ndarray, list[Exclusion]]:
    """Which of the propagated objects failed (an SGP4 error code or a radius below :data:`MIN_VALID_ALTITUDE_KM`)."""
    radius = np.sqrt(np.einsum("ntk,ntk->nt", position_km, position_km))
    too_low = np.nanmin(np.where(np.isfinite(radius), radius, np.inf), axis=1) < _EARTH_RADIUS_KM + MIN_VALID_ALTITUDE_KM
    failed = (errors != 0).any(axis=1) | too_low | ~np.isfinite(position_km).all(axis=(1, 2))
    exclusions = []
    for row in np.flatnonzero(failed):
        obj = catalog.objects[index[row]]
        codes = errors[row][errors[row] != 0]
        if codes.size:
            reason = f"SGP4 error {int(codes[0])}: {SGP4_ERRORS.get(int(codes[0]), 'unknown')}"
        else:
            reason = f"SGP4 output below {MIN_VALID_ALTITUDE_KM:g} km altitude (decayed)"
        exclusions.append(Exclusion(int(index[row]), obj.norad, obj.name, reason))
    return failed, exclusions


def propagate(catalog: Catalog, utc: np.ndarray, max_age_days: float = DEFAULT_MAX_AGE_DAYS,
              index: np.ndarray | None = None) -> States:
    """SGP4 states of the usable objects at ``utc``; stale and failing objects are excluded and listed.

    ``utc``: datetime64 times (ms by default; us or ns are kept, so that times a fraction of a millisecond
    after an element-set epoch are propagated exactly: 0.5 ms is 4 m in LEO).
    """
    utc = _time_array(utc)
    candidates = np.arange(len(catalog)) if index is None else np.asarray(index)
    fresh, excluded = usable_objects(catalog.subset(candidates), utc.min(), utc.max(), max_age_days)
    excluded = [Exclusion(int(candidates[e.index]), e.norad, e.name, e.reason) for e in excluded]
    kept = candidates[fresh]
    jd, fr = julian_dates(utc)
    if kept.size:
        errors, position, velocity = SatrecArray([catalog.objects[i].satrec for i in kept]).sgp4(jd, fr)
    else:
        errors, position, velocity = np.zeros((0, utc.size), np.uint8), np.zeros((0, utc.size, 3)), np.zeros((0, utc.size, 3))
    failed, failures = sgp4_failures(catalog, kept, errors, position)
    return States(kept[~failed], utc, position[~failed], velocity[~failed], excluded + failures)
