"""One set of checks for every value that enters Moonbase: the CLI, the scenario and the Python API use them alike.

Each check returns the cleaned value or raises :class:`~moonbase.errors.InputError` naming the option (or scenario
key, or Python argument), the value given and what is allowed, so the message is one line that says what, where
and how to fix it. Times are UTC; offsets such as ``+08:00`` are converted to UTC.
"""

from __future__ import annotations

import math
import os
import re
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from .errors import InputError, MoonbaseError

#: Words numpy turns into a time (``np.datetime64("today")``): a plan must not depend on when it is run.
_NUMPY_TIME_WORDS = {"today", "now", "nat", "yesterday", "tomorrow", "", "nan", "none", "null"}
_OFFSET = re.compile(r"(?<=\d)\s*([+-])(\d{2}):?(\d{2})$")
_ISO_HINT = "an ISO 8601 UTC time such as 2030-01-01 or 2030-01-01T06:00:00Z"

_STEP = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*(ms|s|sec|m|min|h|hr|d|day|days)\s*$", re.IGNORECASE)
_STEP_SECONDS = {"ms": 0.001, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400, "day": 86400,
                 "days": 86400}
#: Time grids are held in milliseconds: a step that rounds to less than this is refused.
STEP_RESOLUTION_S = 0.001


# -- times --------------------------------------------------------------------------------------------------------
def instant(value, option: str = "time") -> np.datetime64:
    """A UTC instant as ``datetime64[ms]`` from ISO 8601 text, a ``datetime`` or a ``datetime64``.

    ``Z`` and ``±HH:MM`` offsets are accepted (converted to UTC); ``NaT``, numpy's words (``today``, ``now``)
    and dates that do not exist are refused.
    """
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            raise InputError(option, "NaT", _ISO_HINT)
        return value.astype("datetime64[ms]")
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return np.datetime64(value, "ms")
    if not isinstance(value, str):
        raise InputError(option, value, _ISO_HINT)
    text = value.strip()
    if text.lower() in _NUMPY_TIME_WORDS:
        raise InputError(option, value, _ISO_HINT + " (words like 'today' or 'NaT' are not times)")
    cleaned = text.replace(" ", "T")
    if cleaned[-1:] in "Zz":
        cleaned = cleaned[:-1]
    shift = timedelta(0)
    match = _OFFSET.search(cleaned) if "T" in cleaned else None
    if match:
        sign = 1 if match.group(1) == "+" else -1
        hours, minutes = int(match.group(2)), int(match.group(3))
        if hours > 23 or minutes > 59:
            raise InputError(option, value, _ISO_HINT + " (a UTC offset such as +08:00)")
        shift = sign * timedelta(hours=hours, minutes=minutes)
        cleaned = cleaned[:match.start()]
    if not re.fullmatch(r"[+-]?\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?)?)?)?", cleaned):
        raise InputError(option, value, _ISO_HINT)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = np.datetime64(cleaned, "ms")
    except (ValueError, OverflowError):
        raise InputError(option, value, _ISO_HINT + " (a date that exists)") from None
    if np.isnat(parsed):
        raise InputError(option, value, _ISO_HINT)
    return parsed - np.timedelta64(int(shift.total_seconds() * 1000), "ms")


def step_seconds(value, option: str = "step") -> float:
    """``'1h'``, ``'30min'``, ``'10m'`` (minutes), ``'15s'``, ``'1d'`` or a number of seconds → seconds.

    Refuses zero, negative, NaN and infinite steps, and steps that round to zero at the grid's 1 ms resolution.
    """
    if isinstance(value, bool):
        raise InputError(option, value, "a duration such as 1h, 30min, 15s or 1d")
    if isinstance(value, (int, float, np.integer, np.floating)):
        seconds = float(value)
    else:
        match = _STEP.match(str(value))
        if not match:
            raise InputError(option, value, "a duration such as 1h, 30min, 15s or 1d")
        seconds = float(match.group(1)) * _STEP_SECONDS[match.group(2).lower()]
    if not math.isfinite(seconds) or seconds <= 0:
        raise InputError(option, value, "a positive duration such as 1h, 30min, 15s or 1d")
    if round(seconds / STEP_RESOLUTION_S) < 1:
        raise InputError(option, value, f"a step of at least {STEP_RESOLUTION_S * 1000:g} ms (times are held to the millisecond)")
    return seconds


def utc_text(moment: np.datetime64) -> str:
    """``2030-01-01T06:00:00Z``: how a time is shown back to the user."""
    return f"{np.datetime_as_string(np.datetime64(moment, 's'), unit='s')}Z"


# -- numbers ------------------------------------------------------------------------------------------------------
def number(value, option: str, *, minimum: float | None = None, maximum: float | None = None,
           above: float | None = None, below: float | None = None, unit: str = "") -> float:
    """A finite float within ``[minimum, maximum]`` (inclusive) or ``(above, below)`` (exclusive)."""
    limits = []
    if minimum is not None:
        limits.append(f">= {minimum:g}")
    if above is not None:
        limits.append(f"> {above:g}")
    if maximum is not None:
        limits.append(f"<= {maximum:g}")
    if below is not None:
        limits.append(f"< {below:g}")
    expected = "a finite number" + (f" {' and '.join(limits)}" if limits else "") + (f" [{unit}]" if unit else "")
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise InputError(option, value, expected) from None
    if isinstance(value, bool) or not math.isfinite(result):
        raise InputError(option, value, expected)
    if ((minimum is not None and result < minimum) or (maximum is not None and result > maximum)
            or (above is not None and result <= above) or (below is not None and result >= below)):
        raise InputError(option, value, expected)
    return result


def positive(value, option: str, maximum: float | None = None, unit: str = "") -> float:
    """A finite number > 0 (radii, thresholds, lengths, durations)."""
    return number(value, option, above=0.0, maximum=maximum, unit=unit)


def non_negative(value, option: str, maximum: float | None = None, unit: str = "") -> float:
    """A finite number >= 0."""
    return number(value, option, minimum=0.0, maximum=maximum, unit=unit)


def probability(value, option: str) -> float:
    """A probability in (0, 1]."""
    return number(value, option, above=0.0, maximum=1.0)


def fraction(value, option: str) -> float:
    """A share in [0, 1]."""
    return number(value, option, minimum=0.0, maximum=1.0)


def percent(value, option: str) -> float:
    """A percentage in [0, 100]."""
    return number(value, option, minimum=0.0, maximum=100.0, unit="%")


#: Observer and mast heights above the ground, as the scenario allows (``station.observer_height_m``) [m].
MAX_HEIGHT_ABOVE_GROUND_M = 1000.0


def height_above_ground(value, option: str = "--height") -> float:
    """An observer or mast height above the ground: 0 to 1,000 m, as in the scenario."""
    return number(value, option, minimum=0.0, maximum=MAX_HEIGHT_ABOVE_GROUND_M, unit="m")


def count(value, option: str, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole number within ``[minimum, maximum]``."""
    expected = f"a whole number >= {minimum}" + (f" and <= {maximum}" if maximum is not None else "")
    if isinstance(value, bool):
        raise InputError(option, value, expected)
    try:
        as_float = float(value)
    except (TypeError, ValueError):
        raise InputError(option, value, expected) from None
    if not math.isfinite(as_float) or as_float != int(as_float):
        raise InputError(option, value, expected)
    result = int(as_float)
    if result < minimum or (maximum is not None and result > maximum):
        raise InputError(option, value, expected)
    return result


def pixel_window(window, option: str = "--window") -> tuple[int, int, int, int]:
    """``ROW0 ROW1 COL0 COL1`` of a DEM, with 0 <= ROW0 < ROW1 and 0 <= COL0 < COL1."""
    row0, row1, col0, col1 = (int(v) for v in window)
    if min(row0, row1, col0, col1) < 0 or row1 <= row0 or col1 <= col0:
        raise InputError(option, " ".join(str(v) for v in window), "ROW0 ROW1 COL0 COL1 with 0 <= ROW0 < ROW1 and 0 <= COL0 < COL1")
    return row0, row1, col0, col1


def latitude(value, option: str = "latitude") -> float:
    return number(value, option, minimum=-90.0, maximum=90.0, unit="deg")


def longitude(value, option: str = "longitude") -> float:
    return number(value, option, minimum=-360.0, maximum=360.0, unit="deg")


# -- paths --------------------------------------------------------------------------------------------------------
def _path(value, option: str) -> Path:
    if value is None or str(value).strip() == "":
        raise InputError(option, "" if value is None else str(value), "a file path")
    if "\x00" in str(value):
        raise InputError(option, str(value).replace("\x00", "\\0"), "a path without NUL characters")
    return Path(value)


def input_file(value, option: str, what: str = "file") -> Path:
    """An existing, readable file (not a folder); ``what`` says what kind, for the message."""
    path = _path(value, option)
    try:
        if not path.exists():
            hint = "check the spelling" + (f"; {path.parent} does not exist either" if not path.parent.exists() else "")
            raise MoonbaseError(f"{option} {path}: no such file; give an existing {what} ({hint})")
        if path.is_dir():
            raise MoonbaseError(f"{option} {path}: is a folder; give a file")
        if not os.access(path, os.R_OK):
            raise MoonbaseError(f"{option} {path}: not readable (permission denied); fix its permissions")
    except OSError as exc:
        raise MoonbaseError(f"{option} {path}: cannot be read ({exc.strerror or exc})") from None
    return path


def input_files(values, option: str, what: str = "file") -> list[Path]:
    return [input_file(v, option, what) for v in values or ()]


def input_folder(value, option: str) -> Path:
    """An existing, readable folder."""
    path = _path(value, option)
    if not path.is_dir():
        raise MoonbaseError(f"{option} {path}: no such folder" + ("" if not path.exists() else " (it is a file)"))
    return path


def read_text(value, option: str, encoding: str = "utf-8") -> str:
    """A text file's contents; a file in another encoding or unreadable gives one line naming it."""
    path = input_file(value, option)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MoonbaseError(f"{option} {path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise MoonbaseError(f"{option} {path}: not {encoding.upper()} text (byte 0x{data[exc.start]:02x} at line {line}); "
                            f"save the file as {encoding.upper()}") from None
