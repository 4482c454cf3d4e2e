"""Debris speed targets, each with its baseline measured in the same run:

1. a 3,000-fragment cloud evolved for 10 years at daily steps (target <= 5 s), against a per-object
   loop of the same orbit-averaged equations through scipy's ``solve_ivp`` (timed on a few objects);
2. launch COLA of a 2-hour window (1-s launches) against the 2026-05-30 CelesTrak files plus a
   5,000-fragment cloud (target <= 10 s), against direct per-launch-second propagation;
3. all-against-all screening of those files plus the cloud, about 21,000 objects, over 24 h at 5 km
   (target <= 60 s), against brute force (dense sampling of every pair) on a subset.

The clouds: a 2-t catastrophic breakup at 480 km x 82.6 deg (Kosmos 1408-like), smallest fragment size
chosen for the count; for COLA and screening it happened 30 days before the catalogue's date and was
evolved to it (spread round its orbit as a month-old cloud is). Numba compilation
is done first on small cases and not timed.
Run: ``python benchmarks/bench_debris.py [--shared ../shared/data/tle]``.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

import numpy as np
from scipy.integrate import solve_ivp

from moonbase.debris.atmosphere import density_table
from moonbase.debris.breakup import BreakupEvent
from moonbase.debris.cloud import ParentOrbit, breakup_cloud
from moonbase.debris.elements import ElementSet, to_catalog
from moonbase.debris.evolution import _drag_rates, evolve
from moonbase.debris.solar import load_solar_activity
from moonbase.traffic.bruteforce import brute_force_screen
from moonbase.traffic.catalog import Catalog, load_catalog
from moonbase.traffic.cola import sweep
from moonbase.traffic.launch import Ascent, get_launch_site
from moonbase.traffic.screening import screen

START = "2026-05-30T12:00"
SUBSET = 600


def _timed(function, *args, **kwargs):
    clock = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - clock


def _cloud(count_target: int, epoch: str, seed: int = 1):
    """A Kosmos 1408-like cloud with at least ``count_target`` fragments (smallest size chosen to suit)."""
    event = BreakupEvent("collision", 2000.0)
    lc_min = (event.count_larger_than(1.0) / count_target) ** (1.0 / event.exponent)
    return breakup_cloud(event, ParentOrbit.circular(480.0, 82.6, epoch, name="BENCH"), lc_min, seed)


def _per_object_baseline(elements: ElementSet, until, objects: int) -> float:
    """Seconds per object for solve_ivp on the same King-Hele equations with daily solar values."""
    table, solar = density_table(), load_solar_activity()
    start = elements.epoch.min().astype("datetime64[s]")
    seconds = float((np.datetime64(until, "s") - start).astype(np.int64))
    days = np.arange(int(seconds / 86400) + 2)
    f107, ap = solar.at(start.astype("datetime64[D]") + days)

    def rate(t, y, inc, b):
        k = int(t // 86400)
        da, de, _ = _drag_rates(y[0], max(y[1], 0.0), inc, b, f107[k], ap[k], table.altitude_km, table.f107,
                                table.ap, table.log_rho)
        return [da, de]

    def reentry(t, y, inc, b):
        return y[0] * (1.0 - y[1]) - 6378.135 - 100.0
    reentry.terminal = True
    clock = time.perf_counter()
    warnings.simplefilter("ignore", RuntimeWarning)  # overflow probes of solve_ivp past re-entry
    for k in range(objects):
        solve_ivp(rate, (0.0, seconds), [elements.a_km[k], elements.e[k]], args=(elements.i_rad[k], elements.b_m2_kg[k]),
                  events=reentry, max_step=86400.0, rtol=1e-6)
    return (time.perf_counter() - clock) / objects


def bench_evolution() -> None:
    elements = _cloud(4000, "2030-01-01").elements.subset(np.arange(3000))
    evolve(elements.subset(np.arange(20)), "2030-02-01")  # compile
    result, seconds = _timed(evolve, elements, "2040-01-01", 1.0, ["2035-01-01", "2040-01-01"])
    left = result.in_orbit()
    print(f"evolution: {len(elements):,} fragments x 10 years at daily steps ({result.steps:,} steps, {result.substeps:,} "
          f"sub-steps): {seconds:.2f} s (target <= 5 s); in orbit after 5 / 10 years: {len(result.snapshots[0]):,} / {left[-1]:,}")
    per_object = _per_object_baseline(elements, "2040-01-01", 8)
    print(f"  per-object solve_ivp of the same equations: {per_object:.2f} s per object, ~{per_object * len(elements):.0f} s "
          f"for the cloud: ratio {per_object * len(elements) / seconds:.0f}x")


def _fresh_cloud_catalog(count: int) -> Catalog:
    """``count`` fragments of a breakup 30 days before the catalogue's date, evolved to that date."""
    cloud = _cloud(int(count * 1.7), "2026-04-30T12:00")
    result = evolve(cloud.elements, START, 1.0, [START])
    snap = result.snapshots[0]
    print(f"cloud: {len(cloud.elements):,} fragments at breakup (2026-04-30, 480 km x 82.6 deg), {len(snap):,} in orbit "
          f"30 days later; the first {count:,} used (seed 1)")
    return to_catalog(snap.subset(np.arange(min(count, len(snap)))), "benchmark cloud")


def _merge(a: Catalog, b: Catalog) -> Catalog:
    return Catalog(a.objects + b.objects, files=a.files + b.files)


def bench_cola(catalog: Catalog, cloud: Catalog) -> None:
    from sgp4.api import SatrecArray

    from moonbase.traffic.propagate import julian_dates

    both = _merge(catalog, cloud)
    ascent = Ascent(get_launch_site("wenchang"), 200.0, 41.5)
    sweep(both.subset(np.arange(50)), ascent, START, 1)  # compile
    result, seconds = _timed(sweep, both, ascent, START, 120)
    from_cloud = np.isin(result.objects_norad, cloud.norad).sum()
    print(f"COLA: Wenchang -> 200 km x 41.5 deg, 2-h window at 1 s vs {len(both):,} objects ({len(cloud):,} fragments): "
          f"{seconds:.1f} s (target <= 10 s); {int(result.closed.sum())} s closed; {result.objects_norad.size} objects within "
          f"reach, {from_cloud} of them fragments")
    coverage_s = ascent.insertion_time_s + 100 * 60
    index = np.array([int(np.flatnonzero(both.norad == n)[0]) for n in result.objects_norad])
    launches = np.arange(0, 7201, 600)
    clock = time.perf_counter()
    agree = 0
    for launch in launches:
        liftoff = np.datetime64(START, "ms") + np.timedelta64(int(launch), "s")
        tau = np.arange(0.0, coverage_s + 1.0, 1.0)
        vehicle = ascent.positions_teme(liftoff, tau)
        jd, fr = julian_dates(liftoff + (tau * 1000).astype("timedelta64[ms]"))
        _, position, _ = SatrecArray([both.objects[i].satrec for i in index]).sgp4(jd, fr)
        direct = np.linalg.norm(position - vehicle[None], axis=2).min(axis=1)
        agree += int((direct < result.objects_threshold_km).any() == bool(result.closed[launch]))
    per_launch = (time.perf_counter() - clock) / launches.size
    print(f"  direct propagation per launch second (same {index.size} objects): {per_launch:.2f} s per launch, "
          f"~{per_launch * 7201:.0f} s for the window: ratio {per_launch * 7201 / seconds:.0f}x; "
          f"open/closed agree on {agree}/{launches.size} sampled seconds")


def bench_screening(catalog: Catalog, cloud: Catalog) -> None:
    both = _merge(catalog, cloud)
    screen(both.subset(np.arange(200)), START, hours=1, threshold_km=5.0)  # compile
    alone, alone_s = _timed(screen, catalog, START, hours=24, threshold_km=5.0)
    print(f"all-vs-all, the catalogue alone: {alone.objects_screened:,} objects x 24 h: {alone_s:.1f} s "
          f"(the same machine state: the reference for the cloud's cost); {len(alone.events):,} events")
    result, seconds = _timed(screen, both, START, hours=24, threshold_km=5.0)
    events = result.events
    with_cloud = int((np.isin(events.norad_1, cloud.norad) | np.isin(events.norad_2, cloud.norad)).sum())
    print(f"all-vs-all: {result.objects_screened:,} objects x 24 h at 5 km: {seconds:.1f} s (target <= 60 s); "
          f"{len(events):,} events, {with_cloud:,} involving fragments; {len(result.excluded)} left out")
    print("  stages: " + ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v:,}" for k, v in result.stats.items()))
    subset = both.subset(np.sort(np.random.default_rng(1).choice(len(both), SUBSET, replace=False)))
    fast, fast_s = _timed(screen, subset, START, hours=24, threshold_km=5.0)
    brute, brute_s = _timed(brute_force_screen, subset, START, hours=24, threshold_km=5.0, step_s=10.0)
    scale = (result.objects_screened / SUBSET) ** 2
    print(f"  subset of {SUBSET}: filtered {fast_s:.1f} s, brute force {brute_s:.1f} s (ratio {brute_s / fast_s:.1f}x; "
          f"events {len(fast.events)} vs {len(brute.miss_km)}); brute force scaled to all pairs: ~{brute_s * scale / 60:.0f} min, "
          f"{brute_s * scale / seconds:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "tle"
    parser.add_argument("--shared", type=Path, default=default, help="folder of the CelesTrak TLE files")
    parser.add_argument("--skip-screening", action="store_true", help="leave out the all-vs-all screen")
    parser.add_argument("--only-screening", action="store_true", help="only the all-vs-all screen")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}; numba threads "
          f"{os.environ.get('NUMBA_NUM_THREADS', 'default')}")
    if not args.only_screening:
        bench_evolution()
    catalog = load_catalog(sorted(args.shared.glob("*_2026-05-30.txt")))
    cloud = _fresh_cloud_catalog(5000)
    if not args.only_screening:
        bench_cola(catalog, cloud)
    if not args.skip_screening:
        bench_screening(catalog, cloud)


if __name__ == "__main__":
    main()
