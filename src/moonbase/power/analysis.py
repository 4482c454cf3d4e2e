"""Power at a site: array output over the mast-height horizon, then the sizing solver."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


from ..ephemeris import MoonSky
from ..environment.visibility import disk_fraction
from ..terrain.horizon import Horizon
from ..geometry import SurfacePoint, sky_at_site
from .sizing import Load, load_profile, size_power_system
from .solar import array_output_fraction
from .technology import all_caveats


def array_output_series(sky: MoonSky, mast_point: SurfacePoint, horizon: Horizon,
                        array_mode: str = "vertical-tracking", view: dict | None = None,
                        sun_fraction: np.ndarray | None = None):
    """Array output per kW rated [kW/kW] at every epoch of ``sky`` at ``mast_point`` over ``horizon``
    (``view`` and ``sun_fraction`` as in :func:`analyse_power`)."""
    sun = (sky_at_site(sky, mast_point) if view is None else view)["sun"]
    fraction = (disk_fraction(sun.azimuth_deg, sun.elevation_deg, sun.angular_radius_deg, horizon)
                if sun_fraction is None else sun_fraction)
    return array_output_fraction(fraction, sun.elevation_deg, sun.azimuth_deg, sun.range_km, mode=array_mode)


def analyse_power(sky: MoonSky, mast_point: SurfacePoint, horizon: Horizon, loads: Sequence[Load],
                  allow_fission: bool = True, array_mode: str = "vertical-tracking", view: dict | None = None,
                  sun_fraction: np.ndarray | None = None) -> dict:
    """Size the power system for the period of ``sky``; the array stands at ``mast_point`` (its height = the mast).

    ``view`` (``sky_at_site(sky, mast_point)``) and ``sun_fraction`` (the visible solar disk over ``horizon``):
    when already computed (a plan shares them between sections).
    """
    shape = array_output_series(sky, mast_point, horizon, array_mode, view, sun_fraction)
    demand = load_profile(list(loads), shape > 0)
    sized = size_power_system(shape, demand, sky.utc, allow_fission=allow_fission)
    best = sized["best"]
    return {
        **best.as_record(),
        "array_mode": array_mode,
        "mast_height_m": mast_point.height_m,
        "mean_load_kw": float(demand.mean()),
        "array_capacity_factor_pct": 100.0 * float(shape.mean()),
        "options": [o.as_record() for o in sized["options"]],
        "caveats": all_caveats(),
        "series": {"array_output_per_kw": shape, "load_kw": demand, "soc_kwh": best.soc_kwh,
                   "storage_kwh": best.storage_kwh},
    }
