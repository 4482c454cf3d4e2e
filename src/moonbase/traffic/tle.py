"""Two-line element sets: TLE and 3LE text (CelesTrak and Space-Track styles, CRLF or LF).

Every field of both lines is checked against the fixed columns of the format
(NORAD/Space-Track "Two-Line Element Set Format"; Vallado et al. 2006, AIAA 2006-6753,
appendix) and both checksums are verified. A malformed record raises
:class:`ElementFormatError`, which names the file, the line and the column and shows
what the field should look like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import MoonbaseError

#: Where each field sits (1-based inclusive columns), a pattern it must match, and an example.
_LINE1_FIELDS = (
    ("line number", 1, 1, r"1", "1"),
    ("catalogue number", 3, 7, r"[0-9A-Z][0-9 ]{4}|[ 0-9]{4}[0-9]", "25544"),
    ("classification", 8, 8, r"[UCS ]", "U"),
    ("international designator", 10, 17, r"[0-9 ]{2}[0-9 ]{3}[A-Z ]{3}|\s{8}", "98067A  "),
    ("epoch year", 19, 20, r"[0-9 ][0-9]", "26"),
    ("epoch day of year", 21, 32, r"[ 0-9]{3}\.[0-9 ]{8}", "150.51748228"),
    ("first derivative of mean motion", 34, 43, r"[ +-]\.[0-9 ]{8}|[ +-][0-9 ]\.[0-9 ]{7}", " .00011776"),
    ("second derivative of mean motion", 45, 52, r"[ +-][0-9 ]{5}[+-][0-9 ]", " 00000+0"),
    ("B* drag term", 54, 61, r"[ +-][0-9 ]{5}[+-][0-9 ]", " 21767-3"),
    ("ephemeris type", 63, 63, r"[0-9 ]", "0"),
    ("element set number", 65, 68, r"[ 0-9]{4}", " 999"),
    ("checksum", 69, 69, r"[0-9]", "8"),
)
_LINE2_FIELDS = (
    ("line number", 1, 1, r"2", "2"),
    ("catalogue number", 3, 7, r"[0-9A-Z][0-9 ]{4}|[ 0-9]{4}[0-9]", "25544"),
    ("inclination [deg]", 9, 16, r"[ 0-9]{3}\.[0-9 ]{4}", " 51.6337"),
    ("right ascension of the ascending node [deg]", 18, 25, r"[ 0-9]{3}\.[0-9 ]{4}", " 27.5746"),
    ("eccentricity (decimal point assumed)", 27, 33, r"[0-9]{7}", "0007245"),
    ("argument of perigee [deg]", 35, 42, r"[ 0-9]{3}\.[0-9 ]{4}", "114.7080"),
    ("mean anomaly [deg]", 44, 51, r"[ 0-9]{3}\.[0-9 ]{4}", "245.4664"),
    ("mean motion [rev/day]", 53, 63, r"[ 0-9]{2}\.[0-9 ]{8}", "15.49496548"),
    ("revolution number at epoch", 64, 68, r"[ 0-9]{5}", "56901"),
    ("checksum", 69, 69, r"[0-9]", "4"),
)
_COMPILED = {
    line: tuple((name, start, end, re.compile(pattern), example) for name, start, end, pattern, example in fields)
    for line, fields in ((1, _LINE1_FIELDS), (2, _LINE2_FIELDS))
}
TEMPLATE_LINE1 = "1 NNNNNC NNNNNAAA NNNNN.NNNNNNNN +.NNNNNNNN +NNNNN-N +NNNNN-N N NNNNN"
TEMPLATE_LINE2 = "2 NNNNN NNN.NNNN NNN.NNNN NNNNNNN NNN.NNNN NNN.NNNN NN.NNNNNNNNNNNNNN"


class ElementFormatError(MoonbaseError):
    """A malformed element record: carries the file, line (1-based), column (1-based) and the problem."""

    def __init__(self, path: str, line: int, column: int, problem: str, text: str = ""):
        self.path, self.line, self.column, self.problem, self.text = path, line, column, problem, text
        super().__init__(f"{path}, line {line}, column {column}: {problem} (use skip_bad=True to skip bad records)")


@dataclass(frozen=True)
class TwoLineRecord:
    """One element set as read: the name line (may be empty) and the two data lines."""

    name: str
    line1: str
    line2: str
    path: str
    line_number: int  # of line 1, 1-based

    @property
    def source(self) -> str:
        return f"{self.path}:{self.line_number}"


def tle_checksum(line: str) -> int:
    """The modulo-10 checksum of columns 1-68: digits count their value, each '-' counts 1."""
    total = 0
    for char in line[:68]:
        if char.isdigit():
            total += int(char)
        elif char == "-":
            total += 1
    return total % 10


def check_line(text: str, line_kind: int, path: str, line_number: int, check_checksum: bool = True) -> None:
    """Raise :class:`ElementFormatError` at the first field of ``text`` that breaks the format."""
    template = TEMPLATE_LINE1 if line_kind == 1 else TEMPLATE_LINE2
    if len(text) != 69:
        column = min(len(text), 69) + 1 if len(text) < 69 else 70
        raise ElementFormatError(
            path, line_number, column,
            f"line {line_kind} of an element set must be 69 characters, found {len(text)} "
            f"(template: '{template}')", text,
        )
    for name, start, end, pattern, example in _COMPILED[line_kind]:
        value = text[start - 1:end]
        if not pattern.fullmatch(value):
            raise ElementFormatError(
                path, line_number, start,
                f"{name} in columns {start}-{end} is {value!r}; expected something like {example!r} "
                f"(template: '{template}')", text,
            )
    expected = tle_checksum(text)
    if check_checksum and int(text[68]) != expected:
        raise ElementFormatError(
            path, line_number, 69,
            f"checksum is {text[68]} but columns 1-68 sum to {expected} (mod 10): the line is corrupted", text,
        )


def _check_pair(record: TwoLineRecord, check_checksums: bool) -> None:
    check_line(record.line1, 1, record.path, record.line_number, check_checksums)
    check_line(record.line2, 2, record.path, record.line_number + 1, check_checksums)
    if record.line1[2:7] != record.line2[2:7]:
        raise ElementFormatError(
            record.path, record.line_number + 1, 3,
            f"catalogue number {record.line2[2:7]!r} on line 2 differs from {record.line1[2:7]!r} on line 1",
        )


def read_two_line_text(text: str, path: str, skip_bad: bool = False,
                       check_checksums: bool = True) -> tuple[list[TwoLineRecord], list[ElementFormatError]]:
    """Records from TLE or 3LE text; with ``skip_bad`` the bad ones are returned as errors instead of raised.

    ``check_checksums=False`` accepts wrong checksums (Vallado's verification file has three on purpose).

    A name line is any line before a line 1 that is not itself a data line; Space-Track's
    ``0 NAME`` form loses its ``0 ``. Trailing blanks and CR are ignored.
    """
    lines = [line.rstrip() for line in text.splitlines()]
    records: list[TwoLineRecord] = []
    errors: list[ElementFormatError] = []
    name = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        if line.startswith("1 ") and index + 1 < len(lines) and lines[index + 1].startswith("2 "):
            record = TwoLineRecord(name, line, lines[index + 1], path, index + 1)
            name = ""
            index += 2
            try:
                _check_pair(record, check_checksums)
            except ElementFormatError as exc:
                if not skip_bad:
                    raise
                errors.append(exc)
                continue
            records.append(record)
            continue
        if line.startswith(("1 ", "2 ")):
            problem = (
                "line 1 is not followed by a line 2" if line.startswith("1 ")
                else "line 2 without a line 1 before it"
            )
            exc = ElementFormatError(path, index + 1, 1, problem, line)
            if not skip_bad:
                raise exc
            errors.append(exc)
            name = ""
            index += 1
            continue
        name = line[2:].strip() if line.startswith("0 ") else line.strip()
        index += 1
    return records, errors


def read_two_line_file(path: str | Path, skip_bad: bool = False,
                       check_checksums: bool = True) -> tuple[list[TwoLineRecord], list[ElementFormatError]]:
    """Records from a TLE/3LE file (UTF-8 or ASCII, any line ends)."""
    path = Path(path)
    text = _read_text(path)
    return read_two_line_text(text, str(path), skip_bad, check_checksums)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MoonbaseError(f"{path}: no such file; give a TLE/3LE or OMM (.xml, .json, .csv) catalogue file") from None
    except OSError as exc:
        raise MoonbaseError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ElementFormatError(str(path), line, column, "not UTF-8/ASCII text; is this a catalogue file?") from None
