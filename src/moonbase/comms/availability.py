"""Contact availability: windows, gaps and percentages from per-epoch link masks."""

from __future__ import annotations

import numpy as np

from ..environment.statistics import _step_hours, longest_spell


def intervals(mask: np.ndarray, utc: np.ndarray) -> list[dict]:
    """Runs of True as ``{"start", "end", "hours"}`` (end = last epoch of the run; hours count whole steps)."""
    step_h = _step_hours(utc)
    padded = np.concatenate([[False], np.asarray(mask, bool), [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    stamps = np.asarray(utc, dtype="datetime64[s]")
    return [{"start": f"{stamps[a]}Z", "end": f"{stamps[b - 1]}Z", "hours": float((b - a) * step_h)}
            for a, b in zip(edges[::2], edges[1::2])]


def link_summary(link: np.ndarray, utc: np.ndarray, prefix: str) -> dict:
    """``{prefix}_pct``, ``longest_{prefix}_gap_h``, windows and gaps for one link mask."""
    step_h = _step_hours(utc)
    link = np.asarray(link, bool)
    gap = longest_spell(~link, step_h)
    return {
        f"{prefix}_pct": 100.0 * float(link.mean()) if link.size else 0.0,
        f"longest_{prefix}_gap_h": gap.hours,
        "windows": intervals(link, utc),
        "gaps": intervals(~link, utc),
    }


def stations_in_view(station_elevation_deg: np.ndarray, masks_deg: np.ndarray) -> np.ndarray:
    """(T,) True where at least one station sees the Moon above its own elevation mask."""
    return np.any(station_elevation_deg >= np.asarray(masks_deg)[:, None], axis=0)


def direct_to_earth(earth_above_skyline_deg: np.ndarray, station_elevation_deg: np.ndarray, masks_deg: np.ndarray,
                    min_clearance_deg: float = 0.0) -> np.ndarray:
    """(T,) DTE link: the Earth's centre clears the site's skyline by ``min_clearance_deg`` and a station sees the Moon."""
    return (np.asarray(earth_above_skyline_deg) >= min_clearance_deg) & stations_in_view(station_elevation_deg, masks_deg)
