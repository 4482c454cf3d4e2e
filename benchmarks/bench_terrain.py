"""Terrain performance and accuracy: exact site horizon, whole-map sweep, and ray-marching baseline.

Prints, on the real LOLA tiles (LRO LOLA GDR LDEM_75S_120M resampled to 240 m and 1.79 km; the test-data
folder, see tests/conftest.py):
* one exact site horizon (720 azimuths, 300 km) at the connecting ridge [s];
* horizons for every pixel of the 240 m tile (1536 x 1536) in 720 azimuths, terrain to 300 km
  past the tile's edge from the 1.79 km cap tile [s] (target: <= 120 s on 2 cores);
* ray-marching from each pixel (the exact method) timed on a sample of pixels in the same run,
  extrapolated to the whole tile, and the ratio to the sweep;
* the sweep against the exact method at random pixels (seeded): RMS and worst difference [deg]
  (target: RMS <= 0.1 deg, worst <= 0.5 deg at >= 200 pixels), in the sweep's own directions
  (the exact ray marched along each pixel's local azimuth of every grid bearing), and, for
  information, after resampling each pixel's ring onto the uniform local grid (which adds the
  interpolation between bearings 0.5 deg apart).

Usage: python benchmarks/bench_terrain.py [--azimuths 720] [--pixels 200] [--baseline-pixels 8] [--height 2]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from moonbase.geometry import SurfacePoint
from moonbase.terrain.horizon import azimuth_grid, horizon_elevations, site_horizon
from moonbase.terrain.stack import TerrainStack
from moonbase.terrain.sweep import HorizonSweep, grid_to_local

TERRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "terrain"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--azimuths", type=int, default=720)
    parser.add_argument("--pixels", type=int, default=200, help="random pixels checked against the exact method")
    parser.add_argument("--baseline-pixels", type=int, default=8, help="pixels ray-marched to time the baseline")
    parser.add_argument("--height", type=float, default=2.0, help="observer height above the ground [m]")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--terrain", type=Path, default=TERRAIN)
    args = parser.parse_args()

    stack = TerrainStack.from_paths([args.terrain / "lola_ldem75s120m_pole_240m.tif",
                                     args.terrain / "lola_ldem75s120m_cap_1787m.tif"])
    print(f"terrain: {stack.describe()}; CPUs: {os.cpu_count()}; observer {args.height:g} m; seed {args.seed}")

    ridge = SurfacePoint(-89.45, 222.69, args.height)
    site_horizon(stack, ridge)  # compile
    times = []
    for _ in range(5):
        start = time.perf_counter()
        site_horizon(stack, ridge, n_azimuths=720, max_distance_km=300.0)
        times.append(time.perf_counter() - start)
    print(f"exact site horizon (720 az, 300 km), connecting ridge: median {np.median(times):.3f} s "
          f"(min {min(times):.3f} s; target <= 0.5 s)")

    sweep = HorizonSweep(stack, observer_height_m=args.height, max_distance_km=300.0)
    rng = np.random.default_rng(args.seed)
    rows = rng.integers(0, sweep.shape[0], args.pixels)
    cols = rng.integers(0, sweep.shape[1], args.pixels)
    grid_az = azimuth_grid(args.azimuths)
    sweep.direction(0.0)  # compile
    collected = np.empty((args.pixels, args.azimuths))
    start = time.perf_counter()
    for k, piece in enumerate(sweep(grid_az)):  # streamed: one map at a time, never the cube
        collected[:, k] = piece.elevation_deg[rows, cols]
    sweep_s = time.perf_counter() - start
    pixels = sweep.shape[0] * sweep.shape[1]
    print(f"sweep: {sweep.shape[0]} x {sweep.shape[1]} pixels x {args.azimuths} azimuths, terrain to 300 km: "
          f"{sweep_s:.1f} s ({sweep_s / args.azimuths * 1000:.0f} ms per azimuth; target <= 120 s)")

    lat, lon = sweep.pixel_latlon(rows, cols)
    baseline = []
    for i in range(min(args.baseline_pixels, args.pixels)):
        start = time.perf_counter()
        site_horizon(stack, SurfacePoint(float(lat[i]), float(lon[i]), args.height), args.azimuths, 300.0)
        baseline.append(time.perf_counter() - start)
    per_pixel = float(np.mean(baseline))
    print(f"ray-marching baseline: {per_pixel:.3f} s per pixel on {len(baseline)} pixels -> "
          f"{per_pixel * pixels / 3600:.1f} h for the tile; sweep is {per_pixel * pixels / sweep_s:,.0f}x faster")

    bearing = sweep.north_bearing_deg(rows, cols)
    differences = np.empty_like(collected)
    resampled = np.empty_like(collected)
    local = grid_to_local(collected, grid_az, bearing)
    for i in range(args.pixels):
        point = SurfacePoint(float(lat[i]), float(lon[i]), args.height)
        differences[i] = collected[i] - horizon_elevations(stack, point, grid_az - bearing[i], 300.0)
        resampled[i] = local[i] - site_horizon(stack, point, args.azimuths, 300.0).elevation_deg
    report("sweep vs exact, same directions", differences, rows, cols, grid_az, sweep.shape)
    report("sweep resampled to the local azimuth grid vs exact (for information)", resampled, rows, cols,
           azimuth_grid(args.azimuths), sweep.shape)


def report(title, differences, rows, cols, azimuths, shape) -> None:
    rms = float(np.sqrt(np.mean(differences ** 2)))
    worst = float(np.max(np.abs(differences)))
    i, k = np.unravel_index(np.argmax(np.abs(differences)), differences.shape)
    print(f"{title}, {differences.shape[0]} random pixels x {differences.shape[1]} azimuths: RMS {rms:.3f} deg, "
          f"worst {worst:.3f} deg (pixel row {rows[i]} col {cols[i]}, azimuth {azimuths[k]:.1f}), mean "
          f"{differences.mean():+.4f} deg, 99.9th percentile |diff| {np.percentile(np.abs(differences), 99.9):.3f} deg "
          f"(targets: RMS <= 0.1, worst <= 0.5)")
    # Pixels next to the 240 m tile's edge look across the seam to the 1.79 km tile, whose heights differ by
    # -2 +- 53 m where both are valid (measured on the two tiles [C]): there the two methods sample a height step differently.
    margin = 8
    interior = (rows >= margin) & (rows < shape[0] - margin) & (cols >= margin) & (cols < shape[1] - margin)
    edge_worst = np.max(np.abs(differences[~interior])) if (~interior).any() else float("nan")
    print(f"  {interior.sum()} pixels at least {margin} pixels from the tile's edge: RMS "
          f"{np.sqrt(np.mean(differences[interior] ** 2)):.3f} deg, worst {np.max(np.abs(differences[interior])):.3f} deg; "
          f"{(~interior).sum()} edge pixels: worst {edge_worst:.3f} deg")


if __name__ == "__main__":
    main()
