"""What each instrument resolves of the station, what lamp power each needs, and the plain answer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .detect import Detection, detect
from .instruments import Instrument
from .lamp import Lamp, power_needed_w
from .view import EarthView


@dataclass(frozen=True)
class Feature:
    """Something at the station to be resolved: its largest horizontal size [m] and the size's source."""

    key: str
    label: str
    size_m: float
    tag: str = "[M]"
    source: str = ""


#: Default features. Flag 1.2 m: the Apollo flags [R2]; lander 4 m: an Apollo LM descent-stage deck
#: (~9 m with legs) [M]; habitat 10 m [M]; footprint 100 m: a base of tens of metres to ~100 m [M].
DEFAULT_FEATURES = (
    Feature("flag", "flag", 1.2, "[R2]", "Apollo flags, ~1.2 m (LROC image releases)"),
    Feature("lander", "lander", 4.0, "[M]", "Apollo LM descent-stage deck ~4 m"),
    Feature("habitat", "habitat", 10.0, "[M]", "a habitat module ~10 m"),
    Feature("footprint", "station footprint", 100.0, "[M]", "a base of tens of metres to ~100 m"),
)


def _median(values: np.ndarray) -> float:
    values = values[np.isfinite(values)]
    return float(np.median(values)) if values.size else float("nan")


def resolution_row(view: EarthView, instrument: Instrument, features=DEFAULT_FEATURES, observer_index: int = 0) -> dict:
    """Smallest feature resolved at the site [m] along and across the limb, and each feature's share of it."""
    faces = view.faces_observer[observer_index]
    along = view.along_limb_m_per_arcsec[observer_index]
    across = view.across_limb_m_per_arcsec[observer_index]
    if instrument.published_resolution_m is not None:   # radar: range-Doppler cells, not an angle
        typical_along = best_along = typical_across = instrument.published_resolution_m
        resolution = best = float("nan")
    else:
        resolution, best = instrument.resolution_arcsec(), instrument.resolution_arcsec(best=True)
        scale = along[faces] if faces.any() else along
        typical_along = resolution * _median(scale)
        best_along = best * float(np.min(scale))
        typical_across = resolution * _median(across[faces]) if faces.any() else float("inf")
    row = {"instrument": instrument.key, "label": instrument.label, "resolution_arcsec": resolution,
           "best_resolution_arcsec": best, "along_limb_m": typical_along, "best_along_limb_m": best_along,
           "across_limb_m": typical_across, "tag": instrument.tag, "source": instrument.source}
    for feature in features:
        row[f"{feature.key}_fraction"] = feature.size_m / typical_along
    return row


def lamp_row(detection: Detection, utc: np.ndarray) -> dict:
    """Limiting magnitudes at the best and typical moments, and the lamp power needed at each."""
    usable = detection.observable
    if not usable.any():
        nan = float("nan")
        return {"instrument": detection.instrument.key, "label": detection.instrument.label, "observable_pct": 0.0,
                "detectable_pct": 0.0, "best_limit_mag": nan, "typical_limit_mag": nan, "lamp_mag": nan,
                "best_power_w": nan, "typical_power_w": nan, "best_time": ""}
    limit = detection.limiting_mag[usable]
    power = power_needed_w(detection.lamp, detection.lamp_mag[usable], limit)
    best = int(np.argmax(limit - detection.lamp_mag[usable]))
    return {
        "instrument": detection.instrument.key, "label": detection.instrument.label,
        "observable_pct": 100.0 * float(usable.mean()),
        "detectable_pct": 100.0 * float(detection.detectable.mean()),
        "best_limit_mag": float(limit.max()), "typical_limit_mag": float(np.median(limit)),
        "lamp_mag": float(np.median(detection.lamp_mag[usable])),
        "best_power_w": float(power.min()), "typical_power_w": float(np.median(power)),
        "best_time": f"{np.asarray(utc, dtype='datetime64[s]')[np.flatnonzero(usable)[best]]}Z",
    }


def assess(view: EarthView, instruments: list[Instrument], lamp: Lamp, features=DEFAULT_FEATURES,
           observer_index: int = 0) -> tuple[list[dict], list[dict], dict[str, Detection]]:
    """Resolution rows, lamp rows and the detections, one per instrument (radar: resolution only)."""
    resolution, lamps, detections = [], [], {}
    for instrument in instruments:
        resolution.append(resolution_row(view, instrument, features, observer_index))
        if instrument.kind == "radar":
            continue
        found = detect(view, instrument, lamp, observer_index)
        detections[instrument.key] = found
        lamps.append(lamp_row(found, view.utc))
    return resolution, lamps, detections


def one_in(fraction: float) -> str:
    """``1/8,000`` for 1.25e-4 (two significant digits), or ``2.5×`` for fractions above one."""
    if not np.isfinite(fraction) or fraction <= 0:
        return "none"
    if fraction >= 1.0:
        return f"{fraction:.2g}×"
    inverse = float(f"{1.0 / fraction:.2g}")
    return f"1/{inverse:,.0f}"


def format_power(watts: float) -> str:
    """``46 MW``, ``320 kW``, ``0.19 W``: two significant digits, no exponent."""
    if not np.isfinite(watts):
        return "n/a"
    for unit, scale in (("TW", 1e12), ("GW", 1e9), ("MW", 1e6), ("kW", 1e3), ("W", 1.0)):
        if watts >= scale or unit == "W":
            value = float(f"{watts / scale:.2g}")
            return f"{value:,.0f} {unit}" if value >= 10 else f"{value:g} {unit}"
    return ""


def format_km(km: float) -> str:
    return f"{km:,.0f}" if km >= 10.0 else f"{km:.2g}"


def lamp_phrase(lamp: Lamp) -> str:
    beam = "hemispherical lamp" if lamp.beam == "hemispherical" else "lamp beamed at the Earth"
    return f"a {format_power(lamp.power_w)} {beam}"


def plain_answer(site_label: str, observer_label: str, instrument: Instrument, resolution: dict, lamp_record: dict,
                 lamp: Lamp, feature: Feature = DEFAULT_FEATURES[0]) -> str:
    """One sentence a journalist can quote: the flag against the resolution, then the lamp."""
    share = resolution[f"{feature.key}_fraction"]
    if instrument.space:
        observer_label = "Earth orbit"
    resolved_km = resolution["along_limb_m"] / 1000.0
    lamp_text = lamp_phrase(lamp)
    if lamp_record["observable_pct"] == 0.0:
        return (f"No: {site_label} never faces {observer_label} with the Moon up in this period, and a "
                f"{feature.size_m:g} m {feature.label} is {one_in(share)} of what {instrument.resolves}.")
    flag = (f"a {feature.size_m:g} m {feature.label} at {site_label} is {one_in(share)} of what {instrument.resolves} "
            f"({format_km(resolved_km)} km along the limb)")
    if lamp_record["detectable_pct"] > 0.0:
        return (f"Partly: {flag}, but {lamp_text} (V {lamp_record['lamp_mag']:.1f}) is within reach of "
                f"{instrument.short or instrument.label} from {observer_label} in {lamp_record['detectable_pct']:.1f}% of "
                f"the hours (best {lamp_record['best_time'][:16]} UTC).")
    return (f"No: {flag}, and {lamp_text} (V {lamp_record['lamp_mag']:.1f}) stays fainter than the best limit "
            f"(V {lamp_record['best_limit_mag']:.1f}); it would need {format_power(lamp_record['best_power_w'])} "
            f"at the best moment.")
