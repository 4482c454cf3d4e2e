"""Landing and stay windows: start times from which a stay keeps its sunlight and Earth contact.

A start at epoch ``i`` is accepted when every epoch of the stay ``[t_i, t_i + duration]`` has a
visible Sun-disk fraction of at least ``min_sun_fraction`` (0 means "any part of the Sun"), and
the Earth is visible (fraction > ``min_earth_fraction``) during at least ``min_earth_pct`` of the
stay's epochs. Each rejected start carries the first reason it failed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.ndimage import minimum_filter1d

from ..errors import InputError
from .statistics import _step_hours
from .visibility import VisibilitySeries


@dataclass(frozen=True)
class StayRequirement:
    duration_h: float
    min_sun_fraction: float = 0.0
    min_earth_fraction: float = 0.0
    min_earth_pct: float = 0.0

    def __post_init__(self):
        if not self.duration_h > 0:
            raise InputError("duration_h", self.duration_h, "a positive stay length in hours")
        for name in ("min_sun_fraction", "min_earth_fraction"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise InputError(name, getattr(self, name), "a fraction between 0 and 1")
        if not 0.0 <= self.min_earth_pct <= 100.0:
            raise InputError("min_earth_pct", self.min_earth_pct, "a percentage between 0 and 100")


@dataclass(frozen=True)
class StartAssessment:
    start_utc: np.ndarray
    accepted: np.ndarray
    reason: list[str]
    sun_min_fraction: np.ndarray
    earth_pct: np.ndarray


def _window_sums(values: np.ndarray, length: int) -> np.ndarray:
    cumulative = np.concatenate([[0], np.cumsum(values, dtype=np.int64)])
    return cumulative[length:] - cumulative[:-length]


def assess_starts(series: VisibilitySeries, need: StayRequirement, start_every: int = 1) -> StartAssessment:
    """Evaluate every ``start_every``-th epoch as the start of a stay of ``need.duration_h``."""
    step_h = _step_hours(series.utc)
    length = int(round(need.duration_h / step_h)) + 1  # epochs in the closed interval
    if length > len(series.utc):
        raise InputError("duration_h", need.duration_h, f"a stay shorter than the analysis period ({(len(series.utc) - 1) * step_h:g} h)")
    sun = series.sun_fraction
    sun_bad = (sun <= 0.0) if need.min_sun_fraction == 0.0 else (sun < need.min_sun_fraction)
    earth_ok = series.earth_fraction > need.min_earth_fraction
    starts = np.arange(0, len(sun) - length + 1, start_every)
    bad_count = _window_sums(sun_bad.astype(np.int64), length)[starts]
    earth_pct = 100.0 * _window_sums(earth_ok.astype(np.int64), length)[starts] / length
    # The first bad epoch at or after each index: a reverse scan.
    next_bad = np.full(len(sun) + 1, len(sun))
    for i in range(len(sun) - 1, -1, -1):
        next_bad[i] = i if sun_bad[i] else next_bad[i + 1]
    sun_min = minimum_filter1d(sun, size=length, origin=-(length // 2), mode="nearest")[starts]
    utc = np.asarray(series.utc, dtype="datetime64[s]")
    accepted = (bad_count == 0) & (earth_pct >= need.min_earth_pct)
    reasons = []
    for k, s in enumerate(starts):
        if bad_count[k]:
            lost = next_bad[s]
            what = "no sunlight" if need.min_sun_fraction == 0.0 else f"sun disk below {need.min_sun_fraction:.0%}"
            reasons.append(f"{what} at {utc[lost]}Z ({(lost - s) * step_h:g} h into the stay)")
        elif earth_pct[k] < need.min_earth_pct:
            reasons.append(f"Earth visible {earth_pct[k]:.1f}% of the stay < {need.min_earth_pct:g}%")
        else:
            reasons.append("")
    return StartAssessment(series.utc[starts], accepted, reasons, sun_min, earth_pct)


def merged_windows(assessment: StartAssessment, duration_h: float) -> list[dict]:
    """Consecutive accepted starts merged into windows: open from the first start to the last start."""
    windows = []
    accepted = assessment.accepted
    padded = np.concatenate([[False], accepted, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    utc = np.asarray(assessment.start_utc, dtype="datetime64[s]")
    for a, b in zip(edges[::2], edges[1::2]):
        windows.append({
            "first_start": f"{utc[a]}Z",
            "last_start": f"{utc[b - 1]}Z",
            "starts": int(b - a),
            "stay_h": duration_h,
            "earth_pct_min": float(assessment.earth_pct[a:b].min()),
        })
    return windows


def to_csv_columns(assessment: StartAssessment) -> dict:
    return {
        "start": [f"{t}Z" for t in np.asarray(assessment.start_utc, dtype="datetime64[s]")],
        "accepted": assessment.accepted.astype(int),
        "sun_min_fraction": assessment.sun_min_fraction,
        "earth_pct": assessment.earth_pct,
        "reason": assessment.reason,
    }


def _ics_time(text: str) -> str:
    return text.replace("-", "").replace(":", "")


def to_ics(windows: list[dict], site_label: str, generated_utc: str) -> str:
    """An iCalendar (RFC 5545) file with one event per window of acceptable start times."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Moonbase//stay windows//EN", "CALSCALE:GREGORIAN"]
    stamp = _ics_time(generated_utc)
    for number, window in enumerate(windows):
        lines += [
            "BEGIN:VEVENT",
            f"UID:moonbase-window-{number}-{_ics_time(window['first_start'])}@moonbase",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_ics_time(window['first_start'])}",
            f"DTEND:{_ics_time(window['last_start'])}",
            f"SUMMARY:Start window for a {window['stay_h']:g} h stay at {site_label}",
            f"DESCRIPTION:Any start in this interval keeps sunlight for {window['stay_h']:g} h; Earth visible >= "
            f"{window['earth_pct_min']:.1f}% of the stay.",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
