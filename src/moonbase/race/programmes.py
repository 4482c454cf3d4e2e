"""Programmes as milestone graphs, launcher records and past forecasts: the inputs of the race model.

Everything is read from ``moonbase/data/race.toml`` (every figure with its source and tag) and
can be edited or extended in a scenario's ``[race]`` table: the same pydantic models validate both.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..errors import MoonbaseError

KEY = r"^[a-z0-9][a-z0-9_-]*$"
#: The milestone kinds the race compares by default, in the order answers are shown.
STANDARD_KINDS = ("precursor", "crewed_landing", "crewed_south_pole_landing", "robotic_station",
                  "isru_production", "permanent_crew")
KIND_LABELS = {
    "precursor": "robotic precursor at the south pole",
    "crewed_landing": "first crewed landing",
    "crewed_south_pole_landing": "first crew at the south pole",
    "robotic_station": "first continuous robotic station",
    "isru_production": "first ISRU production",
    "permanent_crew": "first permanent crew",
}
DAYS_PER_YEAR = 365.25
_EPOCH = date(2000, 1, 1)


def decimal_year(text: str, field: str = "date") -> float:
    """``'2028'``, ``'2028-03'``, ``'2028-03-15'`` or ``'before 2030'`` → years since 2000-01-01 plus 2000.

    A year alone is 1 July, a year-month the 15th, 'before YEAR' 31 Dec of the year before.

    >>> round(decimal_year("2030-01-01"), 4), round(decimal_year("before 2030"), 3)
    (2030.0, 2029.997)
    """
    value = str(text).strip()
    match = re.fullmatch(r"(before\s+)?(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not match:
        raise MoonbaseError(f"{field} = {value!r} is not a date; write YYYY, YYYY-MM, YYYY-MM-DD or 'before YYYY'")
    before, year, month, day = match.groups()
    try:
        if before:
            if month or day:
                raise ValueError
            moment = date(int(year) - 1, 12, 31)
        elif day:
            moment = date(int(year), int(month), int(day))
        elif month:
            moment = date(int(year), int(month), 15)
        else:
            moment = date(int(year), 7, 1)
    except ValueError:
        raise MoonbaseError(f"{field} = {value!r} is not a valid calendar date") from None
    return 2000.0 + (moment - _EPOCH).days / DAYS_PER_YEAR


def iso_date(year: float) -> str:
    """Decimal year (as from :func:`decimal_year`) → ``YYYY-MM-DD``; ``inf`` → ``'never'``."""
    if year != year or year == float("inf"):
        return "never"
    return (_EPOCH + timedelta(days=round((year - 2000.0) * DAYS_PER_YEAR))).isoformat()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_date(value, info):
    if value not in (None, ""):
        decimal_year(value, info.field_name)
    return value


class Launch(_Model):
    family: str = Field(pattern=KEY)
    count: int = Field(ge=0, le=100)


def _launches(value):
    """Accept ``[["sls", 1], ...]`` (TOML-friendly) or ``[{family, count}, ...]``."""
    out = []
    for item in value or []:
        if isinstance(item, (list, tuple)):
            if len(item) != 2:
                raise ValueError("each launch is [family, count]")
            item = {"family": item[0], "count": item[1]}
        out.append(item)
    return out


class Milestone(_Model):
    """One milestone of a programme: its announced date, when that was said, and what it needs."""

    key: str = Field(pattern=KEY)
    label: str
    kind: str = Field(pattern=KEY)
    announced: str = Field(description="announced date: YYYY, YYYY-MM, YYYY-MM-DD or 'before YYYY'")
    announced_on: str = Field(description="when that date was announced")
    achieved: str | None = Field(None, description="the date it happened, if it has")
    depends_on: list[str] = Field(default_factory=list)
    launches: list[Launch] = Field(default_factory=list)
    refuelling_launches: list[Launch] = Field(default_factory=list, description="tanker flights: a failure stands the family down, no spacecraft is lost")
    mission_risk: str | None = Field(None, description="a key of model.mission_risk")
    tag: str = "[U]"
    source: str = ""

    _dates = field_validator("announced", "announced_on", "achieved")(_check_date)
    _lists = field_validator("launches", "refuelling_launches", mode="before")(_launches)


class Programme(_Model):
    """A programme as a graph of milestones (a milestone waits for all it depends on)."""

    key: str = Field(pattern=KEY)
    name: str
    agency_class: str = Field("default", pattern=KEY)
    milestones: list[Milestone] = Field(min_length=1)

    @model_validator(mode="after")
    def _graph(self):
        keys = [m.key for m in self.milestones]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"programme {self.key!r}: milestone keys repeated: {', '.join(duplicates)}")
        for m in self.milestones:
            for d in m.depends_on:
                if d not in keys:
                    raise ValueError(f"programme {self.key!r}: milestone {m.key!r} depends on {d!r}, "
                                     f"which is not one of its milestones ({', '.join(keys)})")
        topological_order(self)  # raises on a cycle
        return self

    def milestone(self, key: str) -> Milestone:
        for m in self.milestones:
            if m.key == key:
                return m
        raise MoonbaseError(f"programme {self.key!r} has no milestone {key!r}")

    def first_of_kind(self, kind: str) -> Milestone | None:
        """The milestone of ``kind`` with the earliest announced date (None when it has none)."""
        found = [m for m in self.milestones if m.kind == kind]
        return min(found, key=lambda m: decimal_year(m.achieved or m.announced)) if found else None


def topological_order(programme: Programme) -> list[int]:
    """Indices of the milestones, each after everything it depends on; a cycle is an error."""
    index = {m.key: i for i, m in enumerate(programme.milestones)}
    state: dict[int, int] = {}
    order: list[int] = []

    def visit(i: int, path: tuple[str, ...]):
        if state.get(i) == 2:
            return
        if state.get(i) == 1:
            raise ValueError(f"programme {programme.key!r}: milestones depend on each other in a cycle: "
                             f"{' -> '.join((*path, programme.milestones[i].key))}")
        state[i] = 1
        for d in programme.milestones[i].depends_on:
            visit(index[d], (*path, programme.milestones[i].key))
        state[i] = 2
        order.append(i)

    for i in range(len(programme.milestones)):
        visit(i, ())
    return order


class LauncherFamily(_Model):
    flights: int = Field(ge=0)
    failures: int = Field(ge=0)
    stand_down_months: float | None = Field(None, ge=0.0, le=240.0)
    failure_probability: float | None = Field(None, ge=0.0, le=1.0, description="overrides the estimate from the record")
    tag: str = "[U]"
    source: str = ""

    @model_validator(mode="after")
    def _record(self):
        if self.failures > self.flights:
            raise ValueError(f"failures ({self.failures}) cannot exceed flights ({self.flights})")
        return self


class Launchers(_Model):
    min_flights: int = Field(3, ge=0)
    new_launcher_failure_probability: float = Field(0.10, ge=0.0, le=1.0)
    new_launcher_source: str = ""
    new_launcher_tag: str = "[M]"
    families: dict[str, LauncherFamily] = Field(default_factory=dict)

    def failure_probability(self, family: str) -> float:
        """Per-launch failure probability: the Jeffreys estimate (f + ½)/(n + 1) from the flight
        record, or the new-launcher prior for a family with fewer than ``min_flights`` flights."""
        record = self.families.get(family)
        if record is None:
            raise MoonbaseError(f"launcher family {family!r} is not known; known: {', '.join(sorted(self.families))} "
                                "(add it under [race.launchers.families])")
        if record.failure_probability is not None:
            return record.failure_probability
        if record.flights < self.min_flights:
            return self.new_launcher_failure_probability
        return (record.failures + 0.5) / (record.flights + 1.0)


class ModelParameters(_Model):
    """The uncertainty model: every parameter with its source (see race.toml)."""

    shrink_probability: float = Field(ge=0.0, le=1.0)
    on_time_probability: float = Field(ge=0.0, le=1.0)
    shrink_max: float = Field(ge=0.0, lt=1.0)
    growth_log_mean: float
    growth_log_sd: float = Field(gt=0.0, le=5.0)
    growth_max: float = Field(gt=0.0, le=20.0)
    growth_tag: str = "[D]"
    growth_source: str = ""
    correlation: float = Field(ge=0.0, le=1.0)
    correlation_tag: str = "[M]"
    correlation_source: str = ""
    stand_down_months: float = Field(ge=0.0, le=240.0)
    stand_down_tag: str = "[M]"
    stand_down_source: str = ""
    reflight_months: float = Field(ge=0.0, le=240.0)
    reflight_tag: str = "[M]"
    reflight_source: str = ""
    minimum_remaining_months: float = Field(ge=0.0, le=120.0)
    horizon_year: int = Field(ge=2000, le=2200)
    mission_risk: dict[str, float | str] = Field(default_factory=dict)
    agency_multiplier: dict[str, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _mixture(self):
        if self.shrink_probability + self.on_time_probability >= 1.0:
            raise ValueError("shrink_probability + on_time_probability must be below 1")
        for key, value in self.mission_risk.items():
            if not key.startswith("mission_risk_") and not (isinstance(value, (int, float)) and 0.0 <= value <= 1.0):
                raise ValueError(f"mission_risk.{key} = {value!r} must be a probability in [0, 1]")
        for key, value in self.agency_multiplier.items():
            if not 0.0 <= value <= 20.0:
                raise ValueError(f"agency_multiplier.{key} = {value!r} must be in [0, 20]")
        return self

    def risk(self, key: str | None) -> float:
        if key is None:
            return 0.0
        value = self.mission_risk.get(key)
        if not isinstance(value, (int, float)):
            known = [k for k in self.mission_risk if not k.startswith("mission_risk_")]
            raise MoonbaseError(f"mission_risk {key!r} is not defined; known: {', '.join(known)}")
        return float(value)

    def multiplier(self, agency_class: str) -> float:
        return float(self.agency_multiplier.get(agency_class, self.agency_multiplier.get("default", 1.0)))


class HistoryCase(_Model):
    """A forecast of the past: what was announced when, and what happened ('' = not yet)."""

    key: str = Field(pattern=KEY)
    label: str
    agency_class: str = Field(pattern=KEY)
    announced_on: str
    announced: str
    actual: str = ""
    launches: list[Launch] = Field(default_factory=list)
    tag: str = "[U]"
    source: str = ""

    _dates = field_validator("announced", "announced_on", "actual")(_check_date)
    _lists = field_validator("launches", mode="before")(_launches)


class RaceData(_Model):
    facts_as_of: str
    date_rule: str = ""
    programmes: list[Programme]
    launchers: Launchers
    model: ModelParameters
    history: list[HistoryCase] = Field(default_factory=list)

    def programme(self, key: str) -> Programme:
        for p in self.programmes:
            if p.key == key:
                return p
        raise MoonbaseError(f"no race programme {key!r}; known: {', '.join(p.key for p in self.programmes)}")


@lru_cache(maxsize=1)
def _packaged_text() -> str:
    return resources.files("moonbase").joinpath("data/race.toml").read_text(encoding="utf-8")


def packaged_race_data() -> RaceData:
    """The milestone graphs, launcher records, model parameters and history shipped with Moonbase."""
    return RaceData.model_validate(tomllib.loads(_packaged_text()))


def merge_overrides(base: RaceData, programmes: list[Programme] = (), launchers: dict | None = None,
                    model: dict | None = None) -> RaceData:
    """``base`` with programmes replaced or added by key, launcher families and model values overridden."""
    merged = {p.key: p for p in base.programmes}
    for p in programmes:
        merged[p.key] = p
    data = base.model_dump()
    data["programmes"] = [p.model_dump() for p in merged.values()]
    if launchers:
        families = data["launchers"]["families"]
        for name, record in (launchers.get("families") or {}).items():
            families[name] = {**families.get(name, {}), **record}
        data["launchers"].update({k: v for k, v in launchers.items() if k != "families"})
    if model:
        for key, value in model.items():
            if isinstance(value, dict) and isinstance(data["model"].get(key), dict):
                data["model"][key] = {**data["model"][key], **value}
            else:
                data["model"][key] = value
    return RaceData.model_validate(data)
