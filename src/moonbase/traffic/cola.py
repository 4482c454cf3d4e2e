"""Launch collision avoidance (COLA): which seconds of a launch window are closed.

A launch second is **closed** when the vehicle's nominal trajectory, from liftoff to a chosen time
after insertion, passes within the stand-off of a catalogued object:

* crewed or crewable objects (ISS, Tiangong and visiting crew vehicles): 200 km, spherical
  (Hametz & Beaver, NASA LSP, NTRS 20130009700: "within 200 km of the ISS (or any other
  manned/mannable object)");
* everything else: a miss distance, 25 km by default (the FAA 14 CFR 450.169 tier for active
  satellites as recalled, **unverified**), or a collision probability: with ``pc_max`` set, the
  distance at which a circular-Gaussian Pc (stated sigma and hard-body radius) reaches ``pc_max``.

Coverage runs to insertion + 100 minutes by default (Hametz & Beaver: "launch through separation
+ 100 minutes"). Objects whose element sets are too old for the window are left out and listed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import brentq

from ..errors import InputError
from ..kernels.cola import sweep_launch_window
from .catalog import Catalog
from .launch import Ascent, gmst_rad, rotate_z
from .pc import pc_in_plane
from .propagate import DEFAULT_MAX_AGE_DAYS, Exclusion, propagate

#: Stand-off from crewed or crewable objects [km]: Hametz & Beaver, NASA LSP, NTRS 20130009700 [R].
CREWED_STANDOFF_KM = 200.0
#: Miss distance for every other object [km]: the FAA 14 CFR 450.169 tier for active satellites, recalled [M].
DEFAULT_MISS_KM = 25.0
#: Coverage after insertion [min]: "launch through separation + 100 minutes" (Hametz & Beaver) [R].
DEFAULT_COVERAGE_AFTER_INSERTION_MIN = 100.0
#: Pad on mean-element perigee/apogee for the pre-filter [km]: SGP4's short-period radial motion and a
#: day of decay stay well inside it (checked in tests against sampled radii).
APSIS_PAD_KM = 50.0
#: Default combined 1-sigma position uncertainty for Pc-based closures [km] (a stated assumption: launch
#: dispersions are large; Hametz & Beaver report few conjunctions with Pc > 1e-5 for that reason).
DEFAULT_COLA_SIGMA_KM = 1.0
#: Combined hard-body radius for Pc-based closures [m]: a launch vehicle upper stage plus a small object,
#: a round planning value [M].
DEFAULT_COLA_HARD_BODY_RADIUS_M = 10.0


def pc_equivalent_distance_km(pc_max: float, sigma_km: float, hard_body_radius_m: float) -> float:
    """Miss distance at which the isotropic 2-D Pc equals ``pc_max`` (Pc falls monotonically with distance)."""
    radius_km = hard_body_radius_m / 1000.0
    cov = np.diag([sigma_km**2, sigma_km**2])[None]
    pc = lambda d: pc_in_plane(np.array([d]), cov, radius_km)[0] - pc_max  # noqa: E731
    if pc(0.0) <= 0.0:
        return 0.0
    return float(brentq(pc, 0.0, 50.0 * sigma_km + radius_km, xtol=1e-6))


@dataclass
class ColaResult:
    ascent: Ascent
    window_start_utc: np.datetime64
    launch_utc: np.ndarray  # every launch second
    closed: np.ndarray  # bool per launch second
    closest_km: np.ndarray  # the closest object's distance per launch second (inf beyond reach)
    closest_norad: np.ndarray  # -1 where nothing is within reach
    closest_ratio: np.ndarray  # distance / that object's threshold; < 1 closes the second
    objects_norad: np.ndarray
    objects_name: list
    objects_threshold_km: np.ndarray
    objects_min_km: np.ndarray  # closest approach over the whole window per object
    objects_min_launch_utc: np.ndarray
    objects_min_time_utc: np.ndarray
    excluded: list[Exclusion]
    settings: dict
    stats: dict = field(default_factory=dict)

    def intervals(self) -> list[dict]:
        """Runs of open and closed seconds: start, end (exclusive), state, duration, the objects that close it."""
        result = []
        edges = np.flatnonzero(np.diff(self.closed.astype(np.int8))) + 1
        bounds = np.concatenate([[0], edges, [self.closed.size]])
        for a, b in zip(bounds[:-1], bounds[1:]):
            closed = bool(self.closed[a])
            culprits = sorted({int(n) for n in self.closest_norad[a:b] if n >= 0}) if closed else []
            result.append({
                "start_utc": f"{np.datetime_as_string(self.launch_utc[a], unit='s')}Z",
                "end_utc": f"{np.datetime_as_string(self.launch_utc[a] + np.timedelta64(b - a, 's'), unit='s')}Z",
                "state": "closed" if closed else "open", "duration_s": int(b - a),
                "closest_km": float(np.min(self.closest_km[a:b])) if closed else None,
                "objects": " ".join(map(str, culprits)),
            })
        return result


def sweep(catalog: Catalog, ascent: Ascent, window_start_utc, window_minutes: float,
          coverage_after_insertion_min: float = DEFAULT_COVERAGE_AFTER_INSERTION_MIN,
          miss_km: float = DEFAULT_MISS_KM, crewed_km: float = CREWED_STANDOFF_KM, pc_max: float | None = None,
          sigma_km: float = DEFAULT_COLA_SIGMA_KM, hard_body_radius_m: float = DEFAULT_COLA_HARD_BODY_RADIUS_M,
          max_age_days: float = DEFAULT_MAX_AGE_DAYS, step_s: float = 1.0, report_within_km: float = 0.0) -> ColaResult:
    """Closed and open launch seconds of a window against ``catalog``.

    ``report_within_km``: also resolve approaches up to this distance (for listing the closest ones)
    even where the closure threshold is smaller; farther approaches are reported as +inf.
    """
    if not 0 < window_minutes <= 24 * 60:
        raise InputError("window_minutes", window_minutes, "a window of more than 0 and at most 1,440 minutes")
    if not 0 < coverage_after_insertion_min <= 24 * 60:
        raise InputError("coverage_after_insertion_min", coverage_after_insertion_min, "0 to 1,440 minutes")
    stats = {}
    clock = time.perf_counter()
    start = np.datetime64(window_start_utc, "ms")
    other_km = pc_equivalent_distance_km(pc_max, sigma_km, hard_body_radius_m) if pc_max is not None else miss_km
    launches = int(round(window_minutes * 60.0 / step_s)) + 1
    steps = int(round((ascent.insertion_time_s + coverage_after_insertion_min * 60.0) / step_s)) + 1
    tau = np.arange(steps) * step_s
    path = np.ascontiguousarray(ascent.positions_earth_fixed(start, tau))
    path_radius = np.linalg.norm(path, axis=1)
    crewed = catalog.crewed_mask()
    threshold = np.where(crewed, crewed_km, other_km)
    # Apogee/perigee filter: only objects whose radial shell comes within reach of the path's.
    reach = np.maximum(threshold, report_within_km)
    reach_low = path_radius.min() - 6378.135 - reach - APSIS_PAD_KM
    reach_high = path_radius.max() - 6378.135 + reach + APSIS_PAD_KM
    candidates = np.flatnonzero((catalog.perigee_km <= reach_high) & (catalog.apogee_km >= reach_low))
    stats["objects_after_apsis_filter"] = int(candidates.size)
    from .. import worksize

    worksize.check_bytes(
        f"a COLA sweep of {candidates.size:,} objects x {launches + steps:,} s",
        worksize.BASE_BYTES + candidates.size * ((launches + steps) * worksize.COLA_BYTES_PER_OBJECT_SECOND
                                                 + launches * worksize.COLA_BYTES_PER_OBJECT_LAUNCH),
        "use a shorter window_minutes= or coverage_minutes=")
    utc = start + (np.arange(launches + steps) * step_s * 1000.0).astype("timedelta64[ms]")
    states = propagate(catalog, utc, max_age_days, index=candidates)
    same = catalog.same_elements_as()[states.index]
    keep = same == states.index
    excluded = list(states.excluded) + [
        Exclusion(int(i), catalog.objects[i].norad, catalog.objects[i].name,
                  f"same element set as {catalog.objects[s].norad} {catalog.objects[s].name}")
        for i, s in zip(states.index[~keep], same[~keep])
    ]
    index = states.index[keep]
    objects = np.ascontiguousarray(rotate_z(states.position_km[keep], -gmst_rad(utc)[None, :]))
    stats["propagation_s"] = time.perf_counter() - clock
    clock = time.perf_counter()
    if index.size:
        object_speed = np.linalg.norm(np.diff(objects, axis=1), axis=2).max() / step_s
    else:
        object_speed = 0.0
    path_speed = np.linalg.norm(np.diff(path, axis=0), axis=1).max() / step_s
    best, when = sweep_launch_window(path, objects, launches, reach[index].astype(float), 20,
                                     1.05 * (object_speed + path_speed), step_s)
    stats["sweep_s"] = time.perf_counter() - clock
    ratio = best / threshold[index][:, None]
    launch_utc = utc[:launches].astype("datetime64[s]")
    if index.size:
        worst = np.argmin(ratio, axis=0)
        closest_ratio = ratio[worst, np.arange(launches)]
        closest_km = best[worst, np.arange(launches)]
        closest_norad = np.where(np.isfinite(closest_km), catalog.norad[index][worst], -1)
    else:
        closest_ratio = closest_km = np.full(launches, np.inf)
        closest_norad = np.full(launches, -1)
    object_best = np.min(best, axis=1) if index.size else np.zeros(0)
    object_launch = np.argmin(best, axis=1) if index.size else np.zeros(0, int)
    offset_s = when[np.arange(index.size), object_launch] * step_s if index.size else np.zeros(0)
    min_launch = launch_utc[object_launch] if index.size else np.zeros(0, "datetime64[s]")
    min_time = (min_launch.astype("datetime64[ms]") + (np.nan_to_num(offset_s) * 1000).astype("timedelta64[ms]")) if index.size else np.zeros(0, "datetime64[ms]")
    settings = {
        "site": ascent.site.key, "site_lat_deg": ascent.site.lat_deg, "site_lon_deg": ascent.site.lon_deg,
        "site_source": f"{ascent.site.source} {ascent.site.tag}",
        "altitude_km": ascent.altitude_km, "inclination_deg": ascent.inclination_deg,
        "insertion_time_s": ascent.insertion_time_s, "insertion_downrange_km": ascent.insertion_downrange_km,
        "window_start_utc": f"{np.datetime_as_string(start, unit='s')}Z", "window_minutes": window_minutes,
        "resolution_s": step_s, "coverage_after_insertion_min": coverage_after_insertion_min,
        "crewed_standoff_km": crewed_km, "other_threshold_km": other_km,
        "other_rule": (f"Pc > {pc_max:g} (sigma {sigma_km:g} km, hard-body radius {hard_body_radius_m:g} m)"
                       if pc_max is not None else f"miss distance < {miss_km:g} km"),
        "max_age_days": max_age_days,
    }
    return ColaResult(
        ascent=ascent, window_start_utc=start, launch_utc=launch_utc, closed=closest_ratio < 1.0,
        closest_km=closest_km, closest_norad=closest_norad, closest_ratio=closest_ratio,
        objects_norad=catalog.norad[index], objects_name=[catalog.objects[i].name for i in index],
        objects_threshold_km=threshold[index], objects_min_km=object_best,
        objects_min_launch_utc=min_launch, objects_min_time_utc=min_time,
        excluded=excluded, settings=settings, stats=stats,
    )
