"""Scenario configuration of debris what-ifs: ``[[traffic.events]]`` and the ``[debris_events]`` table.

An event (one ``[[traffic.events]]`` entry)::

    [[traffic.events]]
    parent = "hypothetical 2-t satellite"
    mass_kg = 2000
    altitude_km = 850
    inclination_deg = 98.7
    epoch = "2028-06-01T00:00:00"
    type = "asat"            # "asat" and "collision": catastrophic collision; "explosion"

Every value here is given by the user [U]; defaults are stated choices [D].
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

from pydantic import Field, field_validator

from ..contract import SectionConfig
from .breakup import BreakupEvent
from .cloud import ParentOrbit


class TrafficEvent(SectionConfig):
    """A what-if fragmentation: who breaks up, where, when and how."""

    parent: str = Field("hypothetical satellite", description="name of the parent object (labels only)")
    mass_kg: float = Field(ge=1.0, le=200_000.0, description="parent mass [kg]")
    altitude_km: float = Field(ge=200.0, le=2000.0, description="circular parent-orbit altitude [km]")
    inclination_deg: float = Field(ge=0.0, le=180.0, description="parent-orbit inclination [deg]")
    epoch: datetime = Field(description="breakup time, UTC")
    type: Literal["asat", "collision", "explosion"] = Field("asat", description="asat/collision: catastrophic collision")
    projectile_kg: float = Field(0.0, ge=0.0, le=200_000.0, description="impactor mass [kg] (0: none counted)")
    raan_deg: float = Field(0.0, ge=0.0, lt=360.0, description="parent's node [deg] (sets the cloud's plane)")
    smallest_fragment_m: float = Field(0.1, ge=0.01, le=1.0, description="smallest fragment modelled [m] (10 cm: tracked)")
    drag_coefficient: float = Field(2.2, gt=0.5, le=4.0, description="C_D of fragments (2.2: free-molecular flow) [M]")

    @field_validator("epoch")
    @classmethod
    def _naive_utc(cls, value: datetime) -> datetime:
        return value if value.tzinfo is None else value.astimezone(timezone.utc).replace(tzinfo=None)

    def breakup(self) -> BreakupEvent:
        kind = "explosion" if self.type == "explosion" else "collision"
        return BreakupEvent(kind, self.mass_kg, projectile_kg=self.projectile_kg)

    def parent_orbit(self) -> ParentOrbit:
        return ParentOrbit.circular(self.altitude_km, self.inclination_deg, self.epoch.isoformat(), self.raan_deg,
                                    name=self.parent.upper()[:20])

    def label(self) -> str:
        tonnes = self.mass_kg / 1000.0
        size = f"{tonnes:g}-tonne" if tonnes >= 1 else f"{self.mass_kg:g}-kg"
        kind = {"asat": "ASAT breakup", "collision": "collision breakup", "explosion": "explosion"}[self.type]
        return f"a {size} {kind} at {self.altitude_km:g} km ({self.inclination_deg:g}°) on {self.epoch:%Y-%m-%d}"


class AssemblyOrbit(SectionConfig):
    """A LEO orbit where the architecture assembles or refuels (e.g. Starship HLS tankers): launched into, and lived in."""

    name: str = Field("LEO assembly orbit", description="what happens there (labels only)")
    altitude_km: float = Field(ge=150.0, le=2000.0, description="circular orbit altitude [km]")
    inclination_deg: float = Field(ge=0.0, le=180.0, description="orbit inclination [deg]")
    launch_site: str | None = Field(None, description="launch site key of the flights into it (default: the launches')")
    stay_days: float = Field(30.0, gt=0.0, le=3650.0, description="days a vehicle spends there per landing (conjunctions expected over the stay)")
    launches: int = Field(1, ge=1, le=100, description="launches into it per landing (tankers included)")
    source: str = Field("", description="where these values come from, with its tag ([M] recalled, [A] announced, ...)")

    def caveat(self) -> str:
        return (f"The {self.name}: {self.altitude_km:g} km x {self.inclination_deg:g} deg, a {self.stay_days:g}-day stay and "
                f"{self.launches} launch(es) per landing, {self.source or 'as given in the scenario [U]'}.")


class DebrisEventsConfig(SectionConfig):
    """The ``[debris_events]`` table: the what-if events and how their cost is measured."""

    events: list[TrafficEvent] = Field(default_factory=list, description="what-if breakups (also [[traffic.events]])")
    launch_site: str | None = Field(None, description="launch site key (default: access.launch_site)")
    parking_altitude_km: float | None = Field(None, ge=120.0, le=2000.0, description="default: traffic.parking_altitude_km")
    parking_inclination_deg: float | None = Field(None, ge=0.0, le=180.0, description="default: traffic.parking_inclination_deg")
    years: int = Field(20, ge=1, le=100, description="how many years after the event to follow the cloud")
    windows_per_year: int = Field(4, ge=1, le=52, description="COLA windows sampled per year (spread over the year)")
    window_minutes: float = Field(120.0, gt=0.0, le=1440.0, description="launch-window length [min]")
    conjunction_km: float = Field(5.0, gt=0.0, le=100.0, description="miss distance of a counted conjunction [km] (SOCRATES: 5)")
    decayed_fraction: float = Field(0.01, gt=0.0, lt=1.0, description="stop once this fraction of the cloud is left")
    seed: int = Field(0, ge=0, description="seed of the breakup draws")
    assembly_orbit: AssemblyOrbit | None = Field(None, description="a LEO assembly/refuelling orbit the architecture uses (costed too)")
