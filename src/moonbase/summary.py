"""The plan's answers first: one headline per section, for the report, the terminal, plan.json and comparisons.

A section's headline is its one-sentence ``answer`` and the figures it lists in
``Section.summary_keys`` (in that order). Nothing here formats: presenters turn a
:class:`Headline` into HTML (:mod:`moonbase.report`), terminal lines or JSON.

    >>> from moonbase.contract import Figure, Section, SectionData
    >>> section = Section("demo", "Demo", compute=lambda inputs: None, summary_keys=("b",))
    >>> data = SectionData("demo", "Demo", answer="It works.", figures=[Figure("a", "A", 1), Figure("b", "B", 2.5, "h")])
    >>> [(h.key, h.answer, [f.key for f in h.figures]) for h in headlines_of([section], [data])]
    [('demo', 'It works.', ['b'])]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .contract import Figure, Section, SectionData, Status


@dataclass(frozen=True)
class Headline:
    """One section's answer for the summary: its key (the report anchor), title, status, sentence and figures."""

    key: str
    title: str
    status: Status
    answer: str
    figures: tuple[Figure, ...]
    error: str | None = None
    period: str = ""  # the period the figures cover, when it is the scenario's ("" when the answer says its own)


def headline(section: Section, data: SectionData) -> Headline:
    """``data``'s headline: its answer and the figures named by ``section.summary_keys`` that it has."""
    by_key = {f.key: f for f in data.figures}
    return Headline(data.key, data.title, data.status, data.answer,
                    tuple(by_key[k] for k in section.summary_keys if k in by_key), data.error)


def headlines_of(sections: Sequence[Section], data: Sequence[SectionData]) -> list[Headline]:
    """Headlines of computed ``data`` (in its order), each read through its registered section."""
    registered = {s.key: s for s in sections}
    return [headline(registered[d.key], d) if d.key in registered else Headline(d.key, d.title, d.status, d.answer, (), d.error)
            for d in data]


def headlines(plan) -> list[Headline]:
    """The headlines of a computed :class:`~moonbase.plan.Plan`, in report order.

    A headline of a section whose figures are over the scenario's period (``Section.over_period``)
    carries that period (``period``); the others' answers give their own dates.
    """
    period = f"{plan.scenario.period.start} to {plan.scenario.period.end}"
    registered = {s.key: s for s in plan.registered}
    return [replace(h, period=period) if h.key in registered and registered[h.key].over_period else h
            for h in headlines_of(plan.registered, plan.sections)]



@dataclass(frozen=True)
class Station:
    """Where and when: the plan's station, its heights and its analysis period."""

    title: str
    site: str
    lat_deg: float
    lon_deg: float
    observer_height_m: float
    mast_height_m: float
    start: str
    end: str
    step: str

    @property
    def where(self) -> str:
        """``change7 (88.800° S, 123.400° E)``."""
        lat = f"{abs(self.lat_deg):.3f}° {'S' if self.lat_deg < 0 else 'N'}"
        return f"{self.site} ({lat}, {self.lon_deg % 360.0:.3f}° E)"

    @property
    def period(self) -> str:
        return f"{self.start} to {self.end}"

    @property
    def heights(self) -> str:
        return f"observer {self.observer_height_m:g} m, mast {self.mast_height_m:g} m"


def station(plan) -> Station:
    """Where and when of a computed plan."""
    scenario = plan.scenario
    point = plan.products.get("station")
    period = scenario.period
    return Station(scenario.title, point.name or scenario.station.site or "station", float(point.lat_deg),
                   float(point.lon_deg), float(scenario.station.observer_height_m), float(scenario.station.mast_height_m),
                   str(period.start), str(period.end), str(period.step))

