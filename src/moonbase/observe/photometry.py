"""Brightness of the Moon, of earthshine and of the sky, in V magnitudes and mag/arcsec².

Photometric law ("Hapke-lite"): Lommel–Seeliger limb darkening ``2μ0/(μ0+μ)`` times an empirical
phase function chosen so that the disk-integrated brightness follows Allen's lunar phase curve
exactly; at full Moon the law is flat across the disk (as observed), so the surface brightness
there is the full-Moon magnitude spread over the disk. Earthshine is sunlight reflected by the
Earth (a Lambert sphere of geometric albedo :data:`EARTH_GEOMETRIC_ALBEDO`) and then by the Moon
at opposition (earthshine leaves towards where it came from), checked against the measured
range of Montañés-Rodríguez et al. (2007) in ``tests/observe/test_photometry.py``.

All functions are numpy-vectorised; angles in degrees.
"""

from __future__ import annotations

import numpy as np

from ..constants import EARTH_RADIUS_KM, MOON_RADIUS_KM

#: Full-Moon V magnitude at mean distance, outside the atmosphere. Allen, *Astrophysical Quantities*,
#: 3rd ed. (1973) p. 144, as quoted by W. Segura González (2022), "Magnitude of the Moon at large phase angles" [R2].
FULL_MOON_V = -12.73
#: Allen's phase law ``V(α) = −12.73 + 0.026|α| + 4e-9 α⁴`` (α in degrees), same source [R2]; not valid beyond 150°.
ALLEN_LINEAR, ALLEN_QUARTIC, ALLEN_VALID_DEG = 0.026, 4e-9, 150.0
#: Mean Earth–Moon distance [km] (IAU; the figure of the lunar-distance literature) [R].
MEAN_DISTANCE_KM = 384_400.0
#: V = 0 outside the atmosphere gives 2.54e-6 lux. Allen (1973), as quoted at amper.ped.muni.cz [R2].
LUX_AT_V0 = 2.54e-6
ARCSEC_RAD = np.pi / 180.0 / 3600.0
#: Luminance of a surface of 0 mag/arcsec² [cd/m²], derived from :data:`LUX_AT_V0` over one arcsec² [D].
CD_M2_AT_MU0 = LUX_AT_V0 / ARCSEC_RAD**2
#: The Moon's mean angular radius [arcsec] at the mean distance [D].
MOON_RADIUS_ARCSEC = float(np.degrees(np.arcsin(MOON_RADIUS_KM / MEAN_DISTANCE_KM)) * 3600.0)
#: Full-Moon surface brightness [mag/arcsec²]: −12.73 spread over π·(932″)² [D] (≈ 3.36).
FULL_MOON_SURFACE_BRIGHTNESS = FULL_MOON_V + 2.5 * np.log10(np.pi * MOON_RADIUS_ARCSEC**2)
#: Earth's visual geometric albedo: 0.367, Allen (1973) [M] (recalled; apparent albedos of 0.30 are also quoted).
EARTH_GEOMETRIC_ALBEDO = 0.367
#: Dark-site night sky at the zenith [mag/arcsec²]: 21.5, mid-range of 21–22 for a good site [M].
DARK_SKY_V_ARCSEC2 = 21.5
#: Clear daytime sky near the Moon [mag/arcsec²]: ~3.5 (a blue sky of ~4,000 cd/m²) [M].
DAY_SKY_V_ARCSEC2 = 3.5
#: V extinction at a good site [mag per airmass]: 0.15; 0.12–0.2 typical [M]. Sea-level cities: 0.25 [M].
EXTINCTION_SITE, EXTINCTION_CITY = 0.15, 0.25


def magnitude_to_lux(v_mag):
    """Illuminance [lux] of a source of V magnitude ``v_mag`` (Allen's zero point)."""
    return LUX_AT_V0 * 10.0 ** (-0.4 * np.asarray(v_mag, dtype=float))


def lux_to_magnitude(lux):
    """V magnitude of an illuminance [lux]."""
    return -2.5 * np.log10(np.asarray(lux, dtype=float) / LUX_AT_V0)


def surface_brightness_to_cd_m2(mu):
    """Luminance [cd/m²] of a surface brightness [V mag/arcsec²]."""
    return CD_M2_AT_MU0 * 10.0 ** (-0.4 * np.asarray(mu, dtype=float))


def cd_m2_to_surface_brightness(luminance):
    """Surface brightness [V mag/arcsec²] of a luminance [cd/m²]."""
    return -2.5 * np.log10(np.asarray(luminance, dtype=float) / CD_M2_AT_MU0)


def add_surface_brightness(*mus):
    """Sum of surface brightnesses [mag/arcsec²] (fluxes add); ``inf`` contributes nothing."""
    flux = sum(10.0 ** (-0.4 * np.asarray(m, dtype=float)) for m in mus)
    with np.errstate(divide="ignore"):
        return -2.5 * np.log10(flux)


def allen_phase_offset(phase_deg):
    """Allen's phase law: magnitude of the whole Moon relative to full, at phase angle ``phase_deg``."""
    a = np.minimum(np.abs(np.asarray(phase_deg, dtype=float)), 180.0)
    return ALLEN_LINEAR * a + ALLEN_QUARTIC * a**4


def moon_magnitude(phase_deg, distance_km=MEAN_DISTANCE_KM):
    """V magnitude of the whole Moon at ``phase_deg`` and Earth–Moon distance ``distance_km``, no atmosphere."""
    return FULL_MOON_V + allen_phase_offset(phase_deg) + 5.0 * np.log10(np.asarray(distance_km) / MEAN_DISTANCE_KM)


def lommel_seeliger_disk_phase(phase_deg):
    """Disk-integrated phase function of a Lommel–Seeliger sphere, 1 at opposition."""
    a = np.radians(np.clip(np.abs(np.asarray(phase_deg, dtype=float)), 1e-6, 179.9))
    return 1.0 - np.sin(a / 2.0) * np.tan(a / 2.0) * np.log(1.0 / np.tan(a / 4.0))


def sunlit_surface_brightness(phase_deg, cos_incidence, cos_emission):
    """Surface brightness [V mag/arcsec²] of sunlit regolith, from phase angle and local geometry.

    ``cos_incidence`` (μ0) and ``cos_emission`` (μ) are cosines of the Sun's and the observer's
    zenith angles at the surface; where μ0 ≤ 0 the result is ``inf`` (no sunlight).
    """
    mu0 = np.asarray(cos_incidence, dtype=float)
    mu = np.maximum(np.asarray(cos_emission, dtype=float), 1e-6)
    limb = 2.0 * np.maximum(mu0, 0.0) / (np.maximum(mu0, 0.0) + mu)
    phase = allen_phase_offset(phase_deg) + 2.5 * np.log10(lommel_seeliger_disk_phase(phase_deg))
    with np.errstate(divide="ignore"):
        return np.where(mu0 > 0.0, FULL_MOON_SURFACE_BRIGHTNESS + phase - 2.5 * np.log10(np.maximum(limb, 1e-300)), np.inf)


def lambert_sphere_phase(phase_deg):
    """Disk-integrated phase function of a Lambert sphere, 1 at opposition."""
    a = np.radians(np.clip(np.asarray(phase_deg, dtype=float), 0.0, 180.0))
    return (np.sin(a) + (np.pi - a) * np.cos(a)) / np.pi


def earthshine_surface_brightness(earth_phase_deg, earth_distance_km=MEAN_DISTANCE_KM):
    """Surface brightness [V mag/arcsec²] of the earthlit Moon, from the Earth's phase angle seen from the Moon.

    Earthshine illuminance is sunlight × p·(R⊕/d)²·Φ_Lambert(α⊕); the Moon returns it at opposition, like
    the full Moon, so its surface brightness is the full Moon's dimmed by that ratio (flat across the disk,
    as observed).
    """
    ratio = EARTH_GEOMETRIC_ALBEDO * (EARTH_RADIUS_KM / np.asarray(earth_distance_km)) ** 2 * lambert_sphere_phase(earth_phase_deg)
    with np.errstate(divide="ignore"):
        return FULL_MOON_SURFACE_BRIGHTNESS - 2.5 * np.log10(np.maximum(ratio, 1e-300))


def sky_surface_brightness(sun_altitude_deg):
    """Sky near the Moon [V mag/arcsec²] from the Sun's altitude at the observer [M].

    Day (Sun up) :data:`DAY_SKY_V_ARCSEC2`; night (Sun below −18°) :data:`DARK_SKY_V_ARCSEC2`; linear in
    magnitude through twilight. Scattered moonlight is not included (see the module caveats).
    """
    h = np.asarray(sun_altitude_deg, dtype=float)
    fraction = np.clip(-h / 18.0, 0.0, 1.0)
    return DAY_SKY_V_ARCSEC2 + fraction * (DARK_SKY_V_ARCSEC2 - DAY_SKY_V_ARCSEC2)


def airmass(altitude_deg):
    """Relative air mass at apparent altitude ``altitude_deg`` (Kasten & Young 1989, Appl. Opt. 28, 4735) [R2]."""
    h = np.maximum(np.asarray(altitude_deg, dtype=float), 0.0)
    return 1.0 / (np.sin(np.radians(h)) + 0.50572 * (h + 6.07995) ** -1.6364)


def daylight_category(sun_altitude_deg):
    """``"night"`` (Sun below −18°), ``"twilight"`` (−18° to 0°) or ``"day"``, per epoch."""
    h = np.asarray(sun_altitude_deg, dtype=float)
    return np.where(h < -18.0, "night", np.where(h < 0.0, "twilight", "day"))
