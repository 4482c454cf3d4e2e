"""Times: parsing ISO 8601 instants and step lengths, and building time grids.

Times enter as UTC (ISO 8601 text or ``numpy.datetime64``), are held as a
skyfield :class:`~skyfield.timelib.Time` (one object for any number of
epochs), and reach the numerical kernels as TDB seconds since J2000.
Leap seconds and TT-TDB come from skyfield's built-in tables.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from skyfield.api import load
from skyfield.timelib import Time, Timescale

from . import validate
from .constants import J2000_JD, SECONDS_PER_DAY
from .errors import InputError, OutOfSpanError



@lru_cache(maxsize=1)
def timescale() -> Timescale:
    """skyfield's timescale from its built-in leap-second and ΔT files (no download)."""
    return load.timescale(builtin=True)


def parse_instant(text, field: str = "time") -> np.datetime64:
    """``'2030-01-01'``, ``'2030-01-01T06:00'`` or ``'2030-01-01T06:00:00+08:00'`` → datetime64[ms] UTC.

    See :func:`moonbase.validate.instant`: NaT, 'today' and impossible dates are refused.
    """
    return validate.instant(text, field)


def parse_step(text: str | float, field: str = "step") -> float:
    """``'1h'``, ``'30min'``, ``'10m'`` (minutes), ``'15s'``, ``'1d'`` → seconds (at least 1 ms)."""
    return validate.step_seconds(text, field)


#: Most epochs of one time grid, whatever memory allows (the work-size check usually refuses far sooner).
MAX_EPOCHS = 20_000_000


def check_in_span(moment: np.datetime64, field: str, given=None) -> None:
    """Refuse a UTC time outside the ephemeris span, naming the user's option and time in UTC."""
    from .ephemeris import LunarEphemeris, _J2000_TDB

    lo, hi = LunarEphemeris.default().span_tdb_s
    # The span is in TDB; UTC differs by about a minute, far inside the one-day margin the span already keeps.
    first = _J2000_TDB + np.timedelta64(int(np.ceil(lo)), "s")
    last = _J2000_TDB + np.timedelta64(int(np.floor(hi)), "s")
    if not first <= moment <= last:
        shown = given if isinstance(given, str) else validate.utc_text(moment)
        raise OutOfSpanError(field, shown, f"a time between {validate.utc_text(first)} and {validate.utc_text(last)} "
                             "(the span of the DE421 lunar orientation kernel; never extrapolated)")


def check_period(start, end, step, names: tuple[str, str, str] = ("start", "end", "step")) -> tuple[np.datetime64, int, int]:
    """Validate a period without building it: (start as datetime64[ms], step [ms], number of epochs).

    ``names`` are how the caller calls the three values (``("--start", "--end", "--step")`` in the CLI), so
    errors name them; times outside the ephemeris span are refused here, in UTC.
    """
    start_name, end_name, step_name = names
    start64 = validate.instant(start, start_name)
    end64 = validate.instant(end, end_name)
    step_ms = int(round(validate.step_seconds(step, step_name) * 1000))
    if end64 < start64:
        raise InputError(end_name, end if isinstance(end, str) else validate.utc_text(end64),
                         f"a time after {start_name} ({validate.utc_text(start64)})")
    check_in_span(start64, start_name, start)
    check_in_span(end64, end_name, end)
    count = int((end64 - start64).astype(np.int64) // step_ms) + 1
    if count > MAX_EPOCHS:
        raise InputError(step_name, step, f"a coarser step: this period would need {count:,} epochs "
                         f"(limit {MAX_EPOCHS:,})")
    return start64, step_ms, count


def utc_grid(start, end, step, names: tuple[str, str, str] = ("start", "end", "step")) -> np.ndarray:
    """Epochs from ``start`` up to and including ``end`` every ``step``, as datetime64[ms] UTC (see :func:`check_period`)."""
    start64, step_ms, count = check_period(start, end, step, names)
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
