"""ILRS partners and Artemis Accords signatories: the packaged table, user additions, and who belonged when.

The table (``moonbase/data/partners.csv``) has one row per membership: a state or an organisation in one
bloc (``ilrs`` or ``artemis``), the date of joining as precisely as the source gives it (``YYYY``,
``YYYY-MM`` or ``YYYY-MM-DD``), the source, and a provenance tag ([R] read in the source, [M] recalled).
A state in both blocs has two rows. ``counted = no`` keeps a row whose membership is unverified or
ambiguous out of the counts (it is still listed, with its note).

A date that names a month or a year counts from the *last* day of that period, so a member is never
counted before it joined (Egypt, "2023", counts from 31 Dec 2023).

User rows (a CSV with the same header, e.g. written by ``moonbase partners add``) are validated line by line
and merged: a user row with the same bloc and name (or ISO-3 code) replaces the packaged one.
"""

from __future__ import annotations

import calendar
import csv
import io
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..contract import TAGS
from ..errors import InputError, MoonbaseError

BLOCS = {"ilrs": "International Lunar Research Station (China-Russia) partners",
         "artemis": "Artemis Accords signatories"}
KINDS = ("founder", "state", "organisation")
COLUMNS = ("bloc", "name", "iso3", "kind", "joined", "order", "counted", "tag", "source", "note")
REQUIRED = ("bloc", "name", "kind", "joined", "tag", "source")


@dataclass(frozen=True)
class Member:
    """One membership of one bloc. ``joined`` is the text of the source's date; ``effective`` the day it counts from."""

    bloc: str
    name: str
    iso3: str
    kind: str
    joined: str
    effective: date
    order: int | None
    counted: bool
    tag: str
    source: str
    note: str = ""
    origin: str = "packaged"  # "packaged" or the user file it came from

    @property
    def is_state(self) -> bool:
        return self.kind in ("founder", "state")

    @property
    def key(self) -> str:
        return self.iso3 or self.name

    def as_record(self) -> dict:
        record = asdict(self)
        record["effective"] = self.effective.isoformat()
        return record


def parse_joined(text: str) -> date:
    """The day a date of joining counts from: ``YYYY-MM-DD`` itself, else the last day of the month or year."""
    parts = text.strip().split("-")
    try:
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            return date(year, month, calendar.monthrange(year, month)[1])
        if len(parts) == 1 and len(parts[0]) == 4:
            return date(int(parts[0]), 12, 31)
    except ValueError:
        pass
    raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def _member(row: dict, where: str, origin: str) -> Member:
    missing = [c for c in REQUIRED if not (row.get(c) or "").strip()]
    if missing:
        raise InputError(missing[0], row.get(missing[0]), "a value (required columns: " + ", ".join(REQUIRED) + ")", where)
    bloc, kind, tag = row["bloc"].strip().lower(), row["kind"].strip().lower(), row["tag"].strip()
    if bloc not in BLOCS:
        raise InputError("bloc", bloc, f"one of {', '.join(BLOCS)}", where)
    if kind not in KINDS:
        raise InputError("kind", kind, f"one of {', '.join(KINDS)}", where)
    if tag not in TAGS:
        raise InputError("tag", tag, f"one of {', '.join(TAGS)}", where)
    iso3 = (row.get("iso3") or "").strip().upper()
    if kind != "organisation" and not (len(iso3) == 3 and iso3.isalpha()):
        raise InputError("iso3", iso3, "the state's ISO 3166-1 alpha-3 code (three letters, e.g. THA)", where)
    try:
        effective = parse_joined(row["joined"])
    except ValueError as exc:
        raise InputError("joined", row["joined"], "a date YYYY, YYYY-MM or YYYY-MM-DD", where) from exc
    order_text = (row.get("order") or "").strip()
    if order_text and not order_text.isdigit():
        raise InputError("order", order_text, "a whole number (the bloc's count at joining) or empty", where)
    counted_text = (row.get("counted") or "yes").strip().lower()
    if counted_text not in ("yes", "no"):
        raise InputError("counted", counted_text, "yes or no", where)
    return Member(bloc, row["name"].strip(), iso3, kind, row["joined"].strip(), effective,
                  int(order_text) if order_text else None, counted_text == "yes", tag, row["source"].strip(),
                  (row.get("note") or "").strip(), origin)


def parse_table(text: str, origin: str) -> list[Member]:
    """Members from CSV text with the :data:`COLUMNS` header; errors name ``origin`` and the line."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    unknown = [c for c in header if c not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        bad = unknown[0] if unknown else missing[0]
        raise InputError("header column", bad, f"the columns {', '.join(COLUMNS)} (required: {', '.join(REQUIRED)})",
                         f"{origin}, line 1")
    members = [_member(row, f"{origin}, line {reader.line_num}", origin) for row in reader]
    seen = set()
    for m in members:
        if (m.bloc, m.key) in seen:
            raise MoonbaseError(f"{origin}: {m.name} appears twice in bloc {m.bloc}; keep one row per membership")
        seen.add((m.bloc, m.key))
    return members


@lru_cache(maxsize=1)
def packaged_members() -> tuple[Member, ...]:
    text = resources.files("moonbase").joinpath("data/partners.csv").read_text(encoding="utf-8")
    return tuple(parse_table(text, "moonbase/data/partners.csv"))


def load_members(user_tables: tuple[str | Path, ...] | list = ()) -> list[Member]:
    """The packaged members merged with each user table in turn (a user row replaces one of the same bloc and key)."""
    merged = {(m.bloc, m.key): m for m in packaged_members()}
    by_name = {(m.bloc, m.name.lower()): (m.bloc, m.key) for m in merged.values()}
    for path in user_tables:
        path = Path(path).expanduser()
        if not path.is_file():
            raise InputError("--table", str(path), "an existing CSV file with the header " + ",".join(COLUMNS))
        for m in parse_table(path.read_text(encoding="utf-8"), str(path)):
            old = by_name.get((m.bloc, m.name.lower()))
            if old is not None and old != (m.bloc, m.key):
                merged.pop(old)
            merged[(m.bloc, m.key)] = m
            by_name[(m.bloc, m.name.lower())] = (m.bloc, m.key)
    return sorted(merged.values(), key=lambda m: (m.bloc, m.effective, m.order or 0, m.name))


def member_row(member: Member) -> dict:
    """A member as a CSV row of :data:`COLUMNS`."""
    return {"bloc": member.bloc, "name": member.name, "iso3": member.iso3, "kind": member.kind, "joined": member.joined,
            "order": "" if member.order is None else str(member.order), "counted": "yes" if member.counted else "no",
            "tag": member.tag, "source": member.source, "note": member.note}


def table_text(members: list[Member]) -> str:
    """CSV text (with header) of members, the form :func:`parse_table` reads."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for m in members:
        writer.writerow(member_row(m))
    return buffer.getvalue()
