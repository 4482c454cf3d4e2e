"""What one mission of each vehicle delivers to the lunar surface, and what it launches from Earth.

Until the access capability publishes ``"access.payload"``, a stated table stands in
(``moonbase/data/campaign_vehicles.toml``, every figure with its source and tag). Everything reads the
payload through :func:`delivered_payload_kg`, the one place to switch to the access product.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import MoonbaseError

ACCESS_PRODUCT = "access.payload"


@dataclass(frozen=True)
class Vehicle:
    """A launch-and-landing system as one mission uses it. Masses in kg."""

    name: str
    payload_surface_kg: float
    payload_tag: str
    payload_source: str
    lander: str = ""
    crew_surface: int = 0
    launch_mass_kg: float = 0.0
    launch_tag: str = "[M]"
    launch_source: str = ""
    leo_mass_kg: float = 0.0
    aliases: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def packaged_vehicles() -> dict[str, Vehicle]:
    text = resources.files("moonbase").joinpath("data/campaign_vehicles.toml").read_text(encoding="utf-8")
    found = {}
    for name, table in tomllib.loads(text).items():
        table = dict(table)
        aliases = tuple(table.pop("aliases", ()))
        found[name] = Vehicle(name=name, aliases=aliases, **table)
    return found


def vehicle_table(extra: tuple[Vehicle, ...] | list[Vehicle] = ()) -> dict[str, Vehicle]:
    """Packaged vehicles plus the user's own, by name."""
    found = dict(packaged_vehicles())
    for vehicle in extra:
        found[vehicle.name] = vehicle
    return found


def get_vehicle(name: str, vehicles: Mapping[str, Vehicle], where: str = "") -> Vehicle:
    """A vehicle by name or alias (case-insensitive)."""
    wanted = name.strip().lower()
    for vehicle in vehicles.values():
        if wanted == vehicle.name.lower() or wanted in (a.lower() for a in vehicle.aliases):
            return vehicle
    place = f"{where}: " if where else ""
    raise MoonbaseError(f"{place}unknown vehicle {name!r}; known: {', '.join(vehicles)} "
                        "(or add one under [[campaign.vehicles]])")


def _access_figure(entry: Any) -> float | None:
    """A surface payload [kg] from one entry of the access product, whatever shape it takes."""
    if isinstance(entry, (int, float)):
        return float(entry)
    for key in ("surface_kg", "payload_surface_kg", "delivered_kg", "payload_kg"):
        value = entry.get(key) if isinstance(entry, Mapping) else getattr(entry, key, None)
        if value is not None:
            return float(value.value if hasattr(value, "value") else value)
    return None


def delivered_payload_kg(vehicle: Vehicle, products: Any = None) -> tuple[float, str, str]:
    """Payload one mission of ``vehicle`` lands [kg], with its tag and source.

    Reads ``products.get("access.payload")`` when the plan has it (a mapping from vehicle name to kg or to
    a record with ``surface_kg``), else the stated table.
    """
    if products is not None and ACCESS_PRODUCT in products:
        try:
            table = products.get(ACCESS_PRODUCT)
        except MoonbaseError:
            table = None
        if isinstance(table, Mapping):
            for name in (vehicle.name, *vehicle.aliases):
                if name in table:
                    value = _access_figure(table[name])
                    if value is not None:
                        return value, "[C]", f"Moonbase access capability ({ACCESS_PRODUCT})"
    return vehicle.payload_surface_kg, vehicle.payload_tag, vehicle.payload_source
