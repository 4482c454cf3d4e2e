"""The whole "seen from Earth" answer for one site, one observer and a set of instruments."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..environment.visibility import HorizonMask, VisibilitySeries
from ..ephemeris import LunarEphemeris, MoonSky
from ..geometry import SurfacePoint
from .assess import DEFAULT_FEATURES, Feature, assess, plain_answer
from .best import best_windows
from .detect import Detection
from .instruments import INSTRUMENTS, Instrument
from .lamp import Lamp
from .observers import Observer
from .photometry import daylight_category
from .view import EarthView, site_illumination, view_from_earth


@dataclass
class SeenFromEarth:
    """The view, the resolution table, the lamp table (rows per observer and instrument), the best windows
    of the chosen instrument and the answer (both for the first observer); ``detections`` are the first
    observer's."""

    view: EarthView
    instrument: Instrument
    lamp: Lamp
    features: tuple[Feature, ...]
    resolution: list[dict]
    lamps: list[dict]
    detections: dict[str, Detection]
    windows: list[dict] = field(default_factory=list)
    answer: str = ""

    def geometry_record(self) -> dict:
        v, light = self.view, self.view.illumination
        faces = v.faces_observer[0]
        state = light.state
        moon_up = v.moon_altitude_deg[0] > 0.0
        daylight = daylight_category(v.sun_altitude_deg[0])
        facing_dark = faces & (state != "sunlit")
        night = v.sun_altitude_deg[0] < -12.0
        return {
            "epochs": int(len(v.utc)),
            "faces_observer_pct": 100.0 * float(faces.mean()),
            "faces_and_moon_up_pct": 100.0 * float((faces & moon_up).mean()),
            "faces_dark_site_night_moon_up_pct": 100.0 * float((facing_dark & night & (v.moon_altitude_deg[0] > 10)).mean()),
            "observer_elevation_at_site_max_deg": float(v.elevation_deg[0].max()),
            "above_skyline_max_deg": float(v.above_skyline_deg[0].max()),
            "site_sunlit_pct": 100.0 * float((state == "sunlit").mean()),
            "site_earthshine_pct": 100.0 * float((state == "earthshine").mean()),
            "site_dark_pct": 100.0 * float((state == "dark").mean()),
            "moon_illuminated_pct_mean": 100.0 * float(light.illuminated_fraction.mean()),
            **{f"faces_moon_up_{period}_pct": 100.0 * float((faces & moon_up & (daylight == period)).mean())
               for period in ("night", "twilight", "day")},
            "along_limb_m_per_arcsec_median": float(np.median(v.along_limb_m_per_arcsec[0])),
            "across_limb_m_per_arcsec_median": float(np.median(v.across_limb_m_per_arcsec[0][faces])) if faces.any() else None,
            "foreshortening_median": (float(np.median(v.across_limb_m_per_arcsec[0][faces] / v.along_limb_m_per_arcsec[0][faces]))
                                      if faces.any() else None),
            "horizon_source": v.horizon_source,
        }

    def record(self) -> dict:
        observer = self.view.observers[0]
        return {
            "answer": self.answer,
            "site": {"name": self.view.site.name, "lat_deg": self.view.site.lat_deg, "lon_deg": self.view.site.lon_deg,
                     "lamp_height_m": self.view.site.height_m},
            "observer": observer.as_record(),
            "observers": [o.as_record() for o in self.view.observers],
            "instrument": self.instrument.as_record(),
            "lamp": {"power_w": self.lamp.power_w, "efficacy_lm_w": self.lamp.efficacy_lm_w, "beam": self.lamp.beam},
            "features": [{"key": f.key, "size_m": f.size_m, "tag": f.tag, "source": f.source} for f in self.features],
            "geometry": self.geometry_record(),
            "resolution": self.resolution,
            "lamps": self.lamps,
            "best_windows": self.windows,
        }


def seen_from_earth(sky: MoonSky, site: SurfacePoint, horizon: HorizonMask, observers: list[Observer],
                    instrument: Instrument, lamp: Lamp, features=DEFAULT_FEATURES,
                    instruments: list[Instrument] | None = None, windows: int = 10,
                    ephemeris: LunarEphemeris | None = None, visibility: VisibilitySeries | None = None) -> SeenFromEarth:
    """The view from every observer, the resolution table (first observer), the lamp table (every observer),
    the best windows and the plain answer (first observer, ``instrument``); ``instruments`` defaults to all."""
    illumination = site_illumination(sky, site, horizon, visibility)
    view = view_from_earth(sky, site, horizon, list(observers), ephemeris, illumination=illumination)
    chosen = list(INSTRUMENTS.values()) if instruments is None else list(instruments)
    if instrument not in chosen:
        chosen.append(instrument)
    resolution, lamps, detections = [], [], {}
    for index, observer in enumerate(observers):
        rows, lamp_rows, found = assess(view, chosen, lamp, features, index)
        resolution = resolution or rows
        lamps += [{"observer": observer.key, **row} for row in lamp_rows]
        if index == 0:
            detections = found
    result = SeenFromEarth(view, instrument, lamp, tuple(features), resolution, lamps, detections)
    if instrument.key in detections:
        result.windows = best_windows(detections[instrument.key], view.utc, windows)
    res_row = next(r for r in resolution if r["instrument"] == instrument.key)
    first = observers[0]
    lamp_row = next((r for r in lamps if r["instrument"] == instrument.key and r["observer"] == first.key), None)
    site_label = site.name or f"{site.lat_deg:.2f}°, {site.lon_deg:.2f}°E"
    if lamp_row is None:  # radar: resolution only
        share = res_row[f"{features[0].key}_fraction"]
        result.answer = (f"Radar, not light: {instrument.resolves} {res_row['along_limb_m']:g} m cells, so a "
                         f"{features[0].size_m:g} m {features[0].label} is {share:.2g} of a cell; it sees no lamp.")
    else:
        result.answer = plain_answer(site_label, first.name, instrument, res_row, lamp_row, lamp, features[0])
    return result
