"""Sunlight and Earth-visibility statistics from a visibility time series.

The series must be on a uniform time step; percentages are fractions of epochs. A spell's
length counts whole steps (a spell seen at one epoch lasts one step).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .visibility import VisibilitySeries

#: Mean synodic month [days]: the length of a lunar day-night cycle at a site.
#: Source: Meeus, Astronomical Algorithms (2nd ed., 1998), ch. 49: 29.530588861 d.
SYNODIC_MONTH_D = 29.530588861


@dataclass(frozen=True)
class Spell:
    """A run of consecutive epochs: start index, length in epochs and in hours."""

    start: int
    count: int
    hours: float


def longest_spell(mask: np.ndarray, step_h: float) -> Spell:
    """The longest run of True in ``mask`` (first one if tied); an empty Spell if none."""
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return Spell(0, 0, 0.0)
    padded = np.concatenate([[False], mask, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    starts, ends = edges[::2], edges[1::2]
    lengths = ends - starts
    best = int(np.argmax(lengths))
    return Spell(int(starts[best]), int(lengths[best]), float(lengths[best] * step_h))


def _step_hours(utc: np.ndarray) -> float:
    if len(utc) < 2:
        return 0.0
    steps = np.diff(np.asarray(utc, dtype="datetime64[ms]")).astype(np.int64)
    return float(np.median(steps)) / 3.6e6


def summary(series: VisibilitySeries) -> dict:
    """The headline statistics under stable keys (also the keys of `moonbase site --json`)."""
    step_h = _step_hours(series.utc)
    sun_any = series.sun_fraction > 0.0
    earth_any = series.earth_fraction > 0.0
    dark = longest_spell(~sun_any, step_h)
    loss = longest_spell(~earth_any, step_h)
    utc = np.asarray(series.utc, dtype="datetime64[s]")

    def when(spell: Spell):
        if spell.count == 0:
            return None
        return {"start": f"{utc[spell.start]}Z", "end": f"{utc[spell.start + spell.count - 1]}Z"}

    return {
        "sun_any_pct": 100.0 * float(sun_any.mean()),
        "sun_mean_disk_pct": 100.0 * float(series.sun_fraction.mean()),
        "longest_dark_h": dark.hours,
        "longest_dark": when(dark),
        "earth_any_pct": 100.0 * float(earth_any.mean()),
        "earth_mean_disk_pct": 100.0 * float(series.earth_fraction.mean()),
        "longest_earth_loss_h": loss.hours,
        "longest_earth_loss": when(loss),
        "sun_and_earth_pct": 100.0 * float((sun_any & earth_any).mean()),
        "epochs": int(len(utc)),
        "step_h": step_h,
    }


def _groups(series: VisibilitySeries, labels: np.ndarray) -> list[tuple[object, slice]]:
    edges = np.flatnonzero(labels[1:] != labels[:-1]) + 1
    bounds = np.concatenate([[0], edges, [len(labels)]])
    return [(labels[a], slice(a, b)) for a, b in zip(bounds[:-1], bounds[1:])]


def _subset(series: VisibilitySeries, part: slice) -> VisibilitySeries:
    return VisibilitySeries(*(np.asarray(getattr(series, name))[part] for name in VisibilitySeries.__dataclass_fields__))


def by_year(series: VisibilitySeries) -> list[dict]:
    """The statistics for each calendar year (UTC) in the series."""
    years = np.asarray(series.utc, dtype="datetime64[Y]").astype(int) + 1970
    return [{"year": int(year), **summary(_subset(series, part))} for year, part in _groups(series, years)]


def worst_lunar_day(series: VisibilitySeries) -> dict | None:
    """The complete synodic month (from the series start) with the least sunlight, and its statistics."""
    utc = np.asarray(series.utc, dtype="datetime64[ms]")
    elapsed_d = (utc - utc[0]).astype(np.int64) / 8.64e7
    month = np.floor(elapsed_d / SYNODIC_MONTH_D).astype(int)
    candidates = []
    for index, part in _groups(series, month):
        if elapsed_d[part.stop - 1] - elapsed_d[part.start] < SYNODIC_MONTH_D * 0.98:
            continue  # an incomplete month at the end
        stats = summary(_subset(series, part))
        stats["start"] = f"{np.datetime64(utc[part.start], 's')}Z"
        candidates.append(stats)
    if not candidates:
        return None
    return min(candidates, key=lambda s: (s["sun_any_pct"], -s["longest_dark_h"]))
