"""A lamp on the Moon (or a laser on Earth): its apparent V magnitude at a distance, and the power needed.

One rule serves both directions: luminous flux Φ [lm] spread over a solid angle Ω [sr] gives an
intensity Φ/Ω [cd] and, at range d, an illuminance Φ/(Ω d²) [lux], converted to V with Allen's zero
point (V = 0 ↔ 2.54e-6 lux). The conversion treats the light as Sun-coloured: a white LED is within
~0.1 mag of that in V [M].

Beams: ``hemispherical`` (uniform into 2π sr), ``earth`` (a cone that just covers the Earth's disk,
Ω = π(R⊕/d)²: a gain of ~7,300 over a hemisphere at the mean distance) or an explicit footprint.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..constants import EARTH_RADIUS_KM
from ..errors import InputError
from .photometry import MEAN_DISTANCE_KM, lux_to_magnitude

#: White-LED luminous efficacy [lm/W]: 100, a conservative figure for space-qualified fixtures [M].
LED_EFFICACY_LM_W = 100.0
#: Luminous efficacy of 514.5 nm argon-ion light: 683 lm/W × V(514.5 nm) = 683 × 0.608 (CIE 1924 photopic
#: luminosity function) [R2].
ARGON_514_EFFICACY_LM_W = 683.0 * 0.608
BEAMS = ("hemispherical", "earth")


@dataclass(frozen=True)
class Lamp:
    """Electrical power [W], efficacy [lm/W] and beam (``hemispherical`` or ``earth``)."""

    power_w: float
    efficacy_lm_w: float = LED_EFFICACY_LM_W
    beam: str = "hemispherical"

    def __post_init__(self):
        if not 0.0 < self.power_w <= 1e12:
            raise InputError("lamp power", self.power_w, "a power in watts between 0 and 1e12 (--lamp-kw 10 is 10 kW)")
        if not 0.0 < self.efficacy_lm_w <= 683.0:
            raise InputError("lamp efficacy", self.efficacy_lm_w, "an efficacy in lm/W between 0 and 683")
        if self.beam not in BEAMS:
            raise InputError("lamp beam", self.beam, f"one of {', '.join(BEAMS)}")

    @property
    def luminous_flux_lm(self) -> float:
        return self.power_w * self.efficacy_lm_w

    def solid_angle_sr(self, range_km=MEAN_DISTANCE_KM):
        if self.beam == "hemispherical":
            return np.full(np.shape(range_km), 2.0 * np.pi)
        return earth_beam_solid_angle_sr(range_km)

    def magnitude(self, range_km=MEAN_DISTANCE_KM):
        """Apparent V magnitude above the atmosphere at ``range_km``."""
        return beam_magnitude(self.luminous_flux_lm, self.solid_angle_sr(range_km), range_km)


def earth_beam_solid_angle_sr(range_km=MEAN_DISTANCE_KM):
    """Solid angle [sr] of the Earth's disk seen from ``range_km``."""
    half = np.arcsin(EARTH_RADIUS_KM / np.asarray(range_km, dtype=float))
    return 2.0 * np.pi * (1.0 - np.cos(half))


def footprint_solid_angle_sr(diameter_km, range_km):
    """Solid angle [sr] of a beam whose footprint is ``diameter_km`` wide at ``range_km``."""
    half = np.arctan(0.5 * np.asarray(diameter_km, dtype=float) / np.asarray(range_km, dtype=float))
    return 2.0 * np.pi * (1.0 - np.cos(half))


def beam_magnitude(luminous_flux_lm, solid_angle_sr, range_km):
    """V magnitude of ``luminous_flux_lm`` spread over ``solid_angle_sr`` seen from ``range_km``."""
    distance_m = np.asarray(range_km, dtype=float) * 1000.0
    return lux_to_magnitude(np.asarray(luminous_flux_lm) / np.asarray(solid_angle_sr) / distance_m**2)


def power_needed_w(lamp: Lamp, lamp_magnitude, limiting_magnitude):
    """Electrical power [W] at which the lamp reaches ``limiting_magnitude`` (magnitudes scale as −2.5 log P)."""
    return lamp.power_w * 10.0 ** (0.4 * (np.asarray(lamp_magnitude) - np.asarray(limiting_magnitude)))
