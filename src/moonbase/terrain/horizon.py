"""Exact horizon masks of single sites over stacked DEMs.

>>> # from moonbase.terrain import TerrainStack, site_horizon
>>> # horizon = site_horizon(TerrainStack.from_paths(["pole_240m.tif", "cap_1787m.tif"]), point)
>>> # horizon.azimuth_deg, horizon.elevation_deg   # 720 azimuths, local north through east
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError
from ..geometry import SurfacePoint
from ..kernels.horizon import march_horizon
from .projection import MOON_RADIUS_M
from .stack import TerrainStack

#: Default azimuth count: 0.5° steps, finer than the Sun's 0.53° disk, so the disk spans at least one
#: horizon sample [D].
DEFAULT_AZIMUTHS = 720
#: Default reach [km]: terrain Δh above the observer rises above the horizontal only within d = sqrt(2 R Δh)
#: on the sphere [D]; for the Moon's whole ~20 km relief (LOLA: Smith et al. 2010, GRL 37, L18204,
#: doi:10.1029/2010GL043751 [M], recalled) d = 264 km, so 300 km misses no terrain that could matter.
DEFAULT_MAX_DISTANCE_KM = 300.0
#: Step growth with distance (step = 0.25 % of the distance, capped at one DEM pixel): at 100 km a step
#: subtends 0.0025 rad of range, so a missed crest costs < slope x 0.14° in the worst case and far less in practice.
DEFAULT_GROWTH = 0.0025
#: Near-field step as a fraction of the finest pixel: steps stay this fine until the growth takes over
#: (6 km at 240 m). Bilinear terrain twists within a cell, so a crest a pixel or two away can hide between
#: coarser samples. Measured on 60 random pixels of the 240 m tile x 720 azimuths against 5 m steps: 1/4
#: pixel (60 m) left RMS 0.010°, worst 0.18°; 1/16 (15 m) leaves RMS 0.002°, worst 0.05°, for ~40 % more time.
FINE_STEP_FRACTION = 1.0 / 16.0


@dataclass(frozen=True)
class Horizon:
    """A terrain horizon seen from one point (the one horizon type of Moonbase).

    ``azimuth_deg``: uniform grid from 0° (local north, toward the lunar north pole along the
    site's meridian) through east [deg]. ``elevation_deg``: terrain elevation angle above the local
    horizontal of the sphere [deg]. ``source``: where the horizon comes from (DEMs, the built-in
    table and its provenance, or "flat"). ``point``: the observer (None for a synthetic horizon).
    ``ground_height_m``: terrain height under the observer [m]. ``distance_km``: distance to the
    terrain that sets each azimuth's horizon [km]. ``reach_km``: the distance up to which terrain is
    accounted for [km]: where the data ended, or the full reach when the rest provably cannot rise
    above the horizon (None for a table horizon).

    >>> flat = Horizon.flat(0.5, count=8)
    >>> float(flat.at(22.5)), flat.azimuth_deg.size
    (0.5, 8)
    """

    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    source: str = ""
    point: SurfacePoint | None = None
    ground_height_m: float = float("nan")
    distance_km: np.ndarray | None = None
    reach_km: np.ndarray | None = None
    provenance: dict = field(default_factory=dict)

    def __post_init__(self):
        az = np.asarray(self.azimuth_deg, dtype=float)
        el = np.asarray(self.elevation_deg, dtype=float)
        if az.ndim != 1 or az.shape != el.shape or az.size < 8:
            raise InputError("horizon", f"{az.size} azimuths", "matching 1-D azimuth and elevation arrays of ≥ 8 samples")
        step = 360.0 / az.size
        if not np.allclose(az, np.arange(az.size) * step, atol=1e-6):
            raise InputError("horizon azimuths", f"{az[:3]}...", f"a uniform grid 0, {step:g}, ... degrees")
        if not np.all(np.isfinite(el)):
            raise InputError("horizon elevations", "NaN", "finite elevation angles in degrees")
        object.__setattr__(self, "azimuth_deg", az)
        object.__setattr__(self, "elevation_deg", el)

    @classmethod
    def flat(cls, elevation_deg: float = 0.0, count: int = DEFAULT_AZIMUTHS) -> "Horizon":
        """A constant horizon at ``elevation_deg`` [deg] (the sphere's own horizon for 0°)."""
        return cls(np.arange(count) * 360.0 / count, np.full(count, float(elevation_deg)), "flat")

    def at(self, azimuth_deg) -> np.ndarray:
        """Horizon elevation [deg] at any azimuths [deg] (linear, periodic)."""
        az = np.mod(np.asarray(azimuth_deg, dtype=float), 360.0)
        return np.interp(az, np.append(self.azimuth_deg, 360.0), np.append(self.elevation_deg, self.elevation_deg[0]))

    def to_mask(self) -> "Horizon":
        """This horizon (kept for callers written when the visibility models had a separate mask type)."""
        return self

    def as_record(self) -> dict:
        record = {
            "source": self.source,
            "lat_deg": None if self.point is None else self.point.lat_deg,
            "lon_deg": None if self.point is None else self.point.lon_deg,
            "observer_height_m": None if self.point is None else self.point.height_m,
            "ground_height_m": self.ground_height_m,
            "azimuth_deg": self.azimuth_deg,
            "elevation_deg": self.elevation_deg,
        }
        if self.distance_km is not None:
            record["distance_km"] = self.distance_km
        if self.reach_km is not None:
            record["min_reach_km"] = float(np.min(self.reach_km))
        return record


def azimuth_grid(n_azimuths: int) -> np.ndarray:
    """``n`` uniform azimuths from 0° [deg]."""
    if not 8 <= n_azimuths <= 36_000:
        raise InputError("n_azimuths", n_azimuths, "between 8 and 36,000")
    return np.arange(n_azimuths) * (360.0 / n_azimuths)


def site_horizon(stack: TerrainStack, point: SurfacePoint, n_azimuths: int = DEFAULT_AZIMUTHS,
                 max_distance_km: float = DEFAULT_MAX_DISTANCE_KM, growth: float = DEFAULT_GROWTH,
                 fine_step_m: float | None = None) -> Horizon:
    """The exact horizon of ``point`` (observer ``point.height_m`` above the ground) over ``stack``.

    Raises :class:`~moonbase.terrain.stack.OutsideTerrainError` if the point is outside every DEM.
    """
    azimuths = azimuth_grid(n_azimuths)
    ground, elevation, distance, reach, fine = _march(stack, point, azimuths, max_distance_km, growth, fine_step_m)
    return Horizon(azimuths, elevation, source=f"exact ray march over {stack.describe()}", point=point,
                   ground_height_m=ground, distance_km=distance / 1000.0, reach_km=reach / 1000.0,
                   provenance={"method": "exact", "dems": stack.provenance(), "n_azimuths": n_azimuths,
                               "max_distance_km": max_distance_km, "growth": growth, "fine_step_m": fine})


def horizon_elevations(stack: TerrainStack, point: SurfacePoint, azimuths_deg, max_distance_km: float = DEFAULT_MAX_DISTANCE_KM,
                       growth: float = DEFAULT_GROWTH, fine_step_m: float | None = None) -> np.ndarray:
    """Exact horizon elevations [deg] of ``point`` at any azimuths [deg, local north through east]."""
    azimuths = np.mod(np.asarray(azimuths_deg, dtype=float).ravel(), 360.0)
    return _march(stack, point, azimuths, max_distance_km, growth, fine_step_m)[1]


def _march(stack, point, azimuths_deg, max_distance_km, growth, fine_step_m):
    """Ray-march ``azimuths_deg``: ground height [m], elevation [deg], distance and reach [m], fine step [m]."""
    if not 0.1 <= max_distance_km <= 3000.0:
        raise InputError("max_distance_km", max_distance_km, "between 0.1 and 3,000 km")
    ground = float(stack.sample(point.lat_deg, point.lon_deg))
    grids, gts, projs = stack.kernel_inputs()
    pixel = np.array([dem.pixel_size_m for dem in stack.dems])
    max_height = max(float(np.nanmax(dem.heights_m)) for dem in stack.dems)
    fine = FINE_STEP_FRACTION * stack.finest_pixel_m if fine_step_m is None else fine_step_m
    n = azimuths_deg.size
    elevation, distance, reach = np.empty(n), np.empty(n), np.empty(n)
    march_horizon(grids, gts, projs, pixel, max_height, np.radians(point.lat_deg), np.radians(point.lon_deg),
                  MOON_RADIUS_M + ground + point.height_m, MOON_RADIUS_M, np.radians(azimuths_deg), fine, growth,
                  max_distance_km * 1000.0, elevation, distance, reach)
    # No sample at all (the very first step left the data): the sphere's own dip is the only horizon known.
    sphere_dip_deg = -np.degrees(np.arccos(min(1.0, MOON_RADIUS_M / (MOON_RADIUS_M + ground + point.height_m))))
    elevation = np.where(np.isnan(elevation), sphere_dip_deg, np.degrees(elevation))
    return ground, elevation, distance, reach, fine
