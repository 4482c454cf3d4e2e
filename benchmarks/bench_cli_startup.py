"""CLI start-up: wall time of `moonbase --help` and `moonbase version` against bare Python start-up.

Each command runs in a fresh interpreter (``python -m moonbase.cli.main ...``, the way the ``moonbase``
script starts), several times; the median is printed with its ratio to ``python -c pass`` measured in the
same run, so the ratio is comparable across machines. Target (issue #12): both answer in <= 0.5 s.

Usage: python benchmarks/bench_cli_startup.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def wall_s(args: list[str], repeat: int) -> float:
    """Median wall time of ``python ARGS`` over ``repeat`` runs [s] (the first run, which warms the disk cache, is dropped)."""
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    baseline = wall_s(["-c", "pass"], repeat)
    print(f"python -c pass      {baseline:6.3f} s  (baseline)")
    for label, args in (("moonbase --help", ["--help"]), ("moonbase version", ["version"])):
        seconds = wall_s(["-m", "moonbase.cli.main", *args], repeat)
        verdict = "ok" if seconds <= 0.5 else "over the 0.5 s target"
        print(f"{label:<18}  {seconds:6.3f} s  {seconds / baseline:5.1f} x baseline  ({verdict})")


if __name__ == "__main__":
    main()
