"""The campaign model: missions with dates, vehicles, destinations and manifests; nodes and mass flows.

Nodes follow SpaceNet's network (Earth's surface, low Earth orbit, lunar orbit or the NRHO, the surface
site). Each mission's mass flows Earth → LEO (the mass its launches place in orbit) → its destination
(payload plus the lander's dry mass, for a surface mission); the difference is propellant and stages
expended on the way. A manifest heavier than the vehicle's delivered payload is an error that names the
mission and the excess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import MoonbaseError
from ..timegrid import parse_instant
from .config import CampaignConfig, MissionConfig
from .consumables import ITEMS, LifeSupport
from .elements import Element, catalogue, get_element, scaled
from .vehicles import Vehicle, delivered_payload_kg, get_vehicle, vehicle_table

NODES = ("earth", "leo", "lunar-orbit", "nrho", "surface")
PER_UNIT_SUFFIXES = ("-1kw", "-1kwh")


@dataclass(frozen=True)
class Flow:
    """Mass moved along one edge of the network by one mission [kg]."""

    mission: str
    origin: str
    destination: str
    mass_kg: float
    what: str


@dataclass
class MissionPlan:
    """A mission resolved against the catalogue and the vehicle table."""

    name: str
    arrival: np.datetime64          # landing or arrival time [datetime64[s]]
    vehicle: Vehicle | None
    destination: str
    crew: int
    stay_days: float
    samples_kg: float
    purpose: str
    elements: list[Element] = field(default_factory=list)
    consumables_kg: dict[str, float] = field(default_factory=dict)
    capacity_kg: float = float("inf")
    capacity_tag: str = ""
    capacity_source: str = ""
    lander: Element | None = None

    @property
    def manifest_mass_kg(self) -> float:
        return float(sum(e.mass_kg for e in self.elements) + sum(self.consumables_kg.values()))

    @property
    def to_surface(self) -> bool:
        return self.destination == "surface"

    @property
    def surface_elements(self) -> list[Element]:
        """What stays at the site: the manifest's elements and the lander's dry mass."""
        if not self.to_surface:
            return []
        return [*self.elements, *([self.lander] if self.lander is not None else [])]

    @property
    def crewed(self) -> bool:
        return self.to_surface and self.crew > 0

    @property
    def launch_mass_kg(self) -> float:
        return self.vehicle.launch_mass_kg if self.vehicle else 0.0

    @property
    def leo_mass_kg(self) -> float:
        return self.vehicle.leo_mass_kg if self.vehicle else 0.0


@dataclass
class Campaign:
    """A whole campaign ready to simulate."""

    programme: str
    start: np.datetime64           # first simulated day [datetime64[D]]
    end: np.datetime64             # exclusive
    missions: list[MissionPlan]
    life_support: LifeSupport
    elements: dict[str, Element]
    permanent_presence_days: float = 365.0
    night_min_h: float = 24.0

    @property
    def days(self) -> int:
        return int((self.end - self.start).astype(int))

    def day_of(self, when: np.datetime64) -> float:
        """Days since the start (fractional) of an instant."""
        return float((np.datetime64(when, "s") - np.datetime64(self.start, "s")).astype(np.int64)) / 86400.0

    def flows(self) -> list[Flow]:
        """Mass along each edge, mission by mission: launch, transfer, landing."""
        found = []
        for m in self.missions:
            if m.vehicle is None:
                continue
            landed = m.manifest_mass_kg + (m.lander.mass_kg if m.lander is not None and m.to_surface else 0.0)
            orbit = "nrho" if m.destination == "nrho" else "lunar-orbit"
            found.append(Flow(m.name, "earth", "leo", m.leo_mass_kg, "mass placed in LEO by the mission's launches"))
            if m.destination == "leo":
                continue
            found.append(Flow(m.name, "leo", orbit, landed if m.destination == "surface" else m.manifest_mass_kg,
                              "payload carried beyond LEO (propellant and stages not counted)"))
            if m.to_surface:
                found.append(Flow(m.name, orbit, "surface", landed, "payload and lander dry mass landed at the site"))
        return found


def _arrival(mission: MissionConfig) -> np.datetime64:
    text = mission.date if mission.date is not None else f"{mission.year}-07-01"
    return parse_instant(text).astype("datetime64[s]")


def _manifest(mission: MissionConfig, elements: dict[str, Element]) -> tuple[list[Element], dict[str, float]]:
    found: list[Element] = []
    goods = {item: 0.0 for item in ITEMS}
    for line in mission.manifest:
        if line.item is not None:
            goods[line.item] += float(line.kg)
            continue
        element = get_element(line.element, elements)
        if line.element.endswith(PER_UNIT_SUFFIXES):
            found.append(scaled(element, line.count))
        else:
            if abs(line.count - round(line.count)) > 1e-9:
                raise MoonbaseError(f"mission {mission.name!r}: element {line.element!r} comes in whole units; count = {line.count:g}")
            found.extend([element] * int(round(line.count)))
    return found, goods


def build_campaign(config: CampaignConfig, products: Any = None) -> Campaign:
    """Resolve the scenario's ``[campaign]`` table into a :class:`Campaign`; checks every manifest.

    Raises :class:`MoonbaseError` naming the mission when a manifest exceeds the vehicle's delivered
    payload (by how many kg) or a mission lands more crew than its vehicle carries.
    """
    elements = catalogue([e.element() for e in config.elements])
    vehicles = vehicle_table([v.vehicle() for v in config.vehicles])
    plans = []
    for mission in config.missions:
        where = f"campaign mission {mission.name!r}"
        carried, goods = _manifest(mission, elements)
        vehicle = get_vehicle(mission.vehicle, vehicles, where) if mission.vehicle else None
        plan = MissionPlan(mission.name, _arrival(mission), vehicle, mission.destination, mission.crew,
                           mission.stay_days, mission.samples_kg, mission.purpose, carried, goods)
        if vehicle is None:
            if carried or any(goods.values()) or mission.crew:
                raise MoonbaseError(f"{where}: a manifest or crew needs a vehicle; give vehicle = NAME ({', '.join(vehicles)})")
        else:
            plan.capacity_kg, plan.capacity_tag, plan.capacity_source = delivered_payload_kg(vehicle, products)
            excess = plan.manifest_mass_kg - plan.capacity_kg
            if excess > 1e-6:
                raise MoonbaseError(
                    f"{where}: manifest of {plan.manifest_mass_kg:,.0f} kg exceeds the {vehicle.name} delivered payload of "
                    f"{plan.capacity_kg:,.0f} kg {plan.capacity_tag} by {excess:,.0f} kg; move items to another mission "
                    "or choose a larger vehicle")
            if mission.crew > vehicle.crew_surface and mission.destination == "surface":
                raise MoonbaseError(f"{where}: crew of {mission.crew} but the {vehicle.name} lands at most "
                                    f"{vehicle.crew_surface}; choose a crew vehicle or a smaller crew")
            if vehicle.lander:
                plan.lander = get_element(vehicle.lander, elements)
        plans.append(plan)
    plans.sort(key=lambda p: p.arrival)
    start, end = config.period()
    return Campaign(config.programme, start, end, plans, config.life_support.life_support(), elements,
                    config.permanent_presence_days, config.night_min_h)
