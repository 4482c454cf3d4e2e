"""Two-body and patched-conic relations used as quick answers and as validation references.

All speeds in km/s, radii in km; GM values are DE421's (Folkner et al. 2008) via
``moonbase.orbits.elements``.
"""

from __future__ import annotations

import numpy as np

from ..constants import EARTH_RADIUS_KM, MOON_RADIUS_KM
from ..orbits.elements import GM_EARTH, GM_MOON

#: Standard gravity for the rocket equation [m/s²] (CGPM 1901, exact).
G0_M_S2 = 9.80665


def circular_speed(gm: float, radius_km):
    """Circular-orbit speed [km/s]."""
    return np.sqrt(gm / np.asarray(radius_km, float))


def vis_viva(gm: float, radius_km, semi_major_km):
    """Speed [km/s] at ``radius_km`` on an orbit of semi-major axis ``semi_major_km`` (negative: hyperbola)."""
    return np.sqrt(gm * (2.0 / np.asarray(radius_km, float) - 1.0 / np.asarray(semi_major_km, float)))


def tli_from_circular(parking_altitude_km, apogee_radius_km, gm: float = GM_EARTH):
    """Tangential TLI Δv [km/s] from a circular parking orbit to an ellipse of the given apogee radius (vis-viva)."""
    r_p = EARTH_RADIUS_KM + np.asarray(parking_altitude_km, float)
    return vis_viva(gm, r_p, 0.5 * (r_p + apogee_radius_km)) - circular_speed(gm, r_p)


def hyperbolic_periapsis_speed(v_inf_km_s, periapsis_radius_km, gm: float = GM_MOON):
    """Speed at periapsis of a hyperbola of excess speed ``v_inf`` [km/s]."""
    return np.sqrt(np.asarray(v_inf_km_s, float) ** 2 + 2.0 * gm / np.asarray(periapsis_radius_km, float))


def loi_circular(v_inf_km_s, altitude_km, gm: float = GM_MOON, radius_km: float = MOON_RADIUS_KM):
    """Patched-conic LOI Δv [km/s]: a tangential burn at perilune from the arrival hyperbola into a circular orbit."""
    r = radius_km + np.asarray(altitude_km, float)
    return hyperbolic_periapsis_speed(v_inf_km_s, r, gm) - circular_speed(gm, r)


def plane_change(speed_km_s, angle_deg):
    """Δv [km/s] to turn a velocity of ``speed`` by ``angle_deg`` at constant magnitude: 2 v sin(Δi/2)."""
    return 2.0 * np.asarray(speed_km_s, float) * np.sin(np.radians(np.asarray(angle_deg, float)) / 2.0)


def propellant_fraction(delta_v_km_s, isp_s):
    """Rocket equation: propellant mass over initial mass, 1 − exp(−Δv / (g0 Isp))."""
    return 1.0 - np.exp(-np.asarray(delta_v_km_s, float) * 1000.0 / (G0_M_S2 * np.asarray(isp_s, float)))
