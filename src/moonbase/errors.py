"""Exceptions that carry what was wrong, where, and how to fix it.

Every user-facing failure is a :class:`MoonbaseError`; the CLI prints its
message as one line and exits with status 2.
"""

from __future__ import annotations


class MoonbaseError(Exception):
    """A problem with the user's input or environment, not a bug."""


class InputError(MoonbaseError, ValueError):
    """A bad value: names the field, the value given and the valid range."""

    def __init__(self, field: str, value: object, expected: str, where: str | None = None):
        self.field = field
        self.value = value
        self.expected = expected
        self.where = where
        place = f"{where}: " if where else ""
        super().__init__(f"{place}{field} = {value!r} is invalid; expected {expected}")


class OutOfSpanError(InputError):
    """A time outside the ephemeris span: never extrapolated."""
