"""Time series of the Sun's and the Earth's visible disk above a site's terrain horizon.

The visible disk fraction follows Mazarico et al. (2011, Icarus 211, 1066-1081,
doi:10.1016/j.icarus.2010.10.030) and Gläser et al. (2014, Icarus 243, 78-90,
doi:10.1016/j.icarus.2014.08.013); the kernel (:mod:`moonbase.kernels.visibility`) says how it is computed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..ephemeris import MoonSky
from ..geometry import SurfacePoint, sky_at_site
from ..kernels.visibility import visible_disk_fraction
from ..terrain.horizon import Horizon

#: Strips across the disk: with 0.5° horizon sampling and the Sun's 0.53° diameter, 16 strips put
#: ~30 samples of horizon slope across the Earth's ~2° disk; brute-force agreement is < 0.1 % of the disk.
DISK_STRIPS = 16


#: The horizon the visibility models take: the same class as :class:`moonbase.terrain.horizon.Horizon`
#: (one concept, one class); the name is kept so that existing code and notebooks still work.
HorizonMask = Horizon


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


def disk_fraction(azimuth_deg, elevation_deg, radius_deg, horizon: Horizon, strips: int = DISK_STRIPS) -> np.ndarray:
    """Visible fraction (0..1) of a disk centred at (azimuth, elevation) with angular radius above ``horizon``."""
    az = np.radians(np.ascontiguousarray(azimuth_deg, dtype=float))
    el = np.radians(np.ascontiguousarray(elevation_deg, dtype=float))
    radius = np.radians(np.broadcast_to(np.asarray(radius_deg, dtype=float), az.shape).copy())
    return visible_disk_fraction(az, el, radius, np.radians(horizon.elevation_deg), strips)


def site_visibility(sky: MoonSky, point: SurfacePoint, horizon: Horizon, view: dict | None = None) -> VisibilitySeries:
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
