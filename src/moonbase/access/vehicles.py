"""The vehicle catalogue: launchers (payload to LEO and TLI) and landers (propulsion for insertion and
descent), from ``data/vehicles.toml`` plus any the scenario adds under ``[[access.vehicles]]``.

Every entry carries its provenance tag and source; planned vehicles are tagged ``[A]`` (announced),
recalled figures ``[M]``, so the report shows them as caveats.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..contract import TAGS
from ..errors import InputError


class Launcher(BaseModel):
    """A launch vehicle: payload [t] to LEO and on a trans-lunar injection."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal["launcher"] = "launcher"
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    country: str = ""
    status: str = ""
    leo_t: float = Field(ge=0.0, le=1000.0)
    tli_t: float = Field(0.0, ge=0.0, le=500.0)
    tag: str = "[U]"
    source: str = "given in the scenario"


class Lander(BaseModel):
    """A lander: rocket-equation figures for insertion and descent (and TLI when ``mode`` is refuelled)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal["lander"] = "lander"
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    mode: Literal["tli", "refuelled"] = "tli"
    isp_s: float = Field(gt=100.0, lt=1000.0)
    inert_fraction: float = Field(0.2, ge=0.0, lt=1.0)
    dry_t: float = Field(0.0, ge=0.0)
    propellant_t: float = Field(0.0, ge=0.0)
    max_cargo_t: float = Field(1e9, ge=0.0)
    crewed: bool = False
    launched_by: tuple[str, ...] = ()
    launches_per_landing: int = Field(1, ge=1, le=100)
    refuelling_note: str = ""
    tag: str = "[U]"
    source: str = "given in the scenario"


Vehicle = Launcher | Lander


def _check_tag(vehicle, where: str):
    if vehicle.tag not in TAGS:
        raise InputError(f"{where} {vehicle.key}.tag", vehicle.tag, f"one of {', '.join(TAGS)}")
    if vehicle.kind == "lander" and vehicle.mode == "refuelled" and not (vehicle.dry_t > 0 and vehicle.propellant_t > 0):
        raise InputError(f"{where} {vehicle.key}", vehicle.mode, "dry_t and propellant_t for a refuelled lander")
    return vehicle


@lru_cache(maxsize=1)
def packaged_vehicles() -> dict[str, Vehicle]:
    """The vehicles of ``data/vehicles.toml`` by key."""
    text = resources.files("moonbase").joinpath("data", "vehicles.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    vehicles: dict[str, Vehicle] = {}
    for entry in data.get("launcher", []):
        vehicles[entry["key"]] = _check_tag(Launcher(**entry), "vehicles.toml")
    for entry in data.get("lander", []):
        vehicles[entry["key"]] = _check_tag(Lander(**entry), "vehicles.toml")
    return vehicles


@dataclass(frozen=True)
class Catalogue:
    """Launchers and landers by key (packaged plus the user's)."""

    vehicles: dict

    @classmethod
    def with_user(cls, user: list[dict] | tuple = ()) -> "Catalogue":
        vehicles = dict(packaged_vehicles())
        for number, entry in enumerate(user):
            entry = dict(entry)
            kind = entry.get("kind", "launcher")
            model = {"launcher": Launcher, "lander": Lander}.get(kind)
            if model is None:
                raise InputError(f"access.vehicles[{number}].kind", kind, "launcher or lander")
            vehicle = _check_tag(model(**entry), f"access.vehicles[{number}]")
            vehicles[vehicle.key] = vehicle
        return cls(vehicles)

    def launchers(self) -> list[Launcher]:
        return [v for v in self.vehicles.values() if v.kind == "launcher"]

    def landers(self) -> list[Lander]:
        return [v for v in self.vehicles.values() if v.kind == "lander"]

    def get(self, key_or_name: str, kind: str | None = None) -> Vehicle:
        """A vehicle by key or by its name (case-insensitive, e.g. "Long March 5" or "SLS")."""
        wanted = key_or_name.strip().lower()
        for vehicle in self.vehicles.values():
            if kind and vehicle.kind != kind:
                continue
            if wanted in (vehicle.key, vehicle.name.lower(), vehicle.key.replace("-", " ")):
                return vehicle
        prefix = [v for v in self.vehicles.values() if (not kind or v.kind == kind)
                  and (v.name.lower().startswith(wanted) or v.key.startswith(wanted.replace(" ", "-")))]
        if len(prefix) >= 1:
            return prefix[0]
        options = ", ".join(v.key for v in self.vehicles.values() if not kind or v.kind == kind)
        raise InputError("vehicle", key_or_name, f"one of {options} (or add it under [[access.vehicles]])")
