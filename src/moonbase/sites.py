"""The catalogue of named lunar sites, and turning a name or coordinates into a :class:`SurfacePoint`."""

from __future__ import annotations

import difflib
import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .coords import normalize_longitude, parse_latitude, parse_longitude
from .errors import InputError
from .geometry import SurfacePoint

GROUPS = {
    "ilrs": "ILRS and Chang'e-7 candidate points",
    "change8": "Chang'e-8 candidate sites",
    "artemis3": "Artemis III candidate regions (NASA, Oct 2024; approximate centres)",
    "polar": "South-polar landmarks",
    "reference": "Reference points",
}


@dataclass(frozen=True)
class Site:
    """A named point with its source and how well its position is known."""

    key: str
    name: str
    lat_deg: float
    lon_deg: float
    group: str
    source: str
    tag: str
    approximate: bool = False

    def point(self, height_m: float = 0.0) -> SurfacePoint:
        return SurfacePoint(self.lat_deg, self.lon_deg, height_m, name=self.key)

    def as_record(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "lat_deg": self.lat_deg,
            "lon_deg": self.lon_deg,
            "group": self.group,
            "approximate": self.approximate,
            "tag": self.tag,
            "source": self.source,
        }


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Site]:
    """All named sites from the packaged ``data/sites.toml``, keyed by their short name."""
    text = resources.files("moonbase").joinpath("data/sites.toml").read_text(encoding="utf-8")
    sites = {}
    for key, entry in tomllib.loads(text).items():
        sites[key] = Site(
            key=key,
            name=entry["name"],
            lat_deg=float(entry["lat"]),
            lon_deg=normalize_longitude(float(entry["lon"])),
            group=entry["group"],
            source=entry["source"],
            tag=entry["tag"],
            approximate=bool(entry.get("approximate", False)),
        )
    return sites


def get_site(key: str) -> Site:
    """A named site; unknown names get the closest matches in the error."""
    sites = catalogue()
    if key in sites:
        return sites[key]
    close = difflib.get_close_matches(key, list(sites), n=3)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise InputError("site", key, f"a named site ({hint}see `moonbase sites`)")


#: Two named sites closer than this are the same point [m]: far below the 240 m grid of the terrain
#: they are assessed on, and above the rounding of coordinates given to 0.001° (~30 m along a meridian
#: would be far more; the catalogue's coincident entries share their coordinates to 1e-9°).
SAME_POINT_M = 1.0


def surface_distance_m(a: Site, b: Site) -> float:
    """Great-circle distance between two sites on the 1,737.4 km reference sphere [m]."""
    from .constants import MOON_RADIUS_KM

    p1, p2 = math.radians(a.lat_deg), math.radians(b.lat_deg)
    dl = math.radians(b.lon_deg - a.lon_deg)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2000.0 * MOON_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def same_point_groups(keys, within_m: float = SAME_POINT_M) -> list[list[str]]:
    """``keys`` grouped by position: each group holds the names of one point, in the order given."""
    groups: list[list[str]] = []
    for key in keys:
        site = get_site(key)
        for group in groups:
            if surface_distance_m(get_site(group[0]), site) <= within_m:
                group.append(key)
                break
        else:
            groups.append([key])
    return groups


def resolve_point(
    site: str | None = None, lat: str | float | None = None, lon: str | float | None = None, height_m: float = 0.0
) -> SurfacePoint:
    """A surface point from ``site`` (a catalogue name) or from ``lat``/``lon`` (``-89.45`` or ``89.45S``)."""
    if site is not None and (lat is not None or lon is not None):
        raise InputError("site", site, "either site= or lat=/lon=, not both")
    if site is not None:
        return get_site(site).point(height_m)
    if lat is None or lon is None:
        raise InputError("site", None, "site=NAME or both lat= and lon=")
    return SurfacePoint(parse_latitude(lat), parse_longitude(lon), height_m)
