"""Best dates: when an instrument at an observer has the best chance, as a table and an iCalendar file.

A candidate hour has the site facing the observer, no Sun on the site, and the Moon above
10° in the observer's night (Sun below −12°; always night for Hubble). Consecutive candidate
hours form a window; windows are ranked by their best limiting magnitude minus the lamp's.
"""

from __future__ import annotations

import numpy as np

from .detect import Detection


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) index pairs of the runs of True in ``mask``."""
    padded = np.concatenate([[False], mask, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2], edges[1::2] - 1))


def best_windows(detection: Detection, utc: np.ndarray, count: int = 10) -> list[dict]:
    """The ``count`` best windows (best first): start, end (one step after the last hour), hours, best
    moment, limiting and lamp magnitudes."""
    utc = np.asarray(utc, dtype="datetime64[s]")
    step = np.median(np.diff(utc)) if utc.size > 1 else np.timedelta64(3600, "s")
    step_h = float(step.astype(np.int64)) / 3600.0
    candidate = detection.observable & detection.site_dark & detection.observer_night
    margin = detection.limiting_mag - detection.lamp_mag
    windows = []
    for first, last in _runs(candidate):
        best = first + int(np.argmax(margin[first:last + 1]))
        windows.append({
            "start": f"{utc[first]}Z", "end": f"{utc[last] + step}Z", "hours": round(float(last - first + 1) * step_h, 3),
            "best_time": f"{utc[best]}Z", "limit_mag": float(detection.limiting_mag[best]),
            "lamp_mag": float(detection.lamp_mag[best]), "margin_mag": float(margin[best]),
            "detectable": bool(margin[best] > 0.0),
        })
    windows.sort(key=lambda w: w["margin_mag"], reverse=True)
    return windows[:count]


def _ics_time(iso: str) -> str:
    return iso.replace("-", "").replace(":", "").rstrip("Z")[:15] + "Z"


def windows_to_ics(windows: list[dict], title: str, generated_utc: str) -> str:
    """An iCalendar (RFC 5545) file with one event per window."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Moonbase//seen from Earth//EN", "CALSCALE:GREGORIAN"]
    for number, window in enumerate(windows):
        verdict = "detectable" if window["detectable"] else "not detectable"
        lines += [
            "BEGIN:VEVENT",
            f"UID:moonbase-visible-{number}-{_ics_time(window['start'])}@moonbase",
            f"DTSTAMP:{_ics_time(generated_utc)}",
            f"DTSTART:{_ics_time(window['start'])}",
            f"DTEND:{_ics_time(window['end'])}",
            f"SUMMARY:{title}: best chance ({verdict})",
            f"DESCRIPTION:Best at {window['best_time']}: limiting V {window['limit_mag']:.1f}\\, lamp V "
            f"{window['lamp_mag']:.1f} (margin {window['margin_mag']:+.1f} mag).",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
