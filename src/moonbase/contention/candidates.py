"""Candidate sites of each programme: the named ILRS/Chang'e and Artemis III sites, plus the user's.

Programmes: ``ilrs`` (groups ``ilrs`` and ``change8`` of ``moonbase sites``) and ``artemis`` (group
``artemis3``); a user CSV adds rows ``key,name,programme,lat,lon,tag,source`` (any programme name).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ..contract import TAGS
from ..coords import normalize_longitude, parse_latitude, parse_longitude
from ..errors import InputError
from ..sites import catalogue

PROGRAMME_GROUPS = {"ilrs": ("ilrs", "change8"), "artemis": ("artemis3",)}
CANDIDATE_COLUMNS = ("key", "name", "programme", "lat", "lon", "tag", "source")


@dataclass(frozen=True)
class Candidate:
    """A candidate site of one programme."""

    key: str
    name: str
    programme: str
    lat_deg: float
    lon_deg: float
    tag: str
    source: str
    approximate: bool = False

    def as_record(self) -> dict:
        return dict(self.__dict__)


def named_candidates() -> list[Candidate]:
    """The catalogue's ILRS/Chang'e candidates and Artemis III regions."""
    out = []
    for site in catalogue().values():
        for programme, groups in PROGRAMME_GROUPS.items():
            if site.group in groups:
                out.append(Candidate(site.key, site.name, programme, site.lat_deg, site.lon_deg, site.tag, site.source,
                                     site.approximate))
    return out


def read_candidates(path: str | Path) -> list[Candidate]:
    """User candidates from a CSV with the header :data:`CANDIDATE_COLUMNS`; errors name the file and line."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise InputError("--sites", str(path), "an existing CSV file with the header " + ",".join(CANDIDATE_COLUMNS))
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
    missing = [c for c in CANDIDATE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError("header column", missing[0], "the columns " + ",".join(CANDIDATE_COLUMNS), f"{path}, line 1")
    out = []
    for row in reader:
        where = f"{path}, line {reader.line_num}"
        for column in ("key", "programme", "lat", "lon"):
            if not (row.get(column) or "").strip():
                raise InputError(column, row.get(column), "a value", where)
        try:
            lat, lon = parse_latitude(row["lat"]), normalize_longitude(parse_longitude(row["lon"]))
        except InputError as exc:
            raise InputError(exc.field, exc.value, exc.expected, where) from None
        tag = (row.get("tag") or "[U]").strip()
        if tag not in TAGS:
            raise InputError("tag", tag, f"one of {', '.join(TAGS)}", where)
        out.append(Candidate(row["key"].strip(), (row.get("name") or row["key"]).strip(), row["programme"].strip().lower(),
                             lat, lon, tag, (row.get("source") or "given by the user").strip()))
    return out


def candidates(user_files=(), include_named: bool = True) -> list[Candidate]:
    """Named candidates (unless ``include_named`` is False) followed by each user file's; keys must be unique."""
    found = named_candidates() if include_named else []
    for path in user_files:
        found.extend(read_candidates(path))
    seen = set()
    for c in found:
        if c.key in seen:
            raise InputError("site key", c.key, "a key not already used (see `moonbase sites`)")
        seen.add(c.key)
    return found
