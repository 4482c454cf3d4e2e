"""Contention between programmes: every pair of candidate sites of different programmes, and the contested ground.

For each pair: the distance on the sphere, whether the two are one place (closer than the same-place
distance) or their keep-out circles overlap, whether they see each other over the terrain (line of sight
between masts, :func:`moonbase.kernels.sightline.sightlines`), and the lit ground and permanently shadowed
ground within the rover radius of both. For each lit or shadowed patch: which sites of which programmes
are within the rover radius of it. These are physical facts (areas, distances, sightlines) under stated
radii; none is a verdict about any state or programme.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from ..constants import MOON_RADIUS_KM
from ..kernels.sightline import sightlines
from .candidates import Candidate
from .grid import MapGrid, great_circle_km
from .ground import ScarceGround
from .radii import COINCIDE, ROVER, SAFETY_ZONE, Radius

#: Lit ground that counts as contested: lit more than this share of the time [%] (one of the 70/80/90 % classes).
CONTESTED_LIT_PCT = 80.0
#: Why some candidates coincide: the programmes drew on the same published site studies.
SHARED_CANDIDATES_NOTE = ("three of the Chang'e-8 candidates were also Artemis III candidate regions in 2022-23 [R] "
                          "(citylife.capetown, Nov 2024): by the names of NASA's 2022 list, Leibnitz Beta Plateau, Amundsen "
                          "Rim and Connecting Ridge (matching recalled [M]); the Artemis III list here is NASA's of 28 Oct 2024")
#: Observer (mast) height at each end of a sightline [m]: as for the site horizons (2 m, a lander's camera mast).
MAST_HEIGHT_M = 2.0


@dataclass(frozen=True)
class SitePair:
    """Two candidate sites of different programmes."""

    a: str
    b: str
    programme_a: str
    programme_b: str
    distance_km: float
    same_place: bool
    keep_out_overlap: bool
    line_of_sight: bool | None          # None: no terrain under the chord
    clearance_m: float                  # smallest clearance of the sightline over the terrain [m] (negative: blocked)
    shared_lit_km2: float               # lit > CONTESTED_LIT_PCT within the rover radius of both
    shared_psr_km2: float | None        # permanently shadowed within the rover radius of both (None: no PSR map)
    shared_lit_patches: tuple[int, ...]
    shared_psr_patches: tuple[int, ...]

    def as_record(self) -> dict:
        record = dict(self.__dict__)
        record["shared_lit_patches"] = list(self.shared_lit_patches)
        record["shared_psr_patches"] = list(self.shared_psr_patches)
        return record


@dataclass(frozen=True)
class ContestedPatch:
    """A lit or shadowed patch within the rover radius of sites of two or more programmes."""

    kind: str
    label: int
    area_km2: float
    centroid_lat_deg: float
    centroid_lon_deg: float
    sites: dict[str, tuple[str, ...]]       # programme -> site keys within the rover radius of the patch
    nearest_km: dict[str, float]            # programme -> distance of its nearest site to the patch [km]

    @property
    def programmes(self) -> int:
        return len(self.sites)

    def as_record(self) -> dict:
        return {"kind": self.kind, "label": self.label, "area_km2": self.area_km2,
                "centroid_lat_deg": self.centroid_lat_deg, "centroid_lon_deg": self.centroid_lon_deg,
                "programmes": self.programmes, "sites": {k: list(v) for k, v in self.sites.items()},
                "nearest_km": self.nearest_km}


@dataclass
class Contention:
    """Pairs, contested patches (most contested first) and the radii used."""

    candidates: list[Candidate]
    pairs: list[SitePair]
    contested: list[ContestedPatch]
    keep_out: Radius
    rover: Radius
    coincide: Radius
    lit_threshold_pct: float
    coincident: list[tuple[str, str, float]] = field(default_factory=list)  # any two candidates at one place [km]
    caveats: list[str] = field(default_factory=list)

    def as_record(self) -> dict:
        return {"radii": {r.key: r.as_record() for r in (self.keep_out, self.rover, self.coincide)},
                "lit_threshold_pct": self.lit_threshold_pct,
                "candidates": [c.as_record() for c in self.candidates],
                "pairs": [p.as_record() for p in self.pairs],
                "contested_ground": [c.as_record() for c in self.contested],
                "same_place": [{"a": a, "b": b, "distance_km": d} for a, b, d in self.coincident],
                "counts": {"candidates": len(self.candidates), "pairs": len(self.pairs),
                           "same_place": sum(p.same_place for p in self.pairs),
                           "keep_out_overlaps": sum(p.keep_out_overlap for p in self.pairs),
                           "in_sight": sum(bool(p.line_of_sight) for p in self.pairs),
                           "sharing_lit_ground": sum(p.shared_lit_km2 > 0 for p in self.pairs),
                           "sharing_psr": sum((p.shared_psr_km2 or 0) > 0 for p in self.pairs),
                           "contested_patches": len(self.contested)},
                "caveats": self.caveats}


def cross_pairs(sites: list[Candidate]) -> list[tuple[int, int]]:
    """Index pairs of sites of different programmes."""
    return [(i, j) for i, j in combinations(range(len(sites)), 2) if sites[i].programme != sites[j].programme]


def line_of_sight(stack, sites: list[Candidate], pairs: list[tuple[int, int]], mast_height_m: float = MAST_HEIGHT_M):
    """Clearance [m] of each pair's sightline over the terrain of ``stack`` (NaN where an end has no terrain)."""
    if not pairs:
        return np.zeros(0)
    lat = np.radians([s.lat_deg for s in sites])
    lon = np.radians([s.lon_deg for s in sites])
    ground = stack.sample(np.degrees(lat), np.degrees(lon), allow_outside=True) + mast_height_m
    i, j = np.array(pairs).T
    grids, gts, projs = stack.kernel_inputs()
    out = np.empty(len(pairs))
    step_km = 0.5 * stack.finest_pixel_m / 1000.0
    sightlines(lat[i], lon[i], lat[j], lon[j], ground[i], ground[j], grids, gts, projs, MOON_RADIUS_KM, step_km, out)
    out[~(np.isfinite(ground[i]) & np.isfinite(ground[j]))] = np.nan
    return out


def _disk(grid: MapGrid, site: Candidate, radius_km: float, pixel_km: float):
    """Flat indices of the map pixels within ``radius_km`` of a site (great circle), and their distances [km]."""
    rows, cols = grid.shape
    r, c = grid.rowcol(site.lat_deg, site.lon_deg)
    half = int(np.ceil(radius_km / pixel_km * 1.01)) + 1
    r0, r1 = max(0, int(r) - half), min(rows, int(r) + half + 2)
    c0, c1 = max(0, int(c) - half), min(cols, int(c) + half + 2)
    if r0 >= r1 or c0 >= c1:
        return np.zeros(0, np.int64), np.zeros(0)
    rr, cc = np.mgrid[r0:r1, c0:c1]
    lat, lon = grid.latlon(rr, cc)
    d = great_circle_km(lat, lon, site.lat_deg, site.lon_deg)
    inside = d <= radius_km
    return (rr[inside] * cols + cc[inside]).astype(np.int64), d[inside]


def contention(sites: list[Candidate], grid: MapGrid | None = None, ground: ScarceGround | None = None, stack=None,
               keep_out: Radius = SAFETY_ZONE, rover: Radius = ROVER, coincide: Radius = COINCIDE,
               lit_threshold_pct: float = CONTESTED_LIT_PCT, mast_height_m: float = MAST_HEIGHT_M) -> Contention:
    """Pairs of different programmes and the contested patches (see the module docstring).

    ``grid`` + ``ground``: a map and its scarce ground (:func:`moonbase.contention.ground.scarce_ground`) for the
    shared ground; ``stack``: terrain for the sightlines. Without them those columns are 0/None, with a caveat.
    """
    pairs = cross_pairs(sites)
    caveats = []
    lat = np.array([s.lat_deg for s in sites])
    lon = np.array([s.lon_deg for s in sites])
    distance = great_circle_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    if stack is not None:
        clearance = line_of_sight(stack, sites, pairs, mast_height_m)
    else:
        clearance = np.full(len(pairs), np.nan)
        caveats.append("no terrain given: sightlines not computed")
    lit_kind = f"lit>{lit_threshold_pct:g}"
    lit_labels = psr_labels = None
    disks = {}
    if grid is not None and ground is not None:
        lit_labels = ground.labels.get(lit_kind)
        psr_labels = ground.labels.get("psr")
        if lit_labels is None:
            caveats.append(f"the map has no {lit_kind} class: shared lit ground not computed")
        if psr_labels is None:
            caveats.append(f"no permanent-shadow map: shared PSRs not computed ({ground.psr_basis})")
        pixel_km = abs(grid.geotransform[2]) / 1000.0
        area = ground.pixel_area_km2.ravel()
        disks = {k: _disk(grid, s, rover.value_km, pixel_km) for k, s in enumerate(sites)}
        outside = [s.key for k, s in enumerate(sites) if disks[k][0].size == 0]
        if outside:
            caveats.append(f"outside the map, so without shared ground: {', '.join(outside)}")
    else:
        caveats.append("no sunlight map given: shared lit ground and PSRs not computed")

    def shared(labels, i, j):
        if labels is None or not disks:
            return None, ()
        common = np.intersect1d(disks[i][0], disks[j][0], assume_unique=True)
        hit = labels.ravel()[common]
        return float(area[common][hit > 0].sum()), tuple(int(v) for v in np.unique(hit[hit > 0]))

    out = []
    for (i, j), clear in zip(pairs, clearance):
        d = float(distance[i, j])
        lit_km2, lit_ids = shared(lit_labels, i, j)
        psr_km2, psr_ids = shared(psr_labels, i, j)
        out.append(SitePair(sites[i].key, sites[j].key, sites[i].programme, sites[j].programme, d,
                            d < coincide.value_km, d < 2.0 * keep_out.value_km,
                            None if not np.isfinite(clear) else bool(clear > 0.0), float(clear),
                            lit_km2 or 0.0, psr_km2, lit_ids, psr_ids))
    out.sort(key=lambda p: (not p.same_place, not p.keep_out_overlap, -(p.shared_lit_km2 + (p.shared_psr_km2 or 0.0)),
                            p.distance_km))
    contested = []
    if disks:
        for kind, labels in (("psr", psr_labels), (lit_kind, lit_labels)):
            if labels is not None:
                contested.extend(_contested_patches(grid, ground, kind, labels, sites, disks))
        contested.sort(key=lambda c: (-c.programmes, -sum(len(v) for v in c.sites.values()), -c.area_km2))
    caveats.append(SHARED_CANDIDATES_NOTE)
    caveats.append(f"keep-out radius {keep_out.value_km:g} km {keep_out.tag}: {keep_out.source}")
    caveats.append(f"rover radius {rover.value_km:g} km {rover.tag}: {rover.source}")
    approximate = [s.key for s in sites if s.approximate or s.tag in ("[M]", "[3P]")]
    if approximate:
        caveats.append("candidate positions that are region centres or third-party/recalled points (distances, "
                       f"overlaps and sightlines inherit their uncertainty): {', '.join(approximate)}")
    coincident = [(sites[i].key, sites[j].key, float(distance[i, j])) for i, j in combinations(range(len(sites)), 2)
                  if distance[i, j] < coincide.value_km]
    return Contention(sites, out, contested, keep_out, rover, coincide, lit_threshold_pct, coincident, caveats)


def _contested_patches(grid, ground, kind, labels, sites, disks) -> list[ContestedPatch]:
    flat = labels.ravel()
    near: dict[int, dict[str, dict[str, float]]] = {}
    for k, (index, d) in disks.items():
        hit = flat[index]
        for label in np.unique(hit[hit > 0]):
            dist = float(d[hit == label].min())
            programme = near.setdefault(int(label), {}).setdefault(sites[k].programme, {})
            programme[sites[k].key] = dist
    contested = {label: by for label, by in near.items() if len(by) >= 2}
    if not contested:
        return []
    # Areas and centroids of every label in three passes over the image (not one pass per contested patch).
    rows, cols = labels.shape
    area = np.bincount(flat, weights=ground.pixel_area_km2.ravel())
    count = np.bincount(flat).astype(float)
    row_sum = np.bincount(flat, weights=np.repeat(np.arange(rows, dtype=float), cols))
    col_sum = np.bincount(flat, weights=np.tile(np.arange(cols, dtype=float), rows))
    out = []
    for label, by_programme in contested.items():
        lat, lon = grid.latlon(row_sum[label] / count[label], col_sum[label] / count[label])
        out.append(ContestedPatch(kind, label, float(area[label]), float(lat), float(lon),
                                  {p: tuple(sorted(v, key=v.get)) for p, v in sorted(by_programme.items())},
                                  {p: min(v.values()) for p, v in sorted(by_programme.items())}))
    return out
