"""A lunar site seen from observers on Earth: one vectorised pass over the period, on the shared ephemeris.

For each observer and epoch: the observer's elevation in the site's sky (libration and the
observer's own parallax included) against the terrain horizon in that azimuth, the Moon's and the
Sun's altitude at the observer, the site's distance inside the limb, the phase angle at the site
and the foreshortening. Per epoch: the site's illumination (Sun disk above the terrain, earthshine
when the Earth is above it) and the lunar phase.

The per-epoch vectors come from :class:`~moonbase.ephemeris.MoonSky` (apparent, MOON_ME): the
direction to an observer on Earth is the apparent Earth centre plus the observer's ITRS position
rotated into MOON_ME. Reusing the Moon→Earth apparent vector for Earth→Moon sight lines differs
from a topocentric apparent computation by < 1″ (the Earth–Moon relative velocity of ~1 km/s).
Checked against skyfield's topocentric pipeline in ``tests/observe/test_geometry.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..constants import MOON_RADIUS_KM
from ..environment.visibility import HorizonMask, VisibilitySeries, site_visibility
from ..ephemeris import LunarEphemeris, MoonSky
from ..geometry import SurfacePoint
from ..kernels.earth_observer import observe_site
from ..kernels.topocentric import enu_basis
from .earth_rotation import itrs_to_moon_frame
from .observers import Observer, itrs_positions_km

ARCSEC_RAD = np.pi / 180.0 / 3600.0


@dataclass(frozen=True)
class SiteIllumination:
    """Per-epoch light at the site: Sun and Earth visible-disk fractions over the terrain, lunar phase."""

    sun_fraction: np.ndarray          # (T,) 0..1 of the Sun's disk above the skyline
    earth_fraction: np.ndarray        # (T,) 0..1 of the Earth's disk above the skyline (earthshine)
    sun_elevation_deg: np.ndarray     # (T,) above the sphere's local horizontal
    lunar_phase_deg: np.ndarray       # (T,) phase angle Sun–Moon–Earth (0 = full Moon)
    earth_phase_deg: np.ndarray       # (T,) phase angle Sun–Earth–Moon (0 = full Earth seen from the Moon)
    earth_distance_km: np.ndarray     # (T,) Moon centre to Earth centre

    @property
    def illuminated_fraction(self) -> np.ndarray:
        """Fraction of the Moon's disk that is lit, seen from the Earth's centre."""
        return 0.5 * (1.0 + np.cos(np.radians(self.lunar_phase_deg)))

    @property
    def state(self) -> np.ndarray:
        """``sunlit``, ``earthshine`` (in shadow, the Earth above the skyline) or ``dark``, per epoch."""
        return np.where(self.sun_fraction > 0.0, "sunlit", np.where(self.earth_fraction > 0.0, "earthshine", "dark"))


@dataclass(frozen=True)
class EarthView:
    """A site seen from observers: ``(O, T)`` arrays, observers by rows, epochs by columns."""

    utc: np.ndarray
    site: SurfacePoint
    observers: tuple[Observer, ...]
    elevation_deg: np.ndarray         # observer seen from the site, above the sphere horizon
    azimuth_deg: np.ndarray
    skyline_deg: np.ndarray           # terrain horizon at that azimuth
    range_km: np.ndarray
    moon_altitude_deg: np.ndarray     # at the observer (Moon's centre, no refraction)
    sun_altitude_deg: np.ndarray
    limb_distance_km: np.ndarray      # the site's projected distance inside the limb (negative: behind)
    phase_angle_deg: np.ndarray       # Sun–site–observer
    illumination: SiteIllumination
    horizon_source: str = ""

    @property
    def above_skyline_deg(self) -> np.ndarray:
        return self.elevation_deg - self.skyline_deg

    @property
    def faces_observer(self) -> np.ndarray:
        """True where the observer is above the site's terrain horizon (the site can be seen at all)."""
        return self.above_skyline_deg > 0.0

    @property
    def along_limb_m_per_arcsec(self) -> np.ndarray:
        """Ground metres per arcsecond along the limb (no foreshortening)."""
        return self.range_km * 1000.0 * ARCSEC_RAD

    @property
    def across_limb_m_per_arcsec(self) -> np.ndarray:
        """Ground metres per arcsecond across the limb; ``inf`` when not facing.

        The ground toward the observer is taken as tilted up to the skyline, so the sight line grazes it
        at the elevation above the skyline: along-limb / sin(above_skyline). (Over a flat sphere this is
        the elevation itself; on a ridge whose skyline dips below 0° the slope toward Earth is seen better.)
        """
        sine = np.sin(np.radians(self.above_skyline_deg))
        with np.errstate(divide="ignore"):
            return np.where(sine > 0.0, self.along_limb_m_per_arcsec / np.maximum(sine, 1e-12), np.inf)


def site_illumination(sky: MoonSky, site: SurfacePoint, horizon: HorizonMask,
                      visibility: VisibilitySeries | None = None) -> SiteIllumination:
    """Sun and Earth over the site's terrain horizon, and the lunar phase, at every epoch of ``sky``.

    ``visibility`` (the plan's ``visibility@{h}m`` product for the same epochs) saves recomputing the disks.
    """
    seen = site_visibility(sky, site, horizon) if visibility is None else visibility
    s, e = sky.sun_km, sky.earth_km
    s_norm, e_norm = np.linalg.norm(s, axis=0), np.linalg.norm(e, axis=0)
    lunar_phase = np.degrees(np.arccos(np.clip(np.sum(s * e, axis=0) / (s_norm * e_norm), -1.0, 1.0)))
    sun_from_earth = s - e
    earth_phase = np.degrees(np.arccos(np.clip(np.sum(sun_from_earth * -e, axis=0)
                                               / (np.linalg.norm(sun_from_earth, axis=0) * e_norm), -1.0, 1.0)))
    return SiteIllumination(np.asarray(seen.sun_fraction), np.asarray(seen.earth_fraction),
                            np.asarray(seen.sun_elevation_deg), lunar_phase, earth_phase, e_norm)


def earth_orientation(sky: MoonSky, ephemeris: LunarEphemeris | None = None) -> np.ndarray:
    """ITRS → lunar-frame matrices ``(3, 3, T)`` for the epochs of ``sky`` (shared by every observer)."""
    return itrs_to_moon_frame(sky.utc, ephemeris or LunarEphemeris.default(), sky.frame, sky.tdb_s)


def view_from_earth(sky: MoonSky, site: SurfacePoint, horizon: HorizonMask, observers: list[Observer],
                    ephemeris: LunarEphemeris | None = None, orientation: np.ndarray | None = None,
                    illumination: SiteIllumination | None = None, dtype=np.float64) -> EarthView:
    """The site seen by each observer at every epoch of ``sky``; ``orientation`` and ``illumination``
    can be passed in to share them across calls (e.g. observers in chunks)."""
    q = earth_orientation(sky, ephemeris) if orientation is None else orientation
    light = site_illumination(sky, site, horizon) if illumination is None else illumination
    obs_xyz, obs_up = itrs_positions_km(list(observers))
    lat, lon = np.radians(site.lat_deg), np.radians(site.lon_deg)
    east, north, up = (np.ascontiguousarray(np.asarray(v, dtype=float).reshape(3)) for v in enu_basis(lat, lon))
    shape = (len(observers), len(sky))
    outputs = [np.empty(shape, dtype=dtype) for _ in range(7)]
    observe_site(np.ascontiguousarray(q), np.ascontiguousarray(sky.earth_km), np.ascontiguousarray(sky.sun_km),
                 site.position_km(), east, north, up, MOON_RADIUS_KM + site.height_m / 1000.0,
                 np.ascontiguousarray(obs_xyz), np.ascontiguousarray(obs_up), *outputs)
    elevation, azimuth, range_km, moon_alt, sun_alt, limb_km, phase = outputs
    skyline = horizon.at(azimuth).astype(dtype, copy=False)
    return EarthView(sky.utc, site, tuple(observers), elevation, azimuth, skyline, range_km, moon_alt, sun_alt,
                     limb_km, phase, light, horizon.source)
