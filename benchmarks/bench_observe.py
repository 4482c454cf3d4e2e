"""Benchmark: a lunar site seen from Earth (issue #16 speed targets), and a world map of the best case.

Targets on the 2-core reference machine: one observer, 19 years hourly, ≤ 1 s; 100 observers (a world
grid) ≤ 10 s. Timed: Earth orientation, the site's illumination over the terrain horizon, the view from
each observer (one numba pass) and the limiting magnitude of one instrument at every epoch. The shared
per-epoch ephemeris (``LunarEphemeris.moon_sky``, computed once per plan for every section) is timed
separately. Baseline, measured in the same run: a per-epoch skyfield loop (the observer's Moon and Sun
altitude and the site's view of the observer, one ``Time`` per epoch), timed on a sample of epochs and
scaled to the full period.

Writes ``--map PATH`` (default ``observe_world_map.html`` in the temporary directory; offline plotly): the best-case limiting magnitude
of the instrument at each grid observer, with the lamp magnitude for comparison.

Run: python benchmarks/bench_observe.py [--instrument amateur-20cm] [--map observe_world_map.html]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from moonbase.ephemeris import LunarEphemeris, kernel_paths
from moonbase.observe.detect import detect
from moonbase.observe.instruments import get_instrument
from moonbase.observe.lamp import Lamp
from moonbase.observe.observers import resolve_observer, world_grid
from moonbase.observe.view import earth_orientation, site_illumination, view_from_earth
from moonbase.sites import get_site
from moonbase.terrain.source import resolve_horizon
from moonbase.timegrid import timescale, utc_grid

CHUNK = 25  # observers per view: (25, 166,000) float64 arrays ≈ 33 MB each


def timed(function):
    """((wall s, CPU s), result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return (time.perf_counter() - wall, time.process_time() - cpu), result


def best_limits(sky, site, horizon, observers, instrument, lamp, eph):
    """Best-case limiting magnitude (site facing, site dark, Moon above 10° at night) per observer."""
    q = earth_orientation(sky, eph)
    light = site_illumination(sky, site, horizon)
    best = np.full(len(observers), np.nan)
    hours = np.zeros(len(observers))
    for start in range(0, len(observers), CHUNK):
        chunk = observers[start:start + CHUNK]
        view = view_from_earth(sky, site, horizon, chunk, eph, q, light)
        for i in range(len(chunk)):
            found = detect(view, instrument, lamp, i, candidates_only=True)
            good = found.observable & found.site_dark & found.observer_night
            hours[start + i] = good.sum()
            if good.any():
                best[start + i] = np.nanmax(found.limiting_mag[good])
    return best, hours


def skyfield_loop(eph, utc, site, observer, count=200):
    """Seconds per epoch of a per-epoch skyfield computation of the same geometry."""
    from skyfield.api import wgs84
    from skyfield.planetarylib import PlanetaryConstants

    paths = kernel_paths()
    constants = PlanetaryConstants()
    with open(paths["fk"], "rb") as handle:
        constants.read_text(handle)
    with open(paths["bpc"], "rb") as handle:
        constants.read_binary(handle)
        frame = constants.build_frame_named("MOON_ME_DE421")
        constants.variables["BODY301_RADII"] = [1737.4, 1737.4, 1737.4]
        kernel = eph.skyfield_kernel
        lunar_site = kernel["moon"] + constants.build_latlon_degrees(frame, site.lat_deg, site.lon_deg, site.height_m)
        place = kernel["earth"] + wgs84.latlon(observer.lat_deg, observer.lon_deg, elevation_m=observer.height_m)
        ts = timescale()
        sample = utc[:: max(1, len(utc) // count)][:count]
        start = time.process_time()
        for moment in sample:
            t = ts.from_datetime(moment.astype("datetime64[us]").item().replace(tzinfo=__import__("datetime").timezone.utc))
            place.at(t).observe(kernel["moon"]).apparent().altaz()
            place.at(t).observe(kernel["sun"]).apparent().altaz()
            lunar_site.at(t).observe(place).apparent().frame_latlon(frame)
        return (time.process_time() - start) / len(sample)


def write_map(path, observers, best, hours, lamp_mag, instrument_label, site_label):
    import plotly.graph_objects as go

    lat = [o.lat_deg for o in observers]
    lon = [o.lon_deg for o in observers]
    text = [f"{o.name}: best V {b:.1f}, {h:,.0f} best-chance hours" if np.isfinite(b) else f"{o.name}: never"
            for o, b, h in zip(observers, best, hours)]
    figure = go.Figure(go.Scattergeo(lat=lat, lon=lon, text=text, mode="markers",
                                     marker={"size": 11, "color": best, "colorscale": "Viridis",
                                             "colorbar": {"title": "best limiting V"}}))
    figure.update_layout(title=f"{instrument_label}: faintest point at {site_label}, best moment 2030–2048 "
                               f"(a 10 kW lamp is V {lamp_mag:.1f})", geo={"projection_type": "natural earth"})
    figure.write_html(path, include_plotlyjs=True, full_html=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instrument", default="amateur-20cm")
    parser.add_argument("--map", default=str(Path(tempfile.gettempdir()) / "observe_world_map.html"))
    args = parser.parse_args()
    eph = LunarEphemeris.default()
    utc = utc_grid("2030-01-01", "2048-12-31", "1h")
    site = get_site("connecting-ridge").point(10.0)
    horizon = resolve_horizon(site).to_mask()
    instrument, lamp = get_instrument(args.instrument), Lamp(10e3)
    beijing = resolve_observer("beijing")
    grid = world_grid(10, 10)

    best_limits(eph.moon_sky(utc[:200]), site, horizon, [beijing], instrument, lamp, eph)  # compile numba kernels

    (sky_s, sky_cpu), sky = timed(lambda: eph.moon_sky(utc))
    (one_s, one_cpu), _ = timed(lambda: best_limits(sky, site, horizon, [beijing], instrument, lamp, eph))
    (grid_s, grid_cpu), (best, hours) = timed(lambda: best_limits(sky, site, horizon, grid, instrument, lamp, eph))
    per_epoch_s = skyfield_loop(eph, utc, site, beijing)
    baseline_one = per_epoch_s * len(utc)

    print(f"epochs: {len(utc):,} (2030-2048 hourly); site connecting-ridge at 10 m; instrument {instrument.key}")
    print("times: wall clock, and CPU seconds of this process (all threads; the fair figure on a shared machine)")
    print(f"shared ephemeris (moon_sky, once per plan): {sky_s:.2f} s wall, {sky_cpu:.2f} s CPU")
    print(f"one observer: {one_s:.2f} s wall, {one_cpu:.2f} s CPU (target <= 1 s); with the ephemeris "
          f"{one_s + sky_s:.2f} s wall, {one_cpu + sky_cpu:.2f} s CPU")
    print(f"100 observers: {grid_s:.2f} s wall, {grid_cpu:.2f} s CPU (target <= 10 s); with the ephemeris "
          f"{grid_s + sky_s:.2f} s wall, {grid_cpu + sky_cpu:.2f} s CPU")
    print(f"baseline, per-epoch skyfield loop: {per_epoch_s * 1e3:.2f} ms CPU/epoch -> {baseline_one:,.0f} s for one "
          f"observer, {100 * baseline_one:,.0f} s for 100")
    print(f"ratio (CPU): one observer {baseline_one / one_cpu:,.0f}x faster; 100 observers "
          f"{100 * baseline_one / grid_cpu:,.0f}x faster")
    finite = best[np.isfinite(best)]
    print(f"world grid best-case limiting V: {finite.min():.1f} to {finite.max():.1f} "
          f"({len(finite)} of {len(grid)} observers ever have a dark site at night with the Moon above 10°)")
    print(f"best-chance hours per observer over 19 years: {hours.min():,.0f} to {hours.max():,.0f}")
    write_map(args.map, grid, best, hours, float(lamp.magnitude()), instrument.label, site.name)
    print(f"world map: {args.map}")


if __name__ == "__main__":
    main()
