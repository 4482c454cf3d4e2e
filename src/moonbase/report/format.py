"""Numbers for people: one formatter for the report, the terminal summary and comparisons.

Pure functions, no HTML: the report escapes what they return. Values are rounded to their meaning
(percent to 0.1, masses in kg or t with thousands separators, hours to the hour once they are
long, times as UTC dates and minutes, booleans as words) unless the figure says how many decimals
carry meaning (``Figure.digits``).

    >>> format_value(87.26, "%")
    '87.3 %'
    >>> format_value(3235.4, "kg"), format_value(50_000_000.0, "kg")
    ('3,235 kg', '50,000 t')
    >>> format_value(True), format_value(None), format_value(float("nan"), "h")
    ('yes', '—', '—')
    >>> format_value("2030-01-05T13:07:00Z", "UTC")
    '2030-01-05 13:07 UTC'
    >>> format_value(2654.0, "h")
    '2,654 h (110.6 days)'
    >>> format_value(3.2e-08, "per km³")
    '3.2 × 10⁻⁸ per km³'
    >>> format_value(-0.0001, "%"), format_value(-0.04, "%", 2)
    ('0.0 %', '-0.04 %')
    >>> format_value(50_000_000, "bit/s"), format_value(1.5278e10, "W")
    ('50 Mbit/s', '15.3 GW')
    >>> format_value([-1.5432, 1.5411], "deg", 2)
    '-1.54° to 1.54°'
    >>> humanise("longest_dte_gap_h")
    'Longest DTE gap'
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..contract import UNIT_SUFFIXES, Figure, unit_from_name

NOTHING = "—"
#: Units written without a space before them.
TIGHT_UNITS = {"deg": "°", "°": "°"}
#: Masses from this many kilograms up are written in tonnes.
TONNES_FROM_KG = 10_000.0
#: Units written with an SI prefix once they are large (50,000,000 bit/s is 50 Mbit/s).
PREFIXED_UNITS = ("W", "bit/s", "Wh")
_PREFIXES = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))
#: Durations from this many hours up also say the days.
DAYS_FROM_H = 72.0
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_ISO_IN_TEXT = re.compile(r"\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z")
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?)?Z?$")
#: Words kept in capitals when a key is turned into a label.
_ACRONYMS = {"dte": "DTE", "utc": "UTC", "cola": "COLA", "tli": "TLI", "loi": "LOI", "llo": "LLO", "nrho": "NRHO",
             "isru": "ISRU", "psr": "PSR", "soc": "SoC", "ilrs": "ILRS", "norad": "NORAD", "o2": "O₂", "leo": "LEO"}


def _number(value: float, digits: int | None) -> str:
    """A plain number: ``digits`` decimals when given, else about three significant figures (never "-0.0")."""
    if digits is not None:
        text = f"{value:,.{digits}f}"
        return text[1:] if text.startswith("-") and not text.strip("-0.,") else text
    magnitude = abs(value)
    if magnitude == 0.0:
        return "0"
    if magnitude >= 100.0:
        return f"{value:,.0f}"
    if magnitude >= 0.01:
        text = f"{value:.3g}"
        return text if "e" not in text else f"{value:.2f}"
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"


def _with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    if unit in TIGHT_UNITS:
        return f"{text}{TIGHT_UNITS[unit]}"
    return f"{text} {unit}"


def format_time(text: str) -> str | None:
    """An ISO 8601 UTC time as ``YYYY-MM-DD HH:MM UTC`` (a date alone stays a date); None if it is not one."""
    found = _ISO.match(text.strip())
    if found is None:
        return None
    day, minute = found.groups()
    return f"{day} {minute} UTC" if minute else day


def format_text(text: str) -> str:
    """Prose with its ISO 8601 UTC times written as dates and UTC minutes.

        >>> format_text("the window opens 2026-01-01T16:20:37Z; see 2030-01-01")
        'the window opens 2026-01-01 16:20 UTC; see 2030-01-01'
    """
    return _ISO_IN_TEXT.sub(lambda found: f"{found.group(1)} {found.group(2)} UTC", str(text))


def format_value(value: Any, unit: str = "", digits: int | None = None) -> str:
    """``value`` with its ``unit``, rounded to its meaning (see the module's examples)."""
    if value is None:
        return NOTHING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "item") and not isinstance(value, (str, bytes)) and getattr(value, "ndim", 0) == 0:
        value = value.item()  # numpy scalars
    if isinstance(value, str):
        if unit in ("UTC", "UTC date", "date"):
            return format_time(value) or value
        shown = format_time(value)
        return shown if shown else format_text(_with_unit(value, unit) if unit and unit != "UTC" else value)
    if isinstance(value, Mapping):
        return "; ".join(f"{humanise(k)}: {format_value(v, unit_from_name(str(k)))}" for k, v in value.items()) or NOTHING
    if isinstance(value, Sequence):
        parts = [format_value(v, unit, digits) for v in value]
        if len(parts) == 2 and not any(isinstance(v, (Mapping, list, tuple)) for v in value):
            return f"{parts[0]} to {parts[1]}"
        return ", ".join(parts) or NOTHING
    if isinstance(value, int):
        if (unit == "kg" and abs(value) >= TONNES_FROM_KG) or (unit in PREFIXED_UNITS and abs(value) >= 1e3):
            return format_value(float(value), unit, digits)
        return _with_unit(f"{value:,}", unit)
    if not isinstance(value, float):
        return _with_unit(str(value), unit)
    if math.isnan(value):
        return NOTHING
    if math.isinf(value):
        return _with_unit("∞" if value > 0 else "-∞", unit)
    if unit == "%":
        return _with_unit(_number(value, 1 if digits is None else digits), unit)
    if unit == "kg":
        if abs(value) >= TONNES_FROM_KG:
            tonnes = value / 1000.0
            return f"{tonnes:,.0f} t" if abs(tonnes) >= 100.0 else f"{tonnes:,.1f} t"
        return _with_unit(f"{value:,.0f}", unit)
    if unit in PREFIXED_UNITS:
        for scale, prefix in _PREFIXES:
            if abs(value) >= scale:
                return _with_unit(_number(value / scale, None if digits is None else min(digits, 1)), prefix + unit)
    if unit == "h":
        # whole hours once they are long (a plan's step is rarely finer than an hour)
        decimals = 0 if abs(value) >= 10.0 else (1 if digits is None else min(digits, 1))
        hours = _with_unit(_number(value, decimals), unit)
        return f"{hours} ({value / 24.0:,.1f} days)" if abs(value) >= DAYS_FROM_H else hours
    return _with_unit(_number(value, digits), unit)


def has_value(figure: Figure) -> bool:
    """Whether ``figure`` holds a value to show (not None, not NaN): a summary leaves the others out."""
    value = figure.value
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def format_figure(figure: Figure) -> str:
    """A figure's value with its unit, as a reader should see it."""
    return format_value(figure.value, figure.unit, figure.digits)


def humanise(key: str) -> str:
    """A snake_case key as a label: its unit suffix dropped (see ``unit_from_name``), words spaced, acronyms kept."""
    name = str(key)
    unit = unit_from_name(name)
    if unit:
        suffix = next(s for s, u in UNIT_SUFFIXES if name.endswith(s) and u == unit)
        name = name[: -len(suffix)] or name
    words = [_ACRONYMS.get(w.lower(), w) for w in name.replace("-", " ").split("_") if w]
    if not words:
        return str(key)
    first = words[0]
    words[0] = first if first in _ACRONYMS.values() else first[:1].upper() + first[1:]
    return " ".join(words)

