"""Benchmark: Sun and Earth azimuth/elevation over 19 years at 1-hour steps (speed targets).

Targets on the 2-core reference machine: one site ≤ 0.5 s; 1,000 sites ≤ 10 s (both including the
per-epoch ephemeris and frame work, which is shared by all sites). Baseline, measured in the same
run: skyfield's own apparent-position pipeline per site (``(moon + site).at(t).observe(body).apparent()``
with the MOON_ME_DE421 frame from the same kernels), timed on one site and scaled to 1,000 sites.

Run: python benchmarks/bench_ephemeris.py
"""

from __future__ import annotations

import time

import numpy as np
from skyfield.planetarylib import PlanetaryConstants

from moonbase.ephemeris import LunarEphemeris, kernel_paths
from moonbase.geometry import SurfacePoint, sky_at_site, sky_at_sites
from moonbase.timegrid import to_time, utc_grid


def timed(function, repeat: int = 3) -> float:
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def skyfield_per_site(eph: LunarEphemeris, utc: np.ndarray, point: SurfacePoint):
    """The baseline: skyfield's apparent pipeline for one lunar site."""
    paths = kernel_paths()
    constants = PlanetaryConstants()
    with open(paths["fk"], "rb") as handle:
        constants.read_text(handle)
    with open(paths["bpc"], "rb") as handle:
        constants.read_binary(handle)
        frame = constants.build_frame_named("MOON_ME_DE421")
        constants.variables["BODY301_RADII"] = [1737.4, 1737.4, 1737.4]
        kernel = eph.skyfield_kernel
        site = kernel["moon"] + constants.build_latlon_degrees(frame, point.lat_deg, point.lon_deg, point.height_m)
        t = to_time(utc)
        out = []
        for body in ("sun", "earth"):
            apparent = site.at(t).observe(kernel[body]).apparent()
            out.append(apparent.frame_latlon(frame))
        return out


def main() -> None:
    eph = LunarEphemeris.default()
    utc = utc_grid("2030-01-01", "2048-12-31", "1h")
    point = SurfacePoint(-89.45, 222.69, 2.0)
    rng = np.random.default_rng(1)
    points = [SurfacePoint(float(lat), float(lon)) for lat, lon in zip(rng.uniform(-90, -80, 1000), rng.uniform(0, 360, 1000))]

    sky_at_site(eph.moon_sky(utc[:100]), point)  # compile the numba kernels outside the timing
    sky_at_sites(eph.moon_sky(utc[:100]), points[:2], dtype=np.float32, with_range=False)

    one_site = timed(lambda: sky_at_site(eph.moon_sky(utc), point))
    many_sites = timed(lambda: sky_at_sites(eph.moon_sky(utc), points, dtype=np.float32, with_range=False), repeat=1)

    sample = utc[:20_000]
    baseline_sample = timed(lambda: skyfield_per_site(eph, sample, point), repeat=1)
    baseline_one = baseline_sample * len(utc) / len(sample)

    print(f"epochs: {len(utc):,} (2030-01-01 .. 2048-12-31, 1 h)")
    print(f"one site:    {one_site:7.3f} s   (target <= 0.5 s)   skyfield per-site pipeline: {baseline_one:7.2f} s "
          f"(scaled from {len(sample):,} epochs)   ratio {baseline_one / one_site:6.1f}x")
    print(f"1,000 sites: {many_sites:7.3f} s   (target <= 10 s)    skyfield per-site pipeline: {1000 * baseline_one:7.0f} s "
          f"(scaled)   ratio {1000 * baseline_one / many_sites:6.0f}x")


if __name__ == "__main__":
    main()
