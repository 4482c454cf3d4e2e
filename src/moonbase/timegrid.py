"""Times: parsing ISO 8601 instants and step lengths, and building time grids.

Times enter as UTC (ISO 8601 text or ``numpy.datetime64``), are held as a
skyfield :class:`~skyfield.timelib.Time` (one object for any number of
epochs), and reach the numerical kernels as TDB seconds since J2000.
Leap seconds and TT-TDB come from skyfield's built-in tables.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from skyfield.api import load
from skyfield.timelib import Time, Timescale

from .constants import J2000_JD, SECONDS_PER_DAY
from .errors import InputError

_STEP = re.compile(r"^\s*(\d+(?:\.\d*)?)\s*(s|sec|m|min|h|hr|d|day|days)\s*$", re.IGNORECASE)
_STEP_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400, "day": 86400, "days": 86400}


@lru_cache(maxsize=1)
def timescale() -> Timescale:
    """skyfield's timescale from its built-in leap-second and ΔT files (no download)."""
    return load.timescale(builtin=True)


def parse_instant(text: str, field: str = "time") -> np.datetime64:
    """``'2030-01-01'``, ``'2030-01-01T06:00'`` or ``'2030-01-01T06:00:00Z'`` → datetime64[ms] UTC."""
    cleaned = str(text).strip().rstrip("Zz").replace(" ", "T")
    if cleaned.endswith("+00:00"):
        cleaned = cleaned[:-6]
    try:
        return np.datetime64(cleaned, "ms")
    except ValueError:
        raise InputError(field, text, "an ISO 8601 UTC time such as 2030-01-01 or 2030-01-01T06:00:00Z") from None


def parse_step(text: str | float, field: str = "step") -> float:
    """``'1h'``, ``'30min'``, ``'10m'`` (minutes), ``'15s'``, ``'1d'`` → seconds."""
    if isinstance(text, (int, float)):
        seconds = float(text)
    else:
        match = _STEP.match(str(text))
        if not match:
            raise InputError(field, text, "a duration such as 1h, 30min, 15s or 1d")
        seconds = float(match.group(1)) * _STEP_SECONDS[match.group(2).lower()]
    if not seconds > 0:
        raise InputError(field, text, "a positive duration")
    return seconds


def utc_grid(start: str | np.datetime64, end: str | np.datetime64, step: str | float) -> np.ndarray:
    """Epochs from ``start`` up to and including ``end`` every ``step``, as datetime64[ms] UTC."""
    start64 = parse_instant(start, "start") if isinstance(start, str) else np.datetime64(start, "ms")
    end64 = parse_instant(end, "end") if isinstance(end, str) else np.datetime64(end, "ms")
    step_ms = int(round(parse_step(step) * 1000))
    if end64 < start64:
        raise InputError("end", str(end64), f"a time after start ({start64})")
    count = int((end64 - start64).astype(np.int64) // step_ms) + 1
    if count > 20_000_000:
        raise InputError("step", step, f"a coarser step: this period would need {count:,} epochs (limit 20,000,000)")
    return start64 + np.arange(count, dtype=np.int64) * np.timedelta64(step_ms, "ms")


def to_time(utc: np.ndarray | np.datetime64) -> Time:
    """UTC ``datetime64`` values (scalar or array) → one skyfield ``Time``."""
    utc = np.asarray(utc, dtype="datetime64[ms]")
    days = utc.astype("datetime64[D]")
    seconds_of_day = (utc - days).astype(np.int64) / 1000.0
    # skyfield accepts day-of-month overflow, so days since 1970-01-01 work directly.
    unix_days = days.astype(np.int64)
    return timescale().utc(1970, 1, 1 + unix_days, 0, 0, seconds_of_day)


def tdb_seconds(t: Time) -> np.ndarray:
    """TDB seconds since J2000.0 for the kernels (float64: ~0.3 µs resolution over 1900–2050)."""
    return (np.asarray(t.whole) - J2000_JD) * SECONDS_PER_DAY + np.asarray(t.tdb_fraction) * SECONDS_PER_DAY


def iso_utc(utc: np.ndarray) -> list[str]:
    """datetime64 UTC → ISO 8601 strings with a trailing Z, to the second."""
    return [f"{s}Z" for s in np.asarray(utc, dtype="datetime64[s]").astype(str)]
