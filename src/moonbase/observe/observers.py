"""Observers on Earth: a small packaged table of cities and observatories, or ``LAT,LON[,HEIGHT]``."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..errors import InputError

#: WGS84 ellipsoid (NIMA TR8350.2): semi-major axis [km] and flattening [R].
WGS84_A_KM = 6378.137
WGS84_F = 1.0 / 298.257223563


@dataclass(frozen=True)
class Observer:
    """A place on Earth: geodetic latitude [deg N], east longitude [deg], height above WGS84 [m]."""

    key: str
    name: str
    lat_deg: float
    lon_deg: float
    height_m: float = 0.0
    kind: str = "user"
    tag: str = "[U]"

    def __post_init__(self):
        if not -90.0 <= self.lat_deg <= 90.0:
            raise InputError(f"observer {self.key} latitude", self.lat_deg, "a latitude between -90 and 90 degrees")
        if not -180.0 <= self.lon_deg <= 360.0:
            raise InputError(f"observer {self.key} longitude", self.lon_deg, "a longitude between -180 and 360 degrees")
        if not -500.0 <= self.height_m <= 9000.0:
            raise InputError(f"observer {self.key} height", self.height_m, "a height between -500 and 9,000 m")

    def itrs_km(self) -> np.ndarray:
        """Position in the ITRS (WGS84 geodetic → Cartesian) [km]."""
        return itrs_positions_km([self])[0][0]

    def as_record(self) -> dict:
        return {"key": self.key, "name": self.name, "lat_deg": self.lat_deg, "lon_deg": self.lon_deg,
                "height_m": self.height_m, "kind": self.kind, "tag": self.tag}


def itrs_positions_km(observers: list[Observer]) -> tuple[np.ndarray, np.ndarray]:
    """ITRS positions [km] and geodetic up unit vectors of observers, each ``(O, 3)``."""
    lat = np.radians([o.lat_deg for o in observers])
    lon = np.radians([o.lon_deg for o in observers])
    h_km = np.array([o.height_m for o in observers]) / 1000.0
    e2 = WGS84_F * (2.0 - WGS84_F)
    n = WGS84_A_KM / np.sqrt(1.0 - e2 * np.sin(lat) ** 2)
    xyz = np.stack([(n + h_km) * np.cos(lat) * np.cos(lon), (n + h_km) * np.cos(lat) * np.sin(lon),
                    (n * (1.0 - e2) + h_km) * np.sin(lat)], axis=1)
    up = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=1)
    return xyz, up


@lru_cache(maxsize=1)
def named_observers() -> dict[str, Observer]:
    """The packaged observers (``data/observers.toml``): cities and observatories."""
    table = tomllib.loads(resources.files("moonbase").joinpath("data/observers.toml").read_text(encoding="utf-8"))
    return {key: Observer(key, e["name"], float(e["lat"]), float(e["lon"]), float(e["height_m"]), e["kind"], "[M]")
            for key, e in table.items()}


def resolve_observer(text: str) -> Observer:
    """A named observer (``beijing``) or ``LAT,LON[,HEIGHT_M]`` (``39.9,116.4,50``)."""
    key = text.strip().lower()
    known = named_observers()
    if key in known:
        return known[key]
    parts = [p.strip() for p in key.split(",")]
    if len(parts) in (2, 3):
        try:
            values = [float(p) for p in parts]
        except ValueError:
            values = None
        if values is not None:
            lat, lon = values[0], values[1]
            height = values[2] if len(values) == 3 else 0.0
            return Observer(f"{lat:g},{lon:g}", f"an observer at {lat:.2f}°, {lon:.2f}°E", lat, lon, height)
    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise InputError("observer", text, f"one of {', '.join(known)}, or LAT,LON[,HEIGHT_M] such as 39.9,116.4,50{hint}")


def world_grid(n_lat: int = 10, n_lon: int = 10) -> list[Observer]:
    """A grid of observers over the inhabited latitudes (60°S–70°N), for the world map."""
    lats = np.linspace(-60.0, 70.0, n_lat)
    lons = np.linspace(-180.0, 180.0, n_lon, endpoint=False)
    return [Observer(f"grid{i}-{j}", f"{lat:.0f}°, {lon:.0f}°E", float(lat), float(lon), 0.0, "grid", "[C]")
            for i, lat in enumerate(lats) for j, lon in enumerate(lons)]
