"""Traffic speed targets on CelesTrak GP files of 2026-05-30 (https://celestrak.org; the test-data folder, see tests/conftest.py):

1. all-against-all screening of the 2026-05-30 files (~11,600 objects) over 24 h at 5 km (target ≤ 120 s);
2. a launch-COLA sweep of a 2-hour window at 1-s resolution against all the files (target ≤ 30 s).

Each is compared in the same run with brute force on a subset: dense SGP4 sampling of every pair
(screening) and per-launch-second direct propagation (COLA), with the events found by both.
Run: ``python benchmarks/bench_traffic.py [--shared DIR]`` (default: the test-data TLE folder). Numba compilation is done
first on a tiny case and not timed.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np
from sgp4.api import SatrecArray

from moonbase.traffic.bruteforce import brute_force_screen
from moonbase.traffic.catalog import load_catalog
from moonbase.traffic.cola import sweep
from moonbase.traffic.launch import Ascent, get_launch_site
from moonbase.traffic.propagate import julian_dates
from moonbase.traffic.screening import screen

START = "2026-05-30T12:00"
SUBSET = 600


def _timed(function, *args, **kwargs):
    clock = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - clock


def _pairs(events):
    return {(int(a), int(b), str(np.datetime64(t, "s"))) for a, b, t in zip(events.index_1, events.index_2, events.tca_utc)}


def bench_screening(tle: Path) -> None:
    catalog, load_s = _timed(load_catalog, sorted(tle.glob("*_2026-05-30.txt")))
    print(f"read {len(catalog):,} objects in {load_s:.1f} s")
    screen(catalog.subset(np.arange(200)), START, hours=1, threshold_km=5.0)  # compile
    result, seconds = _timed(screen, catalog, START, hours=24, threshold_km=5.0)
    print(f"all-vs-all: {result.objects_screened:,} objects x 24 h at 5 km: {seconds:.1f} s (target <= 120 s); "
          f"{len(result.events):,} events; {len(result.excluded)} left out")
    print("  stages: " + ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v:,}" for k, v in result.stats.items()))
    closest = np.argsort(result.events.miss_km)[:3]
    for i in closest:
        e = result.events
        print(f"  {np.datetime_as_string(e.tca_utc[i], unit='ms')}Z {e.norad_1[i]} {e.name_1[i]} / {e.norad_2[i]} {e.name_2[i]}: "
              f"{e.miss_km[i] * 1000:.0f} m at {e.relative_speed_km_s[i]:.3f} km/s")
    subset = catalog.subset(np.sort(np.random.default_rng(1).choice(len(catalog), SUBSET, replace=False)))
    fast, fast_s = _timed(screen, subset, START, hours=24, threshold_km=5.0)
    brute, brute_s = _timed(brute_force_screen, subset, START, hours=24, threshold_km=5.0, step_s=10.0)
    same = len({(a, b, t) for a, b, t in _pairs(fast.events)} & _pairs(brute))
    print(f"subset of {SUBSET} x 24 h: filtered screen {fast_s:.1f} s, brute force (10-s sampling + refinement) "
          f"{brute_s:.1f} s: ratio {brute_s / fast_s:.1f}x; events {len(fast.events)} vs {len(brute.miss_km)} "
          f"({same} with the same pair and TCA second)")
    scale = (result.objects_screened / SUBSET) ** 2
    print(f"  brute force scaled to the full catalogue (pairs x {scale:.0f}): ~{brute_s * scale / 60:.0f} min, "
          f"{brute_s * scale / seconds:.0f}x the filtered screen")


def _direct_cola_minimum(catalog, index, ascent, liftoff, coverage_s):
    tau = np.arange(0.0, coverage_s + 1.0, 1.0)
    vehicle = ascent.positions_teme(liftoff, tau)
    jd, fr = julian_dates(np.datetime64(liftoff, "ms") + (tau * 1000).astype("timedelta64[ms]"))
    _, position, _ = SatrecArray([catalog.objects[i].satrec for i in index]).sgp4(jd, fr)
    return np.linalg.norm(position - vehicle[None], axis=2).min(axis=1)


def bench_cola(tle: Path) -> None:
    catalog, load_s = _timed(load_catalog, sorted(tle.glob("*.txt")))
    ascent = Ascent(get_launch_site("wenchang"), 200.0, 41.5)
    sweep(catalog.subset(np.arange(50)), ascent, START, 1)  # compile
    result, seconds = _timed(sweep, catalog, ascent, START, 120)
    closed = int(result.closed.sum())
    print(f"COLA: Wenchang -> 200 km x 41.5 deg, 2-h window at 1 s (7,201 launches) vs {len(catalog):,} objects: "
          f"{seconds:.1f} s sweep + {load_s:.1f} s reading the files (target <= 30 s); {closed} s closed in "
          f"{sum(i['state'] == 'closed' for i in result.intervals())} intervals; {result.objects_norad.size} objects within reach")
    coverage_s = ascent.insertion_time_s + 100 * 60
    index = np.array([int(np.flatnonzero(catalog.norad == n)[0]) for n in result.objects_norad])
    launches = np.arange(0, 7201, 120)
    clock = time.perf_counter()
    agree = 0
    for l in launches:
        liftoff = np.datetime64(START, "ms") + np.timedelta64(int(l), "s")
        direct = _direct_cola_minimum(catalog, index, ascent, liftoff, coverage_s)
        threshold = result.objects_threshold_km
        agree += int((direct < threshold).any() == bool(result.closed[l]))
    per_launch = (time.perf_counter() - clock) / launches.size
    print(f"  brute force (direct propagation per launch second, same {index.size} objects): {per_launch:.2f} s per launch, "
          f"~{per_launch * 7201:.0f} s for the window: ratio {per_launch * 7201 / seconds:.0f}x; "
          f"open/closed agree on {agree}/{launches.size} sampled seconds")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "tle"
    parser.add_argument("--shared", type=Path, default=default, help="folder of the CelesTrak TLE files")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs; numba threads {os.environ.get('NUMBA_NUM_THREADS', 'default')}")
    bench_screening(args.shared)
    bench_cola(args.shared)


if __name__ == "__main__":
    main()
