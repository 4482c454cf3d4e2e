"""Deep-space ground stations and networks (packaged table plus user-defined stations)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import InputError


@dataclass(frozen=True)
class GroundStation:
    key: str
    name: str
    network: str
    lat_deg: float
    lon_deg: float
    height_m: float
    antenna_m: float
    min_elevation_deg: float
    tag: str
    source: str
    uncertain: bool = False

    def __post_init__(self):
        if not -90.0 <= self.lat_deg <= 90.0:
            raise InputError(f"station {self.key} lat", self.lat_deg, "a latitude between -90 and 90 degrees")
        if not 0.0 <= self.min_elevation_deg < 90.0:
            raise InputError(f"station {self.key} min_elevation_deg", self.min_elevation_deg, "an elevation mask 0-90 degrees")
        if not 0.0 < self.antenna_m <= 200.0:
            raise InputError(f"station {self.key} antenna_m", self.antenna_m, "an antenna diameter 0-200 m")


@lru_cache(maxsize=1)
def _table() -> dict:
    return tomllib.loads(resources.files("moonbase").joinpath("data/ground_stations.toml").read_text(encoding="utf-8"))


def network_names() -> dict[str, str]:
    """Network key → full name."""
    return dict(_table()["networks"])


def stations() -> dict[str, GroundStation]:
    """Every packaged station, keyed by short name."""
    out = {}
    for key, entry in _table()["stations"].items():
        out[key] = GroundStation(
            key=key, name=entry["name"], network=entry["network"], lat_deg=float(entry["lat"]),
            lon_deg=float(entry["lon"]), height_m=float(entry["height_m"]), antenna_m=float(entry["antenna_m"]),
            min_elevation_deg=float(entry["min_elevation_deg"]), tag=entry["tag"], source=entry["source"],
            uncertain=bool(entry.get("uncertain", False)),
        )
    return out


def network(name: str, extra: list[GroundStation] = ()) -> list[GroundStation]:
    """The stations of a network (``dsn``, ``cdsn``, ``russia``, ``estrack``, ``all``, or a user network in ``extra``)."""
    everything = list(stations().values()) + list(extra)
    if name == "all":
        return everything
    members = [s for s in everything if s.network == name]
    if not members:
        known = sorted(set(network_names()) | {s.network for s in extra} | {"all"})
        raise InputError("network", name, f"one of {', '.join(known)}")
    return members
