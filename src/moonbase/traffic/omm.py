"""CCSDS Orbit Mean-elements Messages (OMM, CCSDS 502.0-B-3) in XML, JSON and CSV, as CelesTrak and
Space-Track publish them ("GP" data: one mean-element set per object, SGP4 theory).

Each record becomes a dict of the keywords SGP4 needs; a missing or unreadable keyword raises
:class:`~moonbase.traffic.tle.ElementFormatError` naming the file, the line and the column.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .tle import ElementFormatError, _read_text

#: Keywords an SGP4 element set needs (CCSDS 502.0-B-3 table 4-1 and 4-3; CelesTrak GP field names).
REQUIRED_KEYWORDS = (
    "OBJECT_NAME", "OBJECT_ID", "EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE",
    "ARG_OF_PERICENTER", "MEAN_ANOMALY", "NORAD_CAT_ID", "BSTAR", "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT",
)
_NUMERIC = {
    "MEAN_MOTION": (0.0, 20.0), "ECCENTRICITY": (0.0, 0.999999), "INCLINATION": (0.0, 180.0),
    "RA_OF_ASC_NODE": (0.0, 360.0), "ARG_OF_PERICENTER": (0.0, 360.0), "MEAN_ANOMALY": (0.0, 360.0),
    "NORAD_CAT_ID": (1, 999_999_999), "BSTAR": (-1.0, 1.0), "MEAN_MOTION_DOT": (-1.0, 1.0),
    "MEAN_MOTION_DDOT": (-1.0, 1.0),
}
_DEFAULTS = {"EPHEMERIS_TYPE": "0", "CLASSIFICATION_TYPE": "U", "ELEMENT_SET_NO": "999", "REV_AT_EPOCH": "0"}


@dataclass(frozen=True)
class OmmRecord:
    """One OMM element set: normalised keyword strings and where it came from."""

    fields: dict
    path: str
    line_number: int

    @property
    def source(self) -> str:
        return f"{self.path}:{self.line_number}"


def parse_omm_epoch(text: str) -> datetime:
    """``2026-05-30T12:25:10.468896`` (with or without fraction or trailing Z) → naive UTC datetime."""
    cleaned = text.strip().rstrip("Zz")
    for pattern in ("%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%jT%H:%M:%S.%f", "%Y-%jT%H:%M:%S"):
        try:
            return datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
    raise ValueError(f"EPOCH {text!r} is not an ISO time like 2026-05-30T12:25:10.468896")


def _validate(fields: dict, path: str, line_of) -> dict:
    """Check keywords and values; ``line_of(keyword)`` gives (line, column) for messages."""
    normalised = {key.strip().upper(): ("" if value is None else str(value).strip()) for key, value in fields.items()}
    for keyword in REQUIRED_KEYWORDS:
        if not normalised.get(keyword):
            line, column = line_of(None)
            raise ElementFormatError(path, line, column, f"OMM record lacks {keyword} (needed: {', '.join(REQUIRED_KEYWORDS)})")
    for keyword, (low, high) in _NUMERIC.items():
        try:
            value = float(normalised[keyword])
        except ValueError:
            line, column = line_of(keyword)
            raise ElementFormatError(path, line, column, f"{keyword} = {normalised[keyword]!r} is not a number") from None
        if not low <= value <= high:
            line, column = line_of(keyword)
            raise ElementFormatError(path, line, column, f"{keyword} = {value} is outside {low}..{high}")
    try:
        parse_omm_epoch(normalised["EPOCH"])
    except ValueError as exc:
        line, column = line_of("EPOCH")
        raise ElementFormatError(path, line, column, str(exc)) from None
    if not re.fullmatch(r"\d{4}-\d{3}[A-Z]{0,3}|UNKNOWN|", normalised["OBJECT_ID"]):
        line, column = line_of("OBJECT_ID")
        raise ElementFormatError(path, line, column, f"OBJECT_ID = {normalised['OBJECT_ID']!r}; expected a designator like 1998-067A")
    for keyword, default in _DEFAULTS.items():
        normalised[keyword] = normalised.get(keyword) or default
    return normalised


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _read_csv(text: str, path: str, skip_bad: bool):
    reader = csv.reader(io.StringIO(text))
    records, errors = [], []
    try:
        header = [h.strip().upper() for h in next(reader)]
    except StopIteration:
        return records, errors
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue

        def line_of(keyword, row=row, line=line):
            if keyword in header:
                index = header.index(keyword)
                return line, sum(len(cell) + 1 for cell in row[:index]) + 1
            return line, 1

        try:
            if len(row) != len(header):
                raise ElementFormatError(path, line, 1, f"{len(row)} values for {len(header)} header columns")
            records.append(OmmRecord(_validate(dict(zip(header, row)), path, line_of), path, line))
        except ElementFormatError as exc:
            if not skip_bad:
                raise
            errors.append(exc)
    return records, errors


def _read_json(text: str, path: str, skip_bad: bool):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ElementFormatError(path, exc.lineno, exc.colno, f"not valid JSON ({exc.msg})") from None
    if isinstance(data, dict):
        data = [data]
    starts = [m.start() for m in re.finditer(r"\{", text)]
    records, errors = [], []
    for number, item in enumerate(data):
        start = starts[number] if number < len(starts) else 0

        def line_of(keyword, start=start):
            if keyword:
                found = re.compile(rf'"{keyword}"\s*:\s*"?').search(text, start)
                if found:
                    return _line_column(text, found.end())
            return _line_column(text, start)

        try:
            if not isinstance(item, dict):
                raise ElementFormatError(path, *line_of(None), "each OMM JSON record must be an object of KEYWORD: value")
            records.append(OmmRecord(_validate(item, path, line_of), path, line_of(None)[0]))
        except ElementFormatError as exc:
            if not skip_bad:
                raise
            errors.append(exc)
    return records, errors


def _read_xml(text: str, path: str, skip_bad: bool):
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line, column = exc.position
        raise ElementFormatError(path, line, column + 1, f"not well-formed XML ({exc})") from None
    starts = [m.start() for m in re.finditer(r"<omm[\s>]", text)] or [0]
    bodies = root.findall(".//omm") if root.tag != "omm" else [root]
    records, errors = [], []
    for number, omm in enumerate(bodies):
        start = starts[number] if number < len(starts) else 0
        fields = {element.tag: element.text for element in omm.iter() if len(element) == 0}

        def line_of(keyword, start=start):
            if keyword:
                found = text.find(f"<{keyword}>", start)
                if found >= 0:
                    return _line_column(text, found + len(keyword) + 2)
            return _line_column(text, start)

        try:
            records.append(OmmRecord(_validate(fields, path, line_of), path, line_of(None)[0]))
        except ElementFormatError as exc:
            if not skip_bad:
                raise
            errors.append(exc)
    return records, errors


def read_omm_file(path: str | Path, skip_bad: bool = False) -> tuple[list[OmmRecord], list[ElementFormatError]]:
    """OMM records from a ``.xml``, ``.json`` or ``.csv`` file."""
    path = Path(path)
    text = _read_text(path)
    suffix = path.suffix.lower()
    reader = {".xml": _read_xml, ".json": _read_json, ".csv": _read_csv}.get(suffix)
    if reader is None:
        raise ElementFormatError(str(path), 1, 1, f"unknown OMM extension {suffix!r}; use .xml, .json or .csv")
    return reader(text, str(path), skip_bad)
