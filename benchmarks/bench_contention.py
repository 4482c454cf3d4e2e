"""Contention performance: scarce-ground extraction from a full-tile map, and the pairwise table with sightlines.

Prints, on the real LOLA tiles of ../shared/data/terrain:
* lit (> 70/80/90 %) and permanently shadowed patches, with areas, best pixels and nearest named sites, from an
  existing full-tile map (``--map``, a `moonbase map sunlight` GeoTIFF, and ``--psr``, a `moonbase contention psr`
  GeoTIFF) [s] (target <= 10 s), against labelling the same masks with a per-pixel Python flood fill;
* the contention table of 40 candidate sites (20 per programme, seeded, on the 240 m tile) with sightlines over the
  terrain and shared ground [s] (target <= 10 s), against a per-sample Python profile (one `TerrainStack.sample`
  per chord sample) timed on a few pairs and scaled per sample; both give the same verdicts on those pairs;
* with ``--cap-psr`` (the same PSR map on the 1.79 km cap tile), the PSR area poleward of 80°S against
  Mazarico et al. 2011 (Icarus 211, 1066-1081, doi:10.1016/j.icarus.2010.10.030): 16,055 km² in the south.

Without --map/--psr it first makes small full-tile inputs (a 2030 sunlight map every 6 h, 90 azimuths, and a PSR
map from the same sweep settings) so that the extraction timing runs anywhere; that set-up is not timed.

Usage: python benchmarks/bench_contention.py [--map sun.tif --psr psr.tif [--cap-psr psr_cap.tif]] [--sites 40]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import deque
from pathlib import Path

import numpy as np

from moonbase.constants import MOON_RADIUS_KM
from moonbase.contention.candidates import Candidate
from moonbase.contention.grid import read_map
from moonbase.contention.ground import label_patches, scarce_ground
from moonbase.contention.pairs import contention, cross_pairs, line_of_sight
from moonbase.terrain.stack import TerrainStack

TERRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "terrain"
MAZARICO_SOUTH_KM2 = 16_055.0  # Mazarico et al. 2011, abstract: total PSR area in the south (maps to 80°S) [R]


def python_flood_fill(mask: np.ndarray) -> int:
    """Baseline: 8-connected patches of a mask by a per-pixel breadth-first flood fill in Python."""
    rows, cols = mask.shape
    seen = np.zeros_like(mask, dtype=bool)
    cells = mask.tolist()
    count = 0
    for r in range(rows):
        row = cells[r]
        for c in range(cols):
            if row[c] and not seen[r, c]:
                count += 1
                queue = deque([(r, c)])
                seen[r, c] = True
                while queue:
                    i, j = queue.popleft()
                    for di in (-1, 0, 1):
                        for dj in (-1, 0, 1):
                            a, b = i + di, j + dj
                            if 0 <= a < rows and 0 <= b < cols and cells[a][b] and not seen[a, b]:
                                seen[a, b] = True
                                queue.append((a, b))
    return count


def python_profile_clearance(stack: TerrainStack, a: Candidate, b: Candidate, mast_m: float, step_km: float) -> float:
    """Baseline: the same chord test, one sample at a time in Python (one DEM lookup per sample)."""
    def ground(site):
        return float(stack.sample(site.lat_deg, site.lon_deg, allow_outside=True)) + mast_m

    def position(site, height_m):
        lat, lon = np.radians(site.lat_deg), np.radians(site.lon_deg)
        r = MOON_RADIUS_KM + height_m / 1000.0
        return np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)]) * r

    pa, pb = position(a, ground(a)), position(b, ground(b))
    n = max(2, int(np.ceil(np.linalg.norm(pb - pa) / step_km)))
    clear = np.inf
    for k in range(1, n):
        q = pa + (k / n) * (pb - pa)
        r = float(np.linalg.norm(q))
        lat, lon = np.degrees(np.arcsin(q[2] / r)), np.degrees(np.arctan2(q[1], q[0]))
        h = float(stack.sample(lat, lon, allow_outside=True))
        if np.isfinite(h):
            clear = min(clear, (r - MOON_RADIUS_KM) * 1000.0 - h)
    return clear


def make_inputs(stack: TerrainStack, folder: Path) -> tuple[Path, Path]:
    from moonbase.contention.shadow import shadow_map
    from moonbase.environment.maps import visibility_map
    from moonbase.environment.site import moon_sky_for
    from moonbase.report.maps import write_geotiff
    from moonbase.terrain.sweep import HorizonSweep
    from moonbase.timegrid import utc_grid

    sweep = HorizonSweep(stack, None, 2.0)
    sky = moon_sky_for(utc_grid("2030-01-01", "2031-01-01", "6h"))
    sun = write_geotiff(folder / "sun.tif", visibility_map(sweep, sky, "sunlight", 90, chunks=2), ["sun_any_pct"])
    psr = write_geotiff(folder / "psr.tif", shadow_map(sweep, sky, 90).to_dataset(), ["psr", "shadow_margin_deg"])
    return sun, psr


def random_sites(stack: TerrainStack, n: int, seed: int) -> list[Candidate]:
    """``n`` candidates, half per programme, uniform in the 240 m tile's fully covered disk (poleward of 84.5°S)."""
    rng = np.random.default_rng(seed)
    projection = stack.dems[0].projection
    rho = 150_000.0 * np.sqrt(rng.uniform(0, 1, n))
    theta = rng.uniform(0, 2 * np.pi, n)
    lat, lon = projection.inverse(rho * np.sin(theta), rho * np.cos(theta))
    return [Candidate(f"site-{i}", f"site {i}", "ilrs" if i % 2 else "artemis", float(a), float(b), "[U]", "benchmark")
            for i, (a, b) in enumerate(zip(lat, lon))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--map", type=Path, help="full-tile sunlight map GeoTIFF")
    parser.add_argument("--psr", type=Path, help="full-tile PSR map GeoTIFF on the same grid")
    parser.add_argument("--cap-psr", type=Path, help="PSR map of the 1.79 km cap tile (for the 80-84°S band)")
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--baseline-pairs", type=int, default=6)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--terrain", type=Path, default=TERRAIN)
    args = parser.parse_args()
    stack = TerrainStack.from_paths([args.terrain / "lola_ldem75s120m_pole_240m.tif",
                                     args.terrain / "lola_ldem75s120m_cap_1787m.tif"])
    print(f"terrain: {stack.describe()}; CPUs: {os.cpu_count()}; seed {args.seed} (machine shared: timings are upper bounds)")

    with tempfile.TemporaryDirectory() as tmp:
        sun_path, psr_path = (args.map, args.psr) if args.map and args.psr else make_inputs(stack, Path(tmp))
        import rasterio  # noqa: F401  (imported before the clock starts: a one-time cost of seconds)

        start = time.perf_counter()
        grid, psr = read_map(sun_path), read_map(psr_path)
        read_s = time.perf_counter() - start
        ground = scarce_ground(grid, psr)
        extract_s = time.perf_counter() - start
    rows, cols = grid.shape
    print(f"scarce ground of a {rows} x {cols} map ({sun_path.name} + {psr_path.name}): {extract_s:.2f} s, of which "
          f"reading the two GeoTIFFs {read_s:.2f} s (target <= 10 s): " + ", ".join(f"lit > {t:g} %: {a:.1f} km² in {ground.lit_patch_count[t]} patches"
                                           for t, a in ground.lit_area_km2.items())
          + f"; PSR {ground.psr_area_km2:.0f} km² in {ground.psr_patch_count} patches")
    masks = [grid.bands["sun_any_pct"] > 70.0, psr.bands["psr"] > 0.5]
    start = time.perf_counter()
    fast_counts = [label_patches(m)[1] for m in masks]
    label_s = time.perf_counter() - start
    start = time.perf_counter()
    counts = [python_flood_fill(m) for m in masks]
    baseline_s = time.perf_counter() - start
    assert counts == fast_counts == [ground.lit_patch_count[70.0], ground.psr_patch_count], (counts, fast_counts)
    print(f"  baseline: per-pixel Python flood fill of the lit > 70 % and PSR masks: {baseline_s:.1f} s against "
          f"{label_s:.3f} s for scipy.ndimage.label (same patch counts): {baseline_s / label_s:.0f}x; the whole "
          f"extraction (4 masks, areas, best pixels, nearest sites) takes {extract_s / baseline_s:.2f} of the baseline's time")

    sites = random_sites(stack, args.sites, args.seed)
    contention(sites[:4], grid, ground, stack)  # compile the kernels
    start = time.perf_counter()
    result = contention(sites, grid, ground, stack)
    table_s = time.perf_counter() - start
    pairs = cross_pairs(sites)
    print(f"contention of {len(sites)} sites ({len(pairs)} pairs of different programmes) with sightlines and shared "
          f"ground: {table_s:.2f} s (target <= 10 s); {sum(bool(p.line_of_sight) for p in result.pairs)} in sight")
    step_km = 0.5 * stack.finest_pixel_m / 1000.0
    subset = pairs[:args.baseline_pairs]
    fast = line_of_sight(stack, sites, subset)
    start = time.perf_counter()
    slow = [python_profile_clearance(stack, sites[i], sites[j], 2.0, step_km) for i, j in subset]
    baseline_pair_s = (time.perf_counter() - start) / len(subset)
    assert all((f > 0) == (s > 0) for f, s in zip(fast, slow)), (fast, slow)
    worst = max(abs(f - s) for f, s in zip(fast, slow))
    print(f"  baseline: per-sample Python profile {baseline_pair_s:.2f} s per pair on {len(subset)} pairs (same verdicts, "
          f"clearances within {worst:.3f} m), so {baseline_pair_s * len(pairs):.0f} s for the {len(pairs)} sightlines "
          f"alone; ratio {baseline_pair_s * len(pairs) / table_s:.0f}x")

    if args.cap_psr:
        cap = read_map(args.cap_psr)
        cap_ground = scarce_ground(cap, sites=[])
        inner = ground.psr_area_poleward_km2(psr, -84.0)
        band = cap_ground.psr_area_poleward_km2(cap, -80.0) - cap_ground.psr_area_poleward_km2(cap, -84.0)
        cap_inner = cap_ground.psr_area_poleward_km2(cap, -84.0)
        total = inner + band
        print(f"PSR area poleward of 80°S: 240 m tile to 84°S {inner:,.0f} km² + 1.79 km cap for 80-84°S {band:,.0f} km² "
              f"= {total:,.0f} km², {100 * (total / MAZARICO_SOUTH_KM2 - 1):+.1f} % from Mazarico et al. 2011 "
              f"({MAZARICO_SOUTH_KM2:,.0f} km²); poleward of 84°S the cap finds {cap_inner:,.0f} km² "
              f"({100 * (cap_inner / inner - 1):+.0f} % of the 240 m figure), so the band scaled by that ratio gives "
              f"{inner + band * inner / cap_inner:,.0f} km² ({100 * ((inner + band * inner / cap_inner) / MAZARICO_SOUTH_KM2 - 1):+.1f} %)")


if __name__ == "__main__":
    main()
