"""Can a lamp at the site be seen? Background, limiting magnitude and margin per instrument and epoch.

The background in one resolution element around the site is the lunar surface there (sunlit
regolith by the photometric law, plus earthshine when the Earth is above the site's skyline) over
the part of the element inside the limb, plus the sky in front of everything and light of the lit
Moon scattered onto the element (:data:`SCATTER_GROUND`, :data:`SCATTER_SPACE`); all of it dimmed by
the air mass at the Moon's altitude. The eye and eyepiece instruments also see veiling glare from
the whole lit Moon (CIE disability glare) at the Moon's angular radius.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import erf

from .instruments import HST_SUN_AVOIDANCE_DEG, Instrument, clutter_limit, detector_limit, visual_limit
from .lamp import Lamp
from .photometry import (EXTINCTION_CITY, EXTINCTION_SITE, FULL_MOON_SURFACE_BRIGHTNESS, MOON_RADIUS_ARCSEC,
                         add_surface_brightness, airmass, allen_phase_offset, earthshine_surface_brightness,
                         lommel_seeliger_disk_phase, magnitude_to_lux, moon_magnitude, sky_surface_brightness,
                         sunlit_surface_brightness, surface_brightness_to_cd_m2)
from .view import ARCSEC_RAD, EarthView

#: Lowest Moon altitude at which a ground observation counts [deg]: 10° (air mass 5.6) [M].
MIN_MOON_ALTITUDE_DEG = 10.0
#: Light of the lit Moon scattered onto the site's resolution element (atmospheric aureole and optics'
#: wings within an arcminute of the lit area), as a fraction of the lit area's mean surface brightness:
#: 1e-3 from the ground, 1e-4 from space [M]. It is what hides a lamp in the dark part next to the crescent.
SCATTER_GROUND, SCATTER_SPACE = 1e-3, 1e-4


@dataclass(frozen=True)
class Detection:
    """One observer and one instrument over the period: ``(T,)`` arrays."""

    instrument: Instrument
    lamp: Lamp
    observable: np.ndarray            # the site faces the observer and the Moon is up (or Hubble may point)
    site_dark: np.ndarray             # no Sun on the site (earthshine or darkness)
    observer_night: np.ndarray        # Sun below −12° at the observer (always True from space)
    background_mu: np.ndarray         # element background above the atmosphere [mag/arcsec²]; NaN where not evaluated
    limiting_mag: np.ndarray          # faintest point detectable, above the atmosphere [V]; NaN where not evaluated
    lamp_mag: np.ndarray              # the lamp, above the atmosphere [V]
    resolution_arcsec: float

    @property
    def margin_mag(self) -> np.ndarray:
        """limiting − lamp magnitude: > 0 means detectable; ``-inf`` where not observable."""
        margin = self.limiting_mag - self.lamp_mag
        return np.where(self.observable & np.isfinite(margin), margin, -np.inf)

    @property
    def detectable(self) -> np.ndarray:
        return self.margin_mag > 0.0


def detect(view: EarthView, instrument: Instrument, lamp: Lamp, observer_index: int = 0,
           best_seeing: bool = False, candidates_only: bool = False) -> Detection:
    """Limiting magnitude and the lamp's magnitude for one observer of ``view`` through ``instrument``.

    The photometry is evaluated only where the site is observable (elsewhere ``limiting_mag`` and
    ``background_mu`` are NaN); with ``candidates_only`` only at the best-chance hours (observable, site
    dark, observer's night), which is all a best-case map needs.
    """
    light = view.illumination
    i = observer_index
    elevation_above = view.elevation_deg[i] - view.skyline_deg[i]
    faces = elevation_above > 0.0
    range_km = view.range_km[i]
    resolution = instrument.resolution_arcsec(best=best_seeing)
    site_dark = light.sun_fraction <= 0.0
    if instrument.space:
        elongation = 180.0 - light.lunar_phase_deg
        observable = faces & (elongation > HST_SUN_AVOIDANCE_DEG)
        night = np.ones_like(faces)
    else:
        moon_alt, sun_alt = view.moon_altitude_deg[i], view.sun_altitude_deg[i]
        observable = faces & (moon_alt > MIN_MOON_ALTITUDE_DEG)
        night = sun_alt < -12.0
    chosen = observable & site_dark & night if candidates_only else observable
    at = np.flatnonzero(chosen)
    limiting = np.full(faces.shape, np.nan)
    background_out = np.full(faces.shape, np.nan)
    if at.size:
        limit, background = _limit_at(view, instrument, light, i, at, elevation_above[at], resolution)
        limiting[at], background_out[at] = limit, background
    return Detection(instrument, lamp, observable, site_dark, night, background_out, limiting,
                     lamp.magnitude(range_km), resolution)


def _limit_at(view: EarthView, instrument: Instrument, light, i: int, at: np.ndarray, elevation_above: np.ndarray,
              resolution: float):
    """Limiting magnitude and background above the atmosphere at epochs ``at`` of observer ``i``."""
    phase = view.phase_angle_deg[i, at]
    lunar_phase = light.lunar_phase_deg[at]
    sun_fraction, earth_fraction = light.sun_fraction[at], light.earth_fraction[at]
    mu_sun = sunlit_surface_brightness(phase, np.sin(np.radians(light.sun_elevation_deg[at])),
                                       np.sin(np.radians(np.maximum(elevation_above, 0.0))))
    with np.errstate(divide="ignore"):
        mu_sun = mu_sun - 2.5 * np.log10(np.maximum(sun_fraction, 1e-300))
        mu_earthshine = (earthshine_surface_brightness(light.earth_phase_deg[at], light.earth_distance_km[at])
                         - 2.5 * np.log10(np.maximum(earth_fraction, 1e-300)))
    mu_surface = add_surface_brightness(mu_sun, mu_earthshine)
    sigma = resolution / 2.3548
    limb_arcsec = view.limb_distance_km[i, at] / view.range_km[i, at] / ARCSEC_RAD
    on_moon = np.clip(0.5 * (1.0 + erf(limb_arcsec / (sigma * np.sqrt(2.0)))), 1e-6, 1.0)
    mu_textured = mu_surface - 2.5 * np.log10(on_moon)
    if instrument.space:
        extinction = np.zeros_like(phase)
        mu_sky = np.full_like(phase, np.inf)
    else:
        moon_alt = view.moon_altitude_deg[i, at]
        k = EXTINCTION_SITE if view.observers[i].kind == "observatory" else EXTINCTION_CITY
        extinction = k * airmass(np.maximum(moon_alt, 0.0))
        mu_sky = sky_surface_brightness(view.sun_altitude_deg[i, at])
    with np.errstate(divide="ignore"):
        mu_lit = (FULL_MOON_SURFACE_BRIGHTNESS + allen_phase_offset(lunar_phase)
                  + 2.5 * np.log10(lommel_seeliger_disk_phase(lunar_phase)))
        mu_scatter = mu_lit - 2.5 * np.log10(SCATTER_SPACE if instrument.space else SCATTER_GROUND)
    background = add_surface_brightness(mu_textured, mu_sky, mu_scatter)  # above the atmosphere (sky treated alike)
    ground_background = background + extinction
    if instrument.kind == "visual":
        moon_lux = magnitude_to_lux(moon_magnitude(lunar_phase, light.earth_distance_km[at]) + extinction)
        noise_limit = visual_limit(instrument, surface_brightness_to_cd_m2(ground_background), moon_lux,
                                   MOON_RADIUS_ARCSEC / 3600.0)
    else:
        noise_limit = detector_limit(instrument, ground_background, resolution)
    limit_ground = np.minimum(noise_limit, clutter_limit(mu_textured + extinction, resolution))
    return limit_ground - extinction, background
