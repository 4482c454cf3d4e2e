"""Solar-array output over a terrain horizon (per unit of rated power)."""

from __future__ import annotations

import numpy as np

from ..errors import InputError

AU_KM = 149_597_870.7  # IAU 2012 Resolution B2 (exact)
ARRAY_MODES = ("vertical-tracking", "vertical-fixed", "two-axis")


def array_output_fraction(sun_fraction, sun_elevation_deg, sun_azimuth_deg, sun_range_km,
                          mode: str = "vertical-tracking", facing_azimuth_deg: float = 0.0) -> np.ndarray:
    """Output per kW rated (at normal incidence, 1 au) for each epoch.

    ``vertical-tracking``: a vertical panel turning about the mast to face the Sun's azimuth (the usual
    polar design, e.g. NASA VSAT): cos(elevation). ``vertical-fixed``: a vertical panel facing
    ``facing_azimuth_deg``: cos(elevation)·max(0, cos(Δazimuth)). ``two-axis``: always normal.
    All are multiplied by the visible fraction of the solar disk and by (1 au / distance)².
    """
    if mode not in ARRAY_MODES:
        raise InputError("array mode", mode, f"one of {', '.join(ARRAY_MODES)}")
    el = np.radians(np.asarray(sun_elevation_deg, float))
    if mode == "two-axis":
        incidence = np.ones_like(el)
    else:
        incidence = np.cos(el)
        if mode == "vertical-fixed":
            incidence = incidence * np.clip(np.cos(np.radians(np.asarray(sun_azimuth_deg) - facing_azimuth_deg)), 0.0, None)
    return np.asarray(sun_fraction, float) * incidence * (AU_KM / np.asarray(sun_range_km, float)) ** 2
