"""Parsing and normalising selenographic coordinates.

Latitudes are planetocentric degrees, north positive; longitudes are east
positive. Text may carry a hemisphere letter: ``89.45S`` equals ``-89.45``,
``137.31W`` equals ``-137.31`` (= 222.69 E).
"""

from __future__ import annotations

import re

import numpy as np

from .errors import InputError

_HEMISPHERE = re.compile(r"^\s*([+-]?\d+(?:\.\d*)?|[+-]?\.\d+)\s*°?\s*([NSEWnsew]?)\s*$")


def normalize_longitude(lon_deg, center: float = 180.0):
    """Wrap longitudes into ``[center - 180, center + 180)`` degrees.

    ``center=180`` (default) gives 0–360 E, the convention of the LOLA polar
    products; ``center=0`` gives -180–180. Works on scalars and arrays.

    >>> normalize_longitude(-137.31)
    222.69
    >>> normalize_longitude(360.0)
    0.0
    >>> normalize_longitude(190.0, center=0.0)
    -170.0
    """
    wrapped = np.mod(np.asarray(lon_deg, dtype=float) - (center - 180.0), 360.0) + (center - 180.0)
    wrapped = np.round(wrapped, 12) + 0.0  # drop -0.0 and float fuzz like 222.69000000000003
    return float(wrapped) if np.ndim(wrapped) == 0 else wrapped


def _parse(text: str | float, field: str, letters: str, limit: float) -> float:
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        match = _HEMISPHERE.match(str(text))
        if not match:
            raise InputError(field, text, f"a number in degrees such as -89.45 or 89.45{letters[1]}")
        value = float(match.group(1))
        letter = match.group(2).upper()
        if letter and letter not in letters:
            raise InputError(field, text, f"a hemisphere letter in {letters!r}")
        if letter == letters[1]:
            if value < 0:
                raise InputError(field, text, "either a sign or a hemisphere letter, not both")
            value = -value
    if not np.isfinite(value) or abs(value) > limit:
        raise InputError(field, text, f"a value between -{limit:g} and {limit:g} degrees")
    return value


def parse_latitude(text: str | float) -> float:
    """``'89.45S'`` or ``-89.45`` → -89.45 (degrees, north positive)."""
    return _parse(text, "latitude", "NS", 90.0)


def parse_longitude(text: str | float) -> float:
    """``'137.31W'``, ``-137.31`` or ``222.69`` → 222.69 (degrees east, 0–360)."""
    return normalize_longitude(_parse(text, "longitude", "EW", 360.0))
