"""What the API computes inline: statistics, panorama and windows at a point (cached), and the job works.

Inline requests are bounded (epochs × azimuths ≤ ``Settings.limits["point_work"]``); skies and
horizons are cached so repeated requests for the same period and point are fast.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from ..errors import InputError, MoonbaseError
from ..geometry import sky_at_site
from ..output import atomic_directory, dumps_json, to_jsonable
from ..terrain.horizon import DEFAULT_AZIMUTHS
from .settings import Settings


class _Cache:
    """A small thread-safe LRU cache; ``make`` runs outside the lock (two threads may compute the same value once)."""

    def __init__(self, size: int):
        self.size, self._items, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key, make):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


_SKIES, _HORIZONS, _RESULTS, _STACKS, _ENCODED = _Cache(8), _Cache(256), _Cache(512), _Cache(2), _Cache(512)


def check_work(epochs: int, sites: int, azimuths: int, limit: float, what: str) -> None:
    """Refuse a request whose epochs × sites × azimuths exceeds ``limit``, saying how to shrink it."""
    work = float(epochs) * sites * azimuths
    if work > limit:
        raise InputError("period", f"{epochs:,} epochs x {sites} site(s) x {azimuths} azimuths", f"at most {limit:,.0f} "
                         f"for {what}: use a coarser step or a shorter period")


def _sky(period):
    from ..environment.site import moon_sky_for

    return _SKIES.get((period.start, period.end, period.step), lambda: moon_sky_for(period.utc()))


def _stack(dem_paths: tuple):
    from ..terrain.stack import TerrainStack

    return _STACKS.get(dem_paths, lambda: TerrainStack.from_paths(list(dem_paths)))


def _horizon(point, settings: Settings):
    """The horizon from the app's DEMs (read once), else as ``resolve_horizon`` finds it (fetched, built-in)."""
    from ..terrain.horizon import site_horizon
    from ..terrain.source import resolve_horizon

    def make():
        if settings.dem_paths:
            return site_horizon(_stack(settings.dem_paths), point)
        return resolve_horizon(point)

    key = (round(point.lat_deg, 7), round(point.lon_deg, 7), point.height_m, point.name, settings.dem_paths)
    return _HORIZONS.get(key, make)


def _prepare(request, settings: Settings):
    epochs = len(request.period.utc())
    check_work(epochs, 1, DEFAULT_AZIMUTHS, settings.limits["point_work"], "one request")
    point = request.point()
    return point, _sky(request.period), _horizon(point, settings)


def _key(kind, request, settings):
    return (kind, request.model_dump_json(), settings.dem_paths)


def statistics(request, settings: Settings) -> dict:
    """`moonbase site --json` for one point."""
    from ..environment.site import assess

    def make():
        point, sky, horizon = _prepare(request, settings)
        return to_jsonable(assess(sky, point, horizon.to_mask(), horizon.source).record())

    return _RESULTS.get(_key("stats", request, settings), make)


def panorama(request, settings: Settings) -> dict:
    """The horizon in every azimuth and the Sun's and Earth's paths (az/el) over the period, with the statistics."""
    def make():
        point, sky, horizon = _prepare(request, settings)
        view = sky_at_site(sky, point)
        every = max(1, -(-len(sky) // request.samples))
        paths = {}
        for body in ("sun", "earth"):
            b = view[body]
            paths[body] = {"azimuth_deg": np.round(b.azimuth_deg[::every], 3).tolist(),
                           "elevation_deg": np.round(b.elevation_deg[::every], 3).tolist(),
                           "angular_radius_deg": float(np.mean(b.angular_radius_deg))}
        return {"lat_deg": point.lat_deg, "lon_deg": point.lon_deg, "height_m": point.height_m, "site": point.name,
                "horizon": {"azimuth_deg": horizon.azimuth_deg.tolist(), "elevation_deg": np.round(horizon.elevation_deg, 4).tolist(),
                            "source": horizon.source},
                "paths": paths, "path_every_epochs": every, "statistics": statistics(request, settings)}

    return _RESULTS.get(_key("panorama", request, settings), make)


def windows(request, settings: Settings) -> dict:
    """`moonbase windows --json` for one point."""
    from ..environment.site import assess
    from ..environment.windows import StayRequirement, assess_starts, merged_windows

    def make():
        point, sky, horizon = _prepare(request, settings)
        result = assess(sky, point, horizon.to_mask(), horizon.source)
        starts = assess_starts(result.series, StayRequirement(request.stay_h, request.min_sun_fraction, 0.0,
                                                              request.min_earth_pct))
        found = merged_windows(starts, request.stay_h)
        return to_jsonable({"stay_h": request.stay_h, "candidates": int(starts.accepted.size),
                            "accepted": int(starts.accepted.sum()), "windows": found, "horizon_source": horizon.source})

    return _RESULTS.get(_key("windows", request, settings), make)


def encoded(kind: str, request, settings: Settings) -> bytes:
    """The JSON bytes of ``statistics``, ``panorama`` or ``windows`` for ``request``, cached (no re-encoding per hit)."""
    import json

    function = {"statistics": statistics, "panorama": panorama, "windows": windows}[kind]
    return _ENCODED.get(_key(kind, request, settings), lambda: json.dumps(function(request, settings)).encode("utf-8"))


# -- job works: (params, result_dir, progress) -> summary

def plan_work(params: dict, result_dir: Path, progress) -> dict:
    from ..scenario import Scenario
    from .plan_jobs import plan_files, run_plan_job

    summary = run_plan_job(Scenario.model_validate(params["scenario"]), result_dir, progress)
    return {"scenario": summary.get("scenario"), "title": summary.get("title"), "files": plan_files(result_dir)}


def make_map_work(settings: Settings):
    def map_work(params: dict, result_dir: Path, progress) -> dict:
        from .default_map import build_map_product

        dems = [settings.allowed_dem(name) for name in params["dem"]]
        period = params["period"]
        build_map_product(dems, period["start"], period["end"], period.get("step", "1h"), result_dir, params["height_m"],
                          params["azimuths"], params["downsample"], params.get("window"), progress=progress,
                          command="web map job")
        return {"files": ["map.json", "map.npz"]}
    return map_work


def cola_work(params: dict, result_dir: Path, progress) -> dict:
    from ..timegrid import parse_instant
    from ..traffic.cola import sweep
    from ..report.cola import write_cola
    from ..traffic.cola_output import cola_summary
    from ..traffic.launch import Ascent, get_launch_site
    from ..traffic.snapshot import packaged_catalog

    progress(0.05, "loading the packaged catalogue")
    launch_site = get_launch_site(params["site"])
    ascent = Ascent(launch_site, params["altitude_km"], params["inclination_deg"], ascending=True)
    progress(0.15, "sweeping every launch second")
    result = sweep(packaged_catalog(), ascent, parse_instant(params["window_start"], "window_start"),
                   params["window_minutes"], params["coverage_minutes"], params["miss_km"], params["crewed_km"])
    progress(0.9, "writing")
    write_cola(result, result_dir)
    summary = cola_summary(result)
    summary.pop("intervals")
    return to_jsonable(summary)
