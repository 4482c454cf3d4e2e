"""What a fragmentation costs the station's launches, year by year until the cloud has decayed.

For one what-if event and one launch (site, parking orbit):

1. the cloud (:mod:`.cloud`, seeded) is evolved (:mod:`.evolution`) with element-set snapshots at the
   start of each sampled launch window: ``windows_per_year`` windows spread over each year after the
   event, until ``years`` have passed or less than ``decayed_fraction`` of the cloud is left;
2. **COLA**: the launch-window sweep of :mod:`moonbase.traffic.cola` runs against the cloud in each
   window (closed seconds: the cloud's blackout fraction ``f_cloud``) and against today's catalogue
   in windows just after its newest element sets (``f_today``). The background is today's catalogue
   held as it is (no growth, no decay: a stated assumption). With the cloud's along-track phases
   independent of the background's, the closed fraction with the event is
   ``1 - (1 - f_today)(1 - f_cloud)``, which is what a sweep against the union gives on average;
3. **conjunction rate of the parking orbit**, by kinetic theory (Kessler 1981, Icarus 48, 39-48):
   spatial density in a 10-km shell at the parking altitude (time each orbit spends there, Kepler's
   equation, :func:`moonbase.traffic.debris.time_fraction_in_shells`) x mean relative speed x the
   cross-section ``pi d^2`` of a conjunction within ``d`` km; the relative speed of two circular
   orbits meeting at angle ``theta`` between their planes is ``2 v sin(theta/2)``, averaged over node
   differences. Events per day for one object in the parking orbit.

The windows sample the cloud's random along-track phases; the standard error across the windows of
a year is reported beside each mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..traffic.catalog import Catalog
from ..traffic.cola import sweep
from ..traffic.debris import EARTH_RADIUS_KM, shell_volumes_km3, time_fraction_in_shells
from ..traffic.launch import MU_KM3_S2, Ascent, get_launch_site
from .cloud import Cloud, breakup_cloud
from .config import DebrisEventsConfig, TrafficEvent
from .elements import to_catalog
from .evolution import evolve

SHELL_HALF_WIDTH_KM = 5.0
_NODE_SAMPLES = 72


def conjunction_rate_per_day(perigee_km, apogee_km, inclination_deg, altitude_km: float, inclination: float,
                             miss_km: float) -> float:
    """Expected conjunctions within ``miss_km`` per day for one object on a circular orbit (module doc)."""
    perigee = np.asarray(perigee_km, float)
    if perigee.size == 0:
        return 0.0
    edges = np.array([altitude_km - SHELL_HALF_WIDTH_KM, altitude_km + SHELL_HALF_WIDTH_KM])
    fraction = time_fraction_in_shells(perigee, np.asarray(apogee_km, float), edges)[:, 0]
    density = fraction / shell_volumes_km3(edges)[0]  # objects/km^3, per object
    speed = np.sqrt(MU_KM3_S2 / (EARTH_RADIUS_KM + altitude_km))
    i1, i2 = np.radians(inclination), np.radians(np.asarray(inclination_deg, float))[:, None]
    node = np.linspace(0.0, 2.0 * np.pi, _NODE_SAMPLES, endpoint=False)[None, :]
    cos_theta = np.clip(np.cos(i1) * np.cos(i2) + np.sin(i1) * np.sin(i2) * np.cos(node), -1.0, 1.0)
    relative = (2.0 * speed * np.sin(0.5 * np.arccos(cos_theta))).mean(axis=1)
    return float(np.sum(density * relative) * np.pi * miss_km**2 * 86400.0)


@dataclass
class ImpactSeries:
    """The what-if time series of one event and launch (index-aligned per year)."""

    event: TrafficEvent
    site: str
    parking_altitude_km: float
    parking_inclination_deg: float
    year: np.ndarray  # calendar year of the windows
    years_after: np.ndarray
    fragments_in_orbit: np.ndarray
    cloud_closed_fraction: np.ndarray  # mean over the year's windows
    cloud_closed_se: np.ndarray
    with_closed_fraction: np.ndarray
    without_closed_fraction: float
    without_closed_se: float
    cloud_rate_per_day: np.ndarray
    without_rate_per_day: float
    fragments_at_breakup: int
    seed: int
    windows_per_year: int
    window_minutes: float = 120.0
    notes: list = field(default_factory=list)

    @property
    def window_label(self) -> str:
        minutes = self.window_minutes
        return f"{minutes / 60:g}-hour" if minutes % 60 == 0 else f"{minutes:g}-minute"

    @property
    def closed_difference(self) -> np.ndarray:
        return self.with_closed_fraction - self.without_closed_fraction

    def columns(self) -> dict:
        return {
            "year": self.year, "years_after_event": self.years_after, "fragments_in_orbit": self.fragments_in_orbit,
            "closed_without": np.full(self.year.size, self.without_closed_fraction),
            "closed_with": self.with_closed_fraction, "closed_difference": self.closed_difference,
            "closed_difference_se": self.cloud_closed_se,
            "conjunctions_per_day_without": np.full(self.year.size, self.without_rate_per_day),
            "conjunctions_per_day_with": self.without_rate_per_day + self.cloud_rate_per_day,
            "conjunctions_per_day_difference": self.cloud_rate_per_day,
        }


def _windows_of_year(start: np.datetime64, count: int) -> list[np.datetime64]:
    spacing = 365.25 / count
    return [start + np.timedelta64(int(round(k * spacing * 86400)), "s") for k in range(count)]


def _closed_fraction(catalog: Catalog, ascent: Ascent, start, minutes: float) -> float:
    if len(catalog) == 0:
        return 0.0
    return float(sweep(catalog, ascent, start, minutes).closed.mean())


def background_cost(catalog: Catalog, ascent: Ascent, config: DebrisEventsConfig) -> tuple[float, float, float]:
    """(closed fraction mean, its standard error, conjunctions per day) with today's catalogue."""
    newest = catalog.epoch.max().astype("datetime64[h]") + np.timedelta64(1, "h")
    count = min(config.windows_per_year, 4)
    starts = [newest.astype("datetime64[s]") + np.timedelta64(k * 6, "h") for k in range(count)]
    fractions = np.array([_closed_fraction(catalog, ascent, s, config.window_minutes) for s in starts])
    se = float(fractions.std(ddof=1) / np.sqrt(fractions.size)) if fractions.size > 1 else 0.0
    rate = conjunction_rate_per_day(catalog.perigee_km, catalog.apogee_km, catalog.inclination_deg,
                                    ascent.altitude_km, ascent.inclination_deg, config.conjunction_km)
    return float(fractions.mean()), se, rate


def event_cost(event: TrafficEvent, ascent: Ascent, config: DebrisEventsConfig, today: tuple[float, float, float],
               cloud: Cloud | None = None, progress=None) -> ImpactSeries:
    """The event's time series against a background ``today`` = :func:`background_cost`'s result."""
    return event_costs(event, [ascent], config, [today], cloud, progress)[0]


def event_costs(event: TrafficEvent, ascents: Sequence[Ascent], config: DebrisEventsConfig,
                todays: Sequence[tuple[float, float, float]], cloud: Cloud | None = None, progress=None) -> list[ImpactSeries]:
    """The event's time series for each launch of ``ascents`` (e.g. the parking orbit and a LEO assembly orbit),
    each against its own background ``todays[k]``; the cloud is drawn and evolved once for all of them."""
    cloud = cloud or breakup_cloud(event.breakup(), event.parent_orbit(), event.smallest_fragment_m, config.seed,
                                   event.drag_coefficient)
    epoch = np.datetime64(event.epoch, "s")
    first_year = int(str(epoch.astype("datetime64[Y]"))) + 1
    years = np.arange(first_year, first_year + config.years)
    per_year = config.windows_per_year
    starts = [w for y in years for w in _windows_of_year(np.datetime64(f"{y}-01-01T00:00", "s"), per_year)]
    evolution = evolve(cloud.elements, np.datetime64(f"{years[-1] + 1}-01-01", "s"), 1.0, starts)
    n = len(ascents)
    fractions = np.full((n, years.size, per_year), np.nan)
    rates = np.zeros((n, years.size))
    counts = np.zeros(years.size, np.int64)
    initial = len(cloud.elements)
    last = years.size
    for y in range(years.size):
        for w in range(per_year):
            snap = evolution.snapshots[y * per_year + w]
            catalog = to_catalog(snap, source=f"{event.parent} cloud") if len(snap) else Catalog([], files=[])
            start = evolution.snapshot_utc[y * per_year + w]
            if w == 0:
                counts[y] = len(snap)
            for k, ascent in enumerate(ascents):
                fractions[k, y, w] = _closed_fraction(catalog, ascent, start, config.window_minutes) if len(snap) else 0.0
                rates[k, y] += conjunction_rate_per_day(snap.perigee_km, snap.apogee_km, np.degrees(snap.i_rad),
                                                        ascent.altitude_km, ascent.inclination_deg,
                                                        config.conjunction_km) / per_year
        if progress is not None:
            progress((y + 1) / years.size, f"{event.parent}: {years[y]}")
        if counts[y] < config.decayed_fraction * initial:
            last = y + 1
            break
    fractions, rates, counts, years = fractions[:, :last], rates[:, :last], counts[:last], years[:last]
    notes = [f"{initial:,} fragments >= {event.smallest_fragment_m * 100:g} cm in orbit after the breakup "
             f"({cloud.lost_reentry} re-entered at once, {cloud.lost_escape} escaped); seed {config.seed}"]
    out = []
    for k, (ascent, today) in enumerate(zip(ascents, todays)):
        mean = fractions[k].mean(axis=1)
        se = fractions[k].std(axis=1, ddof=1) / np.sqrt(per_year) if per_year > 1 else np.zeros(last)
        f_today, se_today, rate_today = today
        out.append(ImpactSeries(
            event=event, site=ascent.site.key, parking_altitude_km=ascent.altitude_km,
            parking_inclination_deg=ascent.inclination_deg, year=years, years_after=years - first_year + 1,
            fragments_in_orbit=counts, cloud_closed_fraction=mean, cloud_closed_se=se,
            with_closed_fraction=1.0 - (1.0 - f_today) * (1.0 - mean), without_closed_fraction=f_today,
            without_closed_se=se_today, cloud_rate_per_day=rates[k], without_rate_per_day=rate_today,
            fragments_at_breakup=initial, seed=config.seed, windows_per_year=per_year,
            window_minutes=config.window_minutes, notes=list(notes),
        ))
    return out


def assembly_ascent(config: DebrisEventsConfig, scenario=None) -> Ascent | None:
    """The launch into the LEO assembly (refuelling) orbit of ``[debris_events.assembly_orbit]``, if the scenario has one."""
    orbit = config.assembly_orbit
    if orbit is None:
        return None
    site = orbit.launch_site or config.launch_site or (scenario.access.launch_site if scenario is not None else "kennedy")
    return Ascent(get_launch_site(site), orbit.altitude_km, orbit.inclination_deg)


def launch_ascent(config: DebrisEventsConfig, scenario=None) -> Ascent:
    """The launch the cost is measured for: the config's values, else the scenario's access/traffic ones."""
    site = config.launch_site or (scenario.access.launch_site if scenario is not None else "wenchang")
    altitude = config.parking_altitude_km or (scenario.traffic.parking_altitude_km if scenario is not None else 200.0)
    inclination = config.parking_inclination_deg
    if inclination is None:
        inclination = scenario.traffic.parking_inclination_deg if scenario is not None else 41.5
    return Ascent(get_launch_site(site), altitude, inclination)


def plain_answer(series: ImpactSeries) -> str:
    """One sentence a journalist could quote, from the series (percentage points of each window)."""
    site = series.site.capitalize()
    head = series.event.label()
    head = head[0].upper() + head[1:]
    diff = series.closed_difference * 100.0
    if diff.size == 0 or series.fragments_at_breakup == 0:
        return f"{head} would leave no fragments in orbit."
    rate_now = series.without_rate_per_day
    rate_with = rate_now + float(series.cloud_rate_per_day[0])
    rate = (f"; conjunctions within the threshold in the {series.parking_altitude_km:g}-km parking orbit would go from "
            f"{rate_now:.3g} to {rate_with:.3g} a day in {int(series.year[0])}")
    if diff.max() < 0.05:
        return (f"{head} would close no measurable extra share (< 0.05 %) of each {series.window_label} {site} "
                f"window in any of {int(series.year[0])}-{int(series.year[-1])}{rate}.")
    peak = int(np.argmax(diff))
    later = min(diff.size - 1, peak + 9)
    # a difference below the sampling noise reads as zero, never "-0.0 %"
    tail = "" if later == peak else (f", {'falling to' if diff[later] < diff[peak] else 'and still'} "
                                     f"{max(diff[later], 0.0):.1f} % by {int(series.year[later])}")
    return (f"{head} would close {diff[peak]:.1f} % of each {series.window_label} {site} window in "
            f"{int(series.year[peak])}{tail}{rate}.")
