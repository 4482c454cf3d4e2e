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


class WorkTooLargeError(MoonbaseError):
    """The work asked for would not fit in the memory limit: carries the estimate and the limit [bytes]."""

    def __init__(self, message: str, estimate_bytes: float, limit_bytes: float):
        self.estimate_bytes = estimate_bytes
        self.limit_bytes = limit_bytes
        super().__init__(message)


class Interrupted(BaseException):
    """A stop asked for by a signal (SIGINT, SIGTERM, SIGHUP); the CLI exits with 128 + the signal number.

    Not a KeyboardInterrupt, so that click does not turn it into "Aborted!"; like it, not an Exception, so
    ``except Exception`` never swallows it.
    """

    def __init__(self, signum: int):
        self.signum = int(signum)
        super().__init__(f"signal {self.signum}")

    @property
    def exit_code(self) -> int:
        return 128 + self.signum
