"""Race Monte Carlo speed: 10^6 samples of both programmes' milestone graphs.

Target: <= 10 s on a 2-core machine. Baseline: the plain per-sample Python loop
(moonbase.race.reference), timed on a smaller count in the same run and scaled per sample.

    python benchmarks/bench_race.py [--samples 1000000] [--loop-samples 5000]
"""

from __future__ import annotations

import argparse
import os
import time

from moonbase.race.programmes import packaged_race_data
from moonbase.race.reference import sample_dates
from moonbase.race.simulate import simulate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--loop-samples", type=int, default=5_000)
    args = parser.parse_args()
    data = packaged_race_data()
    programmes = ["ilrs", "artemis"]
    simulate(data, programmes, 1_000, seed=1)  # compile the kernels (cached on disk after the first run)

    wall, cpu = time.perf_counter(), time.process_time()
    simulate(data, programmes, args.samples, seed=2021)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    loop = time.perf_counter()
    for key in programmes:
        sample_dates(data, key, args.loop_samples, seed=1)
    loop = time.perf_counter() - loop
    loop_per_sample = loop / args.loop_samples

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"vectorised engine: {args.samples:,} samples of {', '.join(programmes)} in {wall:.2f} s wall "
          f"({cpu:.2f} s CPU); target <= 10 s: {'met' if wall <= 10 else 'NOT met'}")
    print(f"per-sample Python loop: {loop_per_sample * 1e6:.0f} us per sample of both programmes "
          f"({args.loop_samples:,} samples in {loop:.1f} s) -> {loop_per_sample * args.samples:.0f} s for {args.samples:,}")
    print(f"speed-up against the loop: {loop_per_sample * args.samples / wall:.0f}x")


if __name__ == "__main__":
    main()
