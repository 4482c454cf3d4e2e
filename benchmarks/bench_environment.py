"""Benchmark: site statistics and sunlight maps (speed targets).

1. One site, 19 years at 1-hour steps (166,537 epochs), statistics from an existing horizon mask:
   target ≤ 1 s. Baseline in the same run: a per-epoch loop (the Sun's and the Earth's disk against the
   horizon one epoch at a time with numpy), timed on a sample of epochs and scaled.
2. A sunlight map of all 1536 × 1536 pixels of the 240 m tile for one year at 1-hour steps: target ≤ 5 min.
   Baseline in the same run: the per-pixel, per-epoch site method (exact horizon of the pixel, then its
   visibility series), timed on a sample of pixels and scaled to the whole map.

Needs the LOLA test tiles (the test-data folder, see tests/conftest.py). Run: python benchmarks/bench_environment.py [--map-years N] [--skip-map]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from moonbase.environment.maps import visibility_map
from moonbase.environment.site import assess, moon_sky_for
from moonbase.geometry import SurfacePoint, sky_at_site
from moonbase.kernels.visibility import segment_fraction
from moonbase.terrain.builtin import builtin_horizon
from moonbase.terrain.horizon import site_horizon
from moonbase.terrain.stack import TerrainStack
from moonbase.terrain.sweep import HorizonSweep
from moonbase.timegrid import utc_grid

TERRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "terrain"


def per_epoch_baseline(sky, point, mask, sample: int) -> float:
    """Seconds per epoch for a plain per-epoch loop over the same model."""
    view = sky_at_site(sky, point)
    start = time.perf_counter()
    for i in range(sample):
        for body in ("sun", "earth"):
            b = view[body]
            h = float(mask.at(b.azimuth_deg[i]))
            segment_fraction((b.elevation_deg[i] - h) / b.angular_radius_deg[i], 1.0)
    return (time.perf_counter() - start) / sample


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--map-years", type=float, default=1.0)
    parser.add_argument("--skip-map", action="store_true")
    args = parser.parse_args()

    point = SurfacePoint(-89.45, 222.69, 2.0, "connecting-ridge")
    mask = builtin_horizon(point).to_mask()
    utc = utc_grid("2030-01-01", "2048-12-31", "1h")
    assess(moon_sky_for(utc[:200]), point, mask)  # compile outside the timing
    start = time.perf_counter()
    sky = moon_sky_for(utc)
    stats = assess(sky, point, mask).statistics
    site_s = time.perf_counter() - start
    baseline = per_epoch_baseline(sky, point, mask, 5000) * len(utc)
    print(f"site statistics, {len(utc):,} epochs (19 y, 1 h): {site_s:.3f} s (target <= 1 s); per-epoch loop "
          f"{baseline:.1f} s (scaled from 5,000 epochs); ratio {baseline / site_s:.0f}x; sun_any_pct {stats['sun_any_pct']:.2f}")

    if args.skip_map:
        return
    stack = TerrainStack.from_paths([TERRAIN / "lola_ldem75s120m_pole_240m.tif", TERRAIN / "lola_ldem75s120m_cap_1787m.tif"])
    hours = int(round(args.map_years * 8766))
    map_utc = utc_grid("2030-01-01", str(np.datetime64("2030-01-01") + np.timedelta64(hours, "h")), "1h")
    sweep = HorizonSweep(stack, None, 2.0)
    tiny = HorizonSweep(stack, (700, 704, 900, 904), 2.0)
    visibility_map(tiny, moon_sky_for(map_utc[:50]), "sunlight", n_azimuths=8, chunks=2)  # compile
    start = time.perf_counter()
    dataset = visibility_map(sweep, moon_sky_for(map_utc), "sunlight", n_azimuths=720, chunks=8)
    map_s = time.perf_counter() - start

    rng = np.random.default_rng(3)
    rows, cols = rng.integers(0, 1536, 3), rng.integers(0, 1536, 3)
    sky = moon_sky_for(map_utc)
    start = time.perf_counter()
    for r, c in zip(rows, cols):
        lat, lon = sweep.pixel_latlon(r, c)
        p = SurfacePoint(float(lat), float(lon), 2.0)
        assess(sky, p, site_horizon(stack, p).to_mask())
    per_pixel = (time.perf_counter() - start) / len(rows)
    baseline_map = per_pixel * 1536 * 1536
    start = time.perf_counter()
    for azimuth in np.arange(8) * 45.0:
        sweep.direction(float(azimuth))
    sweep_s = (time.perf_counter() - start) / 8 * 720
    per_year_accumulation = max(map_s - sweep_s, 0.0) / args.map_years
    print(f"  of which the horizon sweep ≈ {sweep_s:.0f} s (8 azimuths timed, x 90); a full 18.6-year cycle at 1 h "
          f"would take ≈ {(sweep_s + 18.6 * per_year_accumulation) / 60:.0f} min (sweep once + 18.6 x the accumulation; "
          f"an estimate from these measured parts, not a run)")
    print(f"sunlight map 1536 x 1536, {len(map_utc):,} epochs ({args.map_years:g} y, 1 h), 720 azimuths: {map_s:.1f} s "
          f"(target <= 300 s for 1 y); per-pixel site method {baseline_map / 3600:.1f} h (scaled from {len(rows)} pixels); "
          f"ratio {baseline_map / map_s:.0f}x; max sun_any_pct {float(dataset['sun_any_pct'].max()):.1f}")


if __name__ == "__main__":
    main()
