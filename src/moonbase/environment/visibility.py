"""Time series of the Sun's and the Earth's visible disk above a site's terrain horizon."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..ephemeris import MoonSky
from ..errors import InputError
from ..geometry import SurfacePoint, sky_at_site
from ..kernels.visibility import visible_disk_fraction

#: Strips across the disk: with 0.5° horizon sampling and the Sun's 0.53° diameter, 16 strips put
#: ~30 samples of horizon slope across the Earth's ~2° disk; brute-force agreement is < 0.1 % of the disk.
DISK_STRIPS = 16


@dataclass(frozen=True)
class HorizonMask:
    """Terrain elevation angle seen from a site, on a uniform azimuth grid from 0° (local north, through east)."""

    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    source: str = ""

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
    def flat(cls, elevation_deg: float = 0.0, count: int = 720) -> "HorizonMask":
        """A constant horizon (the sphere's own horizon for 0°)."""
        return cls(np.arange(count) * 360.0 / count, np.full(count, float(elevation_deg)), "flat")

    def at(self, azimuth_deg) -> np.ndarray:
        """Horizon elevation [deg] at any azimuths (linear, periodic)."""
        az = np.mod(np.asarray(azimuth_deg, dtype=float), 360.0)
        return np.interp(az, np.append(self.azimuth_deg, 360.0), np.append(self.elevation_deg, self.elevation_deg[0]))


@dataclass(frozen=True)
class VisibilitySeries:
    """Per-epoch visibility at one site."""

    utc: np.ndarray
    sun_fraction: np.ndarray
    earth_fraction: np.ndarray
    sun_elevation_deg: np.ndarray
    earth_elevation_deg: np.ndarray
    sun_above_skyline_deg: np.ndarray
    earth_above_skyline_deg: np.ndarray
    sun_azimuth_deg: np.ndarray
    earth_azimuth_deg: np.ndarray


def disk_fraction(azimuth_deg, elevation_deg, radius_deg, horizon: HorizonMask, strips: int = DISK_STRIPS) -> np.ndarray:
    """Visible fraction (0..1) of a disk centred at (azimuth, elevation) with angular radius above ``horizon``."""
    az = np.radians(np.ascontiguousarray(azimuth_deg, dtype=float))
    el = np.radians(np.ascontiguousarray(elevation_deg, dtype=float))
    radius = np.radians(np.broadcast_to(np.asarray(radius_deg, dtype=float), az.shape).copy())
    return visible_disk_fraction(az, el, radius, np.radians(horizon.elevation_deg), strips)


def site_visibility(sky: MoonSky, point: SurfacePoint, horizon: HorizonMask, view: dict | None = None) -> VisibilitySeries:
    """Visible Sun and Earth disk fractions and elevations above the skyline at every epoch of ``sky``.

    ``view``: the tracks ``sky_at_site(sky, point)`` when already computed (a plan shares them).
    """
    view = sky_at_site(sky, point) if view is None else view
    sun, earth = view["sun"], view["earth"]
    return VisibilitySeries(
        utc=sky.utc,
        sun_fraction=disk_fraction(sun.azimuth_deg, sun.elevation_deg, sun.angular_radius_deg, horizon),
        earth_fraction=disk_fraction(earth.azimuth_deg, earth.elevation_deg, earth.angular_radius_deg, horizon),
        sun_elevation_deg=sun.elevation_deg,
        earth_elevation_deg=earth.elevation_deg,
        sun_above_skyline_deg=sun.elevation_deg - horizon.at(sun.azimuth_deg),
        earth_above_skyline_deg=earth.elevation_deg - horizon.at(earth.azimuth_deg),
        sun_azimuth_deg=sun.azimuth_deg,
        earth_azimuth_deg=earth.azimuth_deg,
    )
