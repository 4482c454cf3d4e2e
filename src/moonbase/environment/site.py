"""One site's environment over a period: visibility series and statistics, and the best cell nearby."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..ephemeris import LunarEphemeris, MoonSky
from ..errors import InputError
from ..geometry import SurfacePoint
from .statistics import by_year, summary, worst_lunar_day
from ..terrain.horizon import Horizon
from .visibility import VisibilitySeries, site_visibility

CRITERIA = ("sun_any_pct", "sun_mean_disk_pct", "earth_any_pct", "sun_and_earth_pct")


@dataclass
class SiteEnvironment:
    point: SurfacePoint
    horizon_source: str
    series: VisibilitySeries
    statistics: dict

    def record(self, with_years: bool = False) -> dict:
        out = {"lat_deg": self.point.lat_deg, "lon_deg": self.point.lon_deg, "height_m": self.point.height_m,
               "horizon_source": self.horizon_source, **self.statistics}
        out["worst_lunar_day"] = worst_lunar_day(self.series)
        if with_years:
            out["by_year"] = by_year(self.series)
        return out


def assess(sky: MoonSky, point: SurfacePoint, horizon: Horizon, source: str = "",
           series: VisibilitySeries | None = None) -> SiteEnvironment:
    """Visibility series and headline statistics at ``point`` for the epochs of ``sky``.

    ``series``: the visibility series when already computed (a plan shares it between sections).
    """
    series = site_visibility(sky, point, horizon) if series is None else series
    return SiteEnvironment(point, source or horizon.source, series, summary(series))


def cells_within(stack, point: SurfacePoint, search_radius_km: float) -> list[SurfacePoint]:
    """Centres of the finest DEM's cells within ``search_radius_km`` of ``point`` (great-circle distance)."""
    if not 0.0 < search_radius_km <= 50.0:
        raise InputError("search_radius_km", search_radius_km, "a radius between 0 and 50 km")
    dem = stack.dems[0]
    x0, y0 = dem.projection.forward(point.lat_deg, point.lon_deg)
    gx0, gy0, dx, dy = dem.geotransform
    col = (float(x0) - gx0) / dx - 0.5
    row = (float(y0) - gy0) / dy - 0.5
    reach = int(np.ceil(search_radius_km * 1000.0 / dem.pixel_size_m)) + 1
    rows, cols = np.mgrid[int(row) - reach:int(row) + reach + 2, int(col) - reach:int(col) + reach + 2]
    inside = (rows >= 0) & (cols >= 0) & (rows < dem.shape[0]) & (cols < dem.shape[1])
    rows, cols = rows[inside], cols[inside]
    lat, lon = dem.pixel_latlon(rows, cols)
    from ..constants import MOON_RADIUS_KM

    phi1, phi2 = np.radians(point.lat_deg), np.radians(lat)
    dlon = np.radians(lon - point.lon_deg)
    central = np.arccos(np.clip(np.sin(phi1) * np.sin(phi2) + np.cos(phi1) * np.cos(phi2) * np.cos(dlon), -1, 1))
    keep = central * MOON_RADIUS_KM <= search_radius_km
    valid = np.isfinite(dem.heights_m[rows[keep], cols[keep]])
    return [SurfacePoint(float(a), float(b), point.height_m) for a, b in zip(lat[keep][valid], lon[keep][valid])]


def search_best(sky: MoonSky, candidates: list[SurfacePoint], horizon_of: Callable[[SurfacePoint], Horizon],
                criterion: str = "sun_any_pct", progress=None) -> dict:
    """Evaluate every candidate point; the best by ``criterion`` and the spread of all."""
    if criterion not in CRITERIA:
        raise InputError("criterion", criterion, f"one of {', '.join(CRITERIA)}")
    if not candidates:
        raise InputError("search_radius_km", 0, "a radius that contains at least one DEM cell")
    results = []
    for point in candidates:
        results.append(assess(sky, point, horizon_of(point)))
        if progress is not None:
            progress()
    values = np.array([r.statistics[criterion] for r in results])
    best = results[int(np.argmax(values))]
    return {
        "best": best,
        "cells": len(results),
        "criterion": criterion,
        "spread": {"min": float(values.min()), "max": float(values.max()), "mean": float(values.mean()),
                   "std": float(values.std())},
        "all": results,
    }


def moon_sky_for(utc, correction: str = "apparent") -> MoonSky:
    return LunarEphemeris.default().moon_sky(utc, correction=correction)
