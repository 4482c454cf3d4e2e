"""Who belongs to which bloc on a date, who belongs to both, and how each bloc grew.

Counts are of *counted* members (see :mod:`moonbase.partners.table`), states and organisations apart.
These are facts of membership with their dates and sources; nothing here weighs or judges them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from .table import BLOCS, Member


@dataclass(frozen=True)
class BlocSnapshot:
    """The blocs on ``as_of``: members (counted and not), states in both, and counts."""

    as_of: date
    members: dict[str, tuple[Member, ...]]      # bloc -> members joined by as_of (counted or not)
    overlap: tuple[str, ...]                    # ISO-3 codes of states counted in both blocs
    overlap_uncounted: tuple[str, ...]          # ISO-3 codes in both when uncounted rows are included

    def counted(self, bloc: str) -> tuple[Member, ...]:
        return tuple(m for m in self.members[bloc] if m.counted)

    def count(self, bloc: str, kind: str = "state") -> int:
        """Counted states (founders included) or organisations of a bloc."""
        wanted = (lambda m: m.is_state) if kind == "state" else (lambda m: not m.is_state)
        return sum(1 for m in self.counted(bloc) if wanted(m))

    def name_of(self, iso3: str) -> str:
        for members in self.members.values():
            for m in members:
                if m.iso3 == iso3:
                    return m.name
        return iso3

    def unverified(self) -> list[Member]:
        """Counted members whose date rests on a recalled value ([M]), and rows left out of the counts."""
        return [m for ms in self.members.values() for m in ms if m.tag == "[M]" or not m.counted]

    def as_record(self) -> dict:
        blocs = {}
        for bloc in BLOCS:
            blocs[bloc] = {"title": BLOCS[bloc], "states": self.count(bloc, "state"),
                           "organisations": self.count(bloc, "organisation"),
                           "recalled_dates": sum(1 for m in self.counted(bloc) if m.tag == "[M]"),
                           "members": [m.as_record() for m in self.members[bloc]]}
        return {"as_of": self.as_of.isoformat(), "blocs": blocs,
                "overlap": [{"iso3": c, "name": self.name_of(c),
                             "joined": {b: next(m.joined for m in self.members[b] if m.iso3 == c) for b in BLOCS}}
                            for c in self.overlap],
                "overlap_count": len(self.overlap),
                "overlap_if_uncounted_rows_included": list(self.overlap_uncounted),
                "note": "membership facts with dates and sources; a month or year counts from its last day"}


def snapshot(members: list[Member], as_of: date) -> BlocSnapshot:
    """The blocs as they stood on ``as_of`` (members whose effective date is on or before it)."""
    joined = {bloc: tuple(m for m in members if m.bloc == bloc and m.effective <= as_of) for bloc in BLOCS}
    states = {bloc: {m.iso3 for m in ms if m.is_state and m.counted} for bloc, ms in joined.items()}
    any_states = {bloc: {m.iso3 for m in ms if m.is_state} for bloc, ms in joined.items()}
    overlap = tuple(sorted(states["ilrs"] & states["artemis"]))
    overlap_all = tuple(sorted(any_states["ilrs"] & any_states["artemis"]))
    return BlocSnapshot(as_of, joined, overlap, overlap_all)


@dataclass(frozen=True)
class BlocSeries:
    """Counted states of each bloc and of both, at each date where any count changes (a step function)."""

    dates: np.ndarray                 # datetime64[D]
    states: dict[str, np.ndarray]     # bloc -> counts (int)
    both: np.ndarray                  # states counted in both blocs

    def as_columns(self) -> dict:
        return {"date": [str(d) for d in self.dates], **{f"{b}_states": v for b, v in self.states.items()},
                "both_states": self.both}


def bloc_series(members: list[Member], end: date) -> BlocSeries:
    """The step function of bloc sizes from the first joining to ``end``."""
    days = sorted({m.effective for m in members if m.counted and m.is_state and m.effective <= end} | {end})
    counts = {bloc: [] for bloc in BLOCS}
    both = []
    for day in days:
        s = snapshot(members, day)
        for bloc in BLOCS:
            counts[bloc].append(s.count(bloc, "state"))
        both.append(len(s.overlap))
    return BlocSeries(np.array(days, dtype="datetime64[D]"), {b: np.array(v) for b, v in counts.items()}, np.array(both))
