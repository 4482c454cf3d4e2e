"""Scarce ground: terrain lit most of the time, and terrain never lit, with its connected patches.

From a sunlight map (band ``sun_any_pct``: share of epochs with some part of the solar disk above the
terrain horizon) the area lit more than 70, 80 and 90 % of the time and its connected patches (8-connected,
``scipy.ndimage.label``); from a permanent-shadow map (band ``psr``, :mod:`moonbase.contention.shadow`), or
from a sunlight map over a whole nodal cycle (``sun_any_pct == 0``), the permanently shadowed area and its
patches. Each patch has its area (true area on the sphere), its centroid, its best pixel and the distance
from its nearest pixel to the nearest named site.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage

from ..sites import Site, catalogue
from .grid import MapGrid, great_circle_km

#: The shares of time [%] for "lit most of the time" (the issue's 70/80/90 %).
LIT_THRESHOLDS_PCT = (70.0, 80.0, 90.0)
#: 8-connectivity: pixels touching at a corner belong to one patch (a ridge crest runs diagonally as often as not).
CONNECTIVITY = np.ones((3, 3), dtype=bool)
#: Patches listed per class (the rest still count in the areas).
TOP_PATCHES = 10
#: A sunlight map counts as covering the nodal cycle when it spans at least this many days (18.6 years).
NODAL_CYCLE_DAYS = 6790.0


@dataclass(frozen=True)
class Patch:
    """One connected patch of lit or shadowed ground."""

    kind: str                  # "lit>70", "lit>80", "lit>90" or "psr"
    rank: int                  # 1 = largest of its kind
    label: int                 # its label in the kind's label image
    pixels: int
    area_km2: float
    centroid_lat_deg: float
    centroid_lon_deg: float
    best_value: float          # highest sun_any_pct [%] for lit patches; largest shadow margin [deg] for PSRs
    best_lat_deg: float
    best_lon_deg: float
    nearest_site: str
    nearest_site_km: float     # from the patch's nearest pixel

    def as_record(self) -> dict:
        return dict(self.__dict__)


@dataclass
class ScarceGround:
    """Areas [km²] and patches of the scarce ground of one map, and the label images behind them."""

    lit_area_km2: dict[float, float]
    lit_patches: dict[float, list[Patch]]
    lit_patch_count: dict[float, int]
    psr_area_km2: float | None
    psr_patches: list[Patch]
    psr_patch_count: int
    psr_basis: str                                     # how the PSRs were found (or why not)
    map_area_km2: float
    labels: dict[str, np.ndarray] = field(repr=False, default_factory=dict)  # kind -> label image
    pixel_area_km2: np.ndarray | None = field(repr=False, default=None)

    def psr_area_poleward_km2(self, grid: MapGrid, latitude_deg: float) -> float:
        """PSR area [km²] poleward of a (southern) latitude."""
        if "psr" not in self.labels:
            return float("nan")
        rows, cols = grid.shape
        lat, _ = grid.latlon(np.arange(rows)[:, None], np.arange(cols)[None, :])
        return float(self.pixel_area_km2[(self.labels["psr"] > 0) & (lat <= latitude_deg)].sum())

    def as_record(self) -> dict:
        return {"map_area_km2": self.map_area_km2,
                "lit": [{"threshold_pct": t, "area_km2": self.lit_area_km2[t], "patches": self.lit_patch_count[t],
                         "largest": [p.as_record() for p in self.lit_patches[t]]} for t in self.lit_area_km2],
                "psr": {"area_km2": self.psr_area_km2, "patches": self.psr_patch_count, "basis": self.psr_basis,
                        "largest": [p.as_record() for p in self.psr_patches]}}


def south_polar_sites(grid: MapGrid) -> list[Site]:
    """Named sites inside the map."""
    sites = list(catalogue().values())
    inside = grid.contains(np.array([s.lat_deg for s in sites]), np.array([s.lon_deg for s in sites]))
    return [s for s, ok in zip(sites, inside) if ok]


def label_patches(mask: np.ndarray) -> tuple[np.ndarray, int]:
    """8-connected labels of a boolean mask (0 = background) and their number."""
    labels, count = ndimage.label(mask, structure=CONNECTIVITY)
    return labels, int(count)


def describe_patches(grid: MapGrid, kind: str, labels: np.ndarray, count: int, values: np.ndarray,
                     area_km2: np.ndarray, sites: list[Site], top: int = TOP_PATCHES) -> list[Patch]:
    """The ``top`` largest patches of a label image, largest first, with centroid, best pixel and nearest site."""
    if count == 0:
        return []
    flat = labels.ravel()
    areas = np.bincount(flat, weights=area_km2.ravel(), minlength=count + 1)
    pixels = np.bincount(flat, minlength=count + 1)
    order = np.argsort(-areas[1:], kind="stable")[:top] + 1
    site_lat = np.array([s.lat_deg for s in sites])
    site_lon = np.array([s.lon_deg for s in sites])
    found = ndimage.find_objects(labels)
    patches = []
    for rank, label in enumerate(order, start=1):
        box = found[label - 1]  # everything below works inside the patch's bounding box
        inside = labels[box] == label
        rr, cc = np.nonzero(inside)
        rr, cc = rr + box[0].start, cc + box[1].start
        weights = area_km2[rr, cc]
        clat, clon = grid.latlon(np.average(rr, weights=weights), np.average(cc, weights=weights))
        patch_values = np.nan_to_num(values[rr, cc], nan=-np.inf)
        best = int(np.argmax(patch_values))
        blat, blon = grid.latlon(rr[best], cc[best])
        nearest, nearest_km = "", float("nan")
        if sites:
            plat, plon = grid.latlon(rr, cc)
            step = max(1, rr.size // 4000)  # a bounded sample of the pixels of very large patches
            d = great_circle_km(plat[::step, None], plon[::step, None], site_lat[None, :], site_lon[None, :])
            j = int(np.argmin(d.min(axis=0)))
            nearest, nearest_km = sites[j].key, float(d[:, j].min())
        patches.append(Patch(kind, rank, int(label), int(pixels[label]), float(areas[label]), float(clat), float(clon),
                             float(values[rr[best], cc[best]]), float(blat), float(blon), nearest, nearest_km))
    return patches


def psr_mask(grid: MapGrid) -> tuple[np.ndarray | None, str]:
    """Permanently shadowed pixels of a map and how they were found; (None, reason) when the map cannot say."""
    if "psr" in grid.bands:
        return grid.bands["psr"] > 0.5, "horizon above the Sun's upper-limb envelope in every azimuth (psr band)"
    if "sun_any_pct" in grid.bands:
        start, end = grid.attrs.get("start"), grid.attrs.get("end")
        if start and end:
            days = (np.datetime64(end[:19]) - np.datetime64(start[:19])) / np.timedelta64(1, "D")
            if days >= NODAL_CYCLE_DAYS:
                return grid.bands["sun_any_pct"] == 0.0, f"never lit in a sunlight map over {days / 365.25:.1f} years"
            return None, (f"the sunlight map spans {days / 365.25:.2f} years, less than the 18.6-year nodal cycle: "
                          "pass a PSR map (`moonbase contention psr`) for permanent shadow")
    return None, "no psr band and no sunlight band with its period"


def scarce_ground(grid: MapGrid, psr_grid: MapGrid | None = None, thresholds=LIT_THRESHOLDS_PCT,
                  sites: list[Site] | None = None, top: int = TOP_PATCHES) -> ScarceGround:
    """Lit and permanently shadowed ground of a map (see the module docstring).

    ``grid``: a sunlight map (``sun_any_pct``), possibly also with a ``psr`` band; ``psr_grid``: a separate PSR map
    on the same grid. ``sites``: named sites for the distances (default: those inside the map).
    """
    area = grid.pixel_area_km2()
    sites = south_polar_sites(grid) if sites is None else sites
    labels: dict[str, np.ndarray] = {}
    lit_area, lit_patches, lit_count = {}, {}, {}
    if "sun_any_pct" in grid.bands:
        sun = grid.bands["sun_any_pct"]
        for t in thresholds:
            with np.errstate(invalid="ignore"):
                mask = sun > t
            lab, n = label_patches(mask)
            kind = f"lit>{t:g}"
            labels[kind] = lab
            lit_area[t] = float(area[mask].sum())
            lit_count[t] = n
            lit_patches[t] = describe_patches(grid, kind, lab, n, sun, area, sites, top)
    source = psr_grid if psr_grid is not None else grid
    if psr_grid is not None and psr_grid.shape != grid.shape:
        from ..errors import MoonbaseError

        raise MoonbaseError(f"the PSR map {psr_grid.name} is {psr_grid.shape}, the sunlight map {grid.name} "
                            f"{grid.shape}: make both on the same window")
    mask, basis = psr_mask(source)
    psr_area, psr_patches, psr_count = None, [], 0
    if mask is not None:
        lab, psr_count = label_patches(mask)
        labels["psr"] = lab
        psr_area = float(area[mask].sum())
        margin = source.bands.get("shadow_margin_deg")
        values = margin if margin is not None else np.where(mask, 0.0, np.nan)
        psr_patches = describe_patches(source, "psr", lab, psr_count, values, area, sites, top)
    return ScarceGround(lit_area, lit_patches, lit_count, psr_area, psr_patches, psr_count, basis,
                        float(np.nansum(np.where(np.isfinite(next(iter(grid.bands.values()))), area, 0.0))),
                        labels, area)
