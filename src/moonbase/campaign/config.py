"""The scenario's ``[campaign]`` table: programme, construction years, missions with their manifests.

The keys of the first scenarios stay valid (``programme``, ``construction_start``, ``construction_end``,
``missions = [{name, year, vehicle, purpose}]``); everything else is optional: a mission's ``date``
(default 1 July of its ``year``), ``destination``, ``crew`` and ``stay_days``, its ``manifest`` of
elements and consumables, the user's own ``elements`` and ``vehicles``, the life-support rates and
loop closure, and the random-delay replications.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field, field_validator, model_validator

from ..contract import SectionConfig
from ..timegrid import parse_instant
from .consumables import SPACENET_WATER_RECOVERY, SPARES_FRACTION_PER_YEAR, LifeSupport
from .elements import CATEGORIES, POWER_KINDS, Element
from .vehicles import Vehicle

DESTINATIONS = ("surface", "lunar-orbit", "nrho", "leo")
OBJECTIVES = ("launches", "launch-mass", "leo-mass", "none")


class ManifestItemConfig(SectionConfig):
    """One line of a manifest: ``count`` of a catalogue element, or ``kg`` of a consumable item."""

    element: str | None = Field(None, description="catalogue key (`moonbase campaign --elements`)")
    count: float = Field(1.0, gt=0.0, le=1e6, description="units of the element (kW for solar-array-1kw, kWh for storage)")
    item: Literal["o2", "water", "food", "spares"] | None = Field(None, description="a consumable: o2, water, food, spares")
    kg: float | None = Field(None, ge=0.0, le=1e7, description="mass of the consumable [kg]")

    @model_validator(mode="after")
    def _one_kind(self):
        if (self.element is None) == (self.item is None):
            raise ValueError("give either element = KEY (with count) or item = o2|water|food|spares with kg")
        if self.item is not None and self.kg is None:
            raise ValueError(f"item {self.item!r} needs kg = MASS")
        return self


class MissionConfig(SectionConfig):
    """A mission of the campaign."""

    name: str
    year: int = Field(ge=1950, le=2100)
    vehicle: str = ""
    purpose: str = ""
    date: str | None = Field(None, description="landing (arrival) date, ISO 8601 UTC; default 1 July of `year`")
    destination: Literal[DESTINATIONS] = "surface"  # type: ignore[valid-type]
    crew: int = Field(0, ge=0, le=100, description="crew landed at the site")
    stay_days: float = Field(0.0, ge=0.0, le=36525.0, description="crew surface stay [days]")
    samples_kg: float = Field(0.0, ge=0.0, le=1e5, description="samples collected during the stay (SpaceNet COS603) [kg]")
    manifest: list[ManifestItemConfig] = Field(default_factory=list)

    @field_validator("date")
    @classmethod
    def _iso(cls, value):
        if value is not None:
            parse_instant(value, "date")
        return value

    @model_validator(mode="after")
    def _consistent(self):
        if self.date is not None and int(str(parse_instant(self.date))[:4]) != self.year:
            raise ValueError(f"date {self.date} is not in year {self.year}")
        if self.crew and not self.stay_days:
            raise ValueError("a crewed mission needs stay_days > 0")
        return self

    def arrival(self) -> np.datetime64:
        """Arrival at the destination [datetime64[D]]."""
        text = self.date if self.date is not None else f"{self.year}-07-01"
        return parse_instant(text).astype("datetime64[D]")


class ElementConfig(SectionConfig):
    """A user's own surface element (same fields as the packaged catalogue)."""

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    supply_class: int = Field(ge=1, le=1099)
    mass_kg: float = Field(ge=0.0)
    power_draw_kw: float = Field(0.0, ge=0.0)
    survival_kw: float = Field(0.0, ge=0.0)
    power_output_kw: float = Field(0.0, ge=0.0)
    power_kind: Literal[POWER_KINDS] = "none"  # type: ignore[valid-type]
    storage_kwh: float = Field(0.0, ge=0.0)
    crew_capacity: int = Field(0, ge=0)
    lifetime_years: float = Field(10.0, gt=0.0)
    isru_o2_kg_per_year: float = Field(0.0, ge=0.0)
    isru_kwh_per_kg: float = Field(0.0, ge=0.0)
    maintained: bool = False
    source: str = "scenario file"

    def element(self) -> Element:
        return Element(tag="[U]", **self.model_dump())


class VehicleConfig(SectionConfig):
    """A user's own vehicle: what one mission lands and launches."""

    name: str
    payload_surface_kg: float = Field(ge=0.0)
    lander: str = ""
    crew_surface: int = Field(0, ge=0)
    launch_mass_kg: float = Field(0.0, ge=0.0)
    leo_mass_kg: float = Field(0.0, ge=0.0)
    source: str = "scenario file"

    def vehicle(self) -> Vehicle:
        return Vehicle(self.name, self.payload_surface_kg, "[U]", self.source, self.lander, self.crew_surface,
                       self.launch_mass_kg, "[U]", self.source, self.leo_mass_kg)


class LifeSupportConfig(SectionConfig):
    """Crew demand per crew-member-day and loop closure (defaults: BVAD Rev 2; SpaceNet water recovery)."""

    o2_kg_per_crew_day: float = Field(0.895, ge=0.0, le=20.0)
    potable_water_kg_per_crew_day: float = Field(3.217, ge=0.0, le=50.0)
    food_kg_per_crew_day: float = Field(1.56, ge=0.0, le=20.0, description="solids 0.800 + water in food 0.760")
    water_recovery: float = Field(SPACENET_WATER_RECOVERY, ge=0.0, le=1.0)
    o2_recovery: float = Field(0.0, ge=0.0, le=1.0)
    o2_leak_kg_per_day: float = Field(0.0, ge=0.0, le=100.0, description="cabin leakage while crewed [kg/day]")
    spares_fraction_per_year: float = Field(SPARES_FRACTION_PER_YEAR, ge=0.0, le=1.0)

    def life_support(self) -> LifeSupport:
        return LifeSupport(**self.model_dump())


class SunlightConfig(SectionConfig):
    """Array output to assume when the plan has no sky or horizon at mast height (else computed)."""

    capacity_factor: float | None = Field(None, gt=0.0, le=1.0, description="mean array output per kW rated")
    longest_dark_h: float | None = Field(None, ge=0.0, le=400.0, description="the worst dark spell of a year [h]")


class DelayConfig(SectionConfig):
    """Random launch delays for replications: each mission slips with ``probability`` by an exponential
    delay of mean ``mean_days`` (defaults: 64 % of programmes grew, Coleman, Summerville & Dameron 2002;
    12-month average launch delay, GAO-18 and GAO-20-405)."""

    replications: int = Field(0, ge=0, le=10_000_000)
    probability: float = Field(0.64, ge=0.0, le=1.0)
    mean_days: float = Field(365.0, ge=0.0, le=10_000.0)
    seed: int = Field(0, ge=0)


class CampaignConfig(SectionConfig):
    """The campaign: the phased build-up of the station."""

    programme: str = ""
    construction_start: int = Field(2026, ge=1950, le=2100)
    construction_end: int = Field(2035, ge=1950, le=2100)
    missions: list[MissionConfig] = Field(default_factory=list)
    start: str | None = Field(None, description="start of the simulated period; default 1 Jan of construction_start")
    end: str | None = Field(None, description="end of the simulated period; default after the last stay and construction_end")
    elements: list[ElementConfig] = Field(default_factory=list, description="the user's own surface elements")
    vehicles: list[VehicleConfig] = Field(default_factory=list, description="the user's own vehicles")
    life_support: LifeSupportConfig = LifeSupportConfig()
    sunlight: SunlightConfig = SunlightConfig()
    delays: DelayConfig = DelayConfig()
    permanent_presence_days: float = Field(365.0, gt=0.0, description="continuous crewed days that make a crew 'permanent'")
    night_min_h: float = Field(24.0, gt=0.0, description="a dark spell at least this long counts as a lunar night [h]")
    optimise: Literal[OBJECTIVES] = "launches"  # type: ignore[valid-type]

    @field_validator("start", "end")
    @classmethod
    def _iso(cls, value, info):
        if value is not None:
            parse_instant(value, info.field_name)
        return value

    @model_validator(mode="after")
    def _ordered(self):
        if self.construction_end < self.construction_start:
            raise ValueError(f"construction_end ({self.construction_end}) is before construction_start ({self.construction_start})")
        names = [m.name for m in self.missions]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"mission names must be unique; repeated: {', '.join(repeated)}")
        return self

    def period(self) -> tuple[np.datetime64, np.datetime64]:
        """First and last simulated day [datetime64[D]] (the end is exclusive)."""
        start = (parse_instant(self.start) if self.start else np.datetime64(f"{self.construction_start}-01-01")).astype("datetime64[D]")
        first = min((m.arrival() for m in self.missions), default=start)
        start = min(start, first)
        if self.end:
            end = parse_instant(self.end).astype("datetime64[D]")
        else:
            end = np.datetime64(f"{self.construction_end + 1}-01-01", "D")
            for m in self.missions:
                end = max(end, m.arrival() + np.timedelta64(int(np.ceil(m.stay_days)) + 1, "D"))
        return start, end
