"""Launch windows to the Moon: the daily instants at which a parking orbit launched from a site contains
the direction of the Moon at arrival, the days open each month, and each window's width for a stated
plane-change or azimuth budget.

Geometry (Vallado 2013, *Fundamentals of Astrodynamics and Applications*, §6.4 launch windows): a
launch at azimuth Az from a site at geocentric latitude φ puts the vehicle in the plane of normal
n = r̂_site × (sin Az ê + cos Az n̂). A direct trans-lunar injection leaves from the parking orbit
towards the Moon's position at arrival û (geocentric), so the plane must contain û:
β = asin(n·û) = 0. With the inclination fixed, Az = asin(cos i / cos φ) (north-east, "ascending")
or 180° − Az (south-east, "descending"); each gives β = 0 twice a sidereal day when the Moon's
declination |δ| ≤ i and never otherwise, which is the monthly pattern. A plane-change budget Δv
opens the window while |β| ≤ 2 asin(Δv / 2v) (the turn made at the parking-orbit speed v, an upper
bound: a turn combined with the TLI burn costs less); an azimuth budget ±ΔAz opens it while some
azimuth within the range gives β = 0.

Frames: the site turns with Greenwich apparent sidereal time (skyfield, IERS 2000 nutation; UT1
taken as UTC) in the true equator and equinox of date; the Moon (DE421) is rotated into the same
frame with skyfield's precession–nutation matrix, once per day (it moves < 0.3″ in a day).
Samples every 120 s, crossings refined by linear interpolation (error < 1 s: β changes by 0.5° a
sample and bends by < 10⁻⁴ rad over one).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..ephemeris import LunarEphemeris
from ..timegrid import to_time
from ..traffic.launch import LaunchSite, geodetic_to_ecef_km, launch_azimuth_deg
from .conics import circular_speed
from ..constants import EARTH_RADIUS_KM
from ..orbits.elements import GM_EARTH
from .geocentric import moon_geocentric, tdb_from_utc

SIDEREAL_RATE_RAD_S = 7.292115146706979e-5  # IERS Conventions 2010, Earth rotation angle rate
SAMPLE_S = 120.0
DEFAULT_TOF_DAYS = 4.7  # launch to lunar-orbit insertion of Chang'e-5 and -6 (112.5 h, 112.8 h)


@dataclass(frozen=True)
class Opportunity:
    """One instantaneous launch time and the window around it."""

    utc: np.datetime64
    branch: str            # "north-east" (ascending pass) or "south-east" (descending pass)
    azimuth_deg: float
    moon_declination_deg: float
    open_utc: np.datetime64
    close_utc: np.datetime64

    @property
    def width_min(self) -> float:
        return float((self.close_utc - self.open_utc) / np.timedelta64(1, "s")) / 60.0

    def as_dict(self) -> dict:
        return {"utc": self.utc, "branch": self.branch, "azimuth_deg": round(self.azimuth_deg, 3),
                "moon_declination_deg": round(self.moon_declination_deg, 3), "open_utc": self.open_utc,
                "close_utc": self.close_utc, "width_min": round(self.width_min, 2)}


@dataclass(frozen=True)
class LaunchWindows:
    """Opportunities over a date range and the day-by-day pattern."""

    site: LaunchSite
    inclination_deg: float
    tof_days: float
    budget: str
    opportunities: list[Opportunity]
    days: np.ndarray                  # datetime64[D]
    day_open: np.ndarray              # bool
    day_min_offplane_deg: np.ndarray  # least |β| reached that day [deg] (0 when an instant exists)
    day_moon_declination_deg: np.ndarray

    def summary(self) -> dict:
        return {"site": self.site.key, "inclination_deg": self.inclination_deg, "tof_days": self.tof_days,
                "budget": self.budget, "days": len(self.days), "open_days": int(self.day_open.sum()),
                "opportunities": len(self.opportunities)}


def _site_axes(site: LaunchSite):
    ecef = geodetic_to_ecef_km(site.lat_deg, site.lon_deg)
    lat_c = float(np.arcsin(ecef[2] / np.linalg.norm(ecef)))
    return lat_c, np.radians(site.lon_deg)


def _offplane(lat_c, east_angle, azimuth_rad, moon_unit):
    """sin β = n·û for a site whose true-of-date right ascension is ``east_angle`` [rad] (arrays)."""
    ca, sa = np.cos(east_angle), np.sin(east_angle)
    cl, sl = np.cos(lat_c), np.sin(lat_c)
    up = np.stack([cl * ca, cl * sa, np.full_like(ca, sl)])
    east = np.stack([-sa, ca, np.zeros_like(ca)])
    north = np.stack([-sl * ca, -sl * sa, np.full_like(ca, cl)])
    direction = np.sin(azimuth_rad) * east + np.cos(azimuth_rad) * north
    normal = np.cross(up.T, direction.T).T
    return np.sum(normal * moon_unit, axis=0)


def launch_windows(site: LaunchSite, inclination_deg: float, start, end, tof_days: float = DEFAULT_TOF_DAYS,
                   plane_change_m_s: float = 0.0, azimuth_budget_deg: float = 0.0,
                   parking_altitude_km: float = 200.0, azimuth_limits_deg: tuple[float, float] | None = None,
                   ephemeris: LunarEphemeris | None = None) -> LaunchWindows:
    """Daily instantaneous launch times, open days and window widths from ``start`` to ``end`` (UTC days)."""
    if not 0.5 <= tof_days <= 10.0:
        raise InputError("--tof-days", tof_days, "a launch-to-arrival time between 0.5 and 10 days")
    if plane_change_m_s < 0 or azimuth_budget_deg < 0 or azimuth_budget_deg > 30:
        raise InputError("--plane-change-m-s/--azimuth-budget-deg", (plane_change_m_s, azimuth_budget_deg),
                         "a plane-change budget >= 0 m/s and an azimuth budget between 0 and 30 deg")
    lat_c, lon = _site_axes(site)
    branches = {"north-east": launch_azimuth_deg(np.degrees(lat_c), inclination_deg, True)}
    south = launch_azimuth_deg(np.degrees(lat_c), inclination_deg, False)
    if abs(south - branches["north-east"]) > 0.5:  # at i = φ both passes are the same due-east launch
        branches["south-east"] = south
    if azimuth_limits_deg is not None:
        lo, hi = azimuth_limits_deg
        branches = {k: a for k, a in branches.items() if lo <= a <= hi}
        if not branches:
            raise InputError("--azimuth-limits (--azimuth-min/--azimuth-max)", azimuth_limits_deg,
                             f"limits that include the azimuth of inclination {inclination_deg:g} deg "
                             f"({launch_azimuth_deg(np.degrees(lat_c), inclination_deg, True):.1f} or {south:.1f} deg)")
    first = np.datetime64(str(start)[:10], "D")
    last = np.datetime64(str(end)[:10], "D")
    if last < first:
        raise InputError("--end", str(end), f"a date on or after --start ({first})")
    days = np.arange(first, last + np.timedelta64(1, "D"), dtype="datetime64[D]")
    if len(days) > 3660:
        raise InputError("--end", str(end), "a range of at most ten years")

    # Per day: GAST at 0h and the precession–nutation matrix (ICRF → true of date).
    t_days = to_time(days.astype("datetime64[ms]"))
    gast0 = np.radians(np.atleast_1d(t_days.gast) * 15.0)
    matrices = np.atleast_3d(t_days.M)  # (3, 3, D)
    if matrices.shape[-1] != len(days):
        matrices = matrices.reshape(3, 3, len(days))
    per_day = int(86_400 / SAMPLE_S)
    offsets = np.arange(per_day + 1) * SAMPLE_S  # one sample past midnight, so crossings at 24h are seen
    tdb_days = tdb_from_utc(days.astype("datetime64[ms]"))
    arrival = (tdb_days[:, None] + offsets[None, :] + tof_days * 86_400.0).ravel()
    moon_r, _ = moon_geocentric(arrival, ephemeris)
    moon_r = moon_r.reshape(3, len(days), per_day + 1)
    moon_tod = np.einsum("ijd,jdk->idk", matrices, moon_r)
    moon_unit = moon_tod / np.linalg.norm(moon_tod, axis=0)
    declination = np.degrees(np.arcsin(moon_unit[2]))
    east_angle = gast0[:, None] + lon + SIDEREAL_RATE_RAD_S * offsets[None, :]

    v_park = float(circular_speed(GM_EARTH, EARTH_RADIUS_KM + parking_altitude_km))
    beta_budget = 2.0 * np.arcsin(min(1.0, plane_change_m_s / 1000.0 / (2.0 * v_park)))
    if plane_change_m_s and azimuth_budget_deg:
        budget = f"plane change {plane_change_m_s:g} m/s and azimuth ±{azimuth_budget_deg:g} deg"
    elif plane_change_m_s:
        budget = f"plane change {plane_change_m_s:g} m/s (|β| ≤ {np.degrees(beta_budget):.2f} deg)"
    elif azimuth_budget_deg:
        budget = f"azimuth ±{azimuth_budget_deg:g} deg"
    else:
        budget = "none (instantaneous)"

    opportunities: list[Opportunity] = []
    min_beta = np.full(len(days), np.inf)
    flat_east = east_angle.reshape(-1)
    flat_moon = moon_unit.reshape(3, -1)
    for branch, azimuth in branches.items():
        az = np.radians(azimuth)
        sinb = _offplane(lat_c, flat_east, az, flat_moon).reshape(len(days), per_day + 1)
        beta = np.arcsin(np.clip(sinb, -1, 1))
        min_beta = np.minimum(min_beta, np.abs(beta).min(axis=1))
        if azimuth_budget_deg:
            spread = [_offplane(lat_c, flat_east, az + np.radians(d), flat_moon).reshape(len(days), per_day + 1)
                      for d in np.linspace(-azimuth_budget_deg, azimuth_budget_deg, 7)]
            reachable = (np.min(spread, axis=0) <= np.sin(beta_budget)) & (np.max(spread, axis=0) >= -np.sin(beta_budget))
        else:
            reachable = np.abs(beta) <= beta_budget
        n_col = per_day + 1
        flat_reach = reachable.ravel()
        # Extent of the run of reachable samples containing each sample (vectorised run-length).
        index = np.arange(flat_reach.size)
        day_start = (index // n_col) * n_col
        run_start = np.maximum.accumulate(np.where(~flat_reach | (index == day_start), index, 0))
        run_start = np.where(flat_reach[run_start], run_start, run_start + 1)
        rev = flat_reach[::-1]
        rindex = np.arange(rev.size)
        rday_start = (rindex // n_col) * n_col
        run_end_rev = np.maximum.accumulate(np.where(~rev | (rindex == rday_start), rindex, 0))
        run_end_rev = np.where(rev[run_end_rev], run_end_rev, run_end_rev + 1)
        run_end = (rev.size - 1 - run_end_rev)[::-1]
        d_idx, k_idx = np.nonzero((beta[:, :-1] <= 0) != (beta[:, 1:] <= 0))
        fraction = beta[d_idx, k_idx] / (beta[d_idx, k_idx] - beta[d_idx, k_idx + 1])
        seconds = (k_idx + fraction) * SAMPLE_S
        keep = seconds < 86_400.0  # a crossing after midnight belongs to the next day
        d_idx, k_idx, seconds = d_idx[keep], k_idx[keep], seconds[keep]
        flat_k = d_idx * n_col + k_idx
        inside = flat_reach[flat_k] | flat_reach[flat_k + 1]
        lo = np.where(flat_reach[flat_k], run_start[flat_k], flat_k + 1) - d_idx * n_col
        hi = np.where(flat_reach[flat_k + 1], run_end[flat_k + 1], flat_k) - d_idx * n_col
        open_s = np.where(inside, np.minimum(lo * SAMPLE_S, seconds), seconds)
        close_s = np.where(inside, np.maximum(hi * SAMPLE_S, seconds), seconds)
        day0 = days[d_idx].astype("datetime64[ms]")
        to_ms = lambda x: np.round(x * 1000).astype(np.int64).astype("timedelta64[ms]")  # noqa: E731
        whens = (day0 + to_ms(seconds)).astype("datetime64[s]")
        opens = (day0 + to_ms(open_s)).astype("datetime64[s]")
        closes = (day0 + to_ms(close_s)).astype("datetime64[s]")
        for n in range(len(d_idx)):
            opportunities.append(Opportunity(whens[n], branch, float(azimuth), float(declination[d_idx[n], k_idx[n]]),
                                             opens[n], closes[n]))
    opportunities.sort(key=lambda o: o.utc)
    min_beta_deg = np.degrees(min_beta)
    has_instant = np.zeros(len(days), bool)
    for o in opportunities:
        has_instant[int((o.utc.astype("datetime64[D]") - first).astype(int))] = True
    day_open = has_instant | (min_beta <= beta_budget)
    if azimuth_budget_deg and not plane_change_m_s:
        day_open = has_instant  # an azimuth budget widens windows but cannot make a crossing exist
    return LaunchWindows(site, float(inclination_deg), float(tof_days), budget, opportunities, days, day_open,
                         np.where(has_instant, 0.0, min_beta_deg), declination[:, 0])


def to_ics(windows: LaunchWindows, generated_utc: str) -> str:
    """An iCalendar (RFC 5545) file with one event per launch window (its instant in the description)."""
    def stamp(value) -> str:
        return np.datetime_as_string(np.datetime64(value, "s")).replace("-", "").replace(":", "") + "Z"

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Moonbase//launch windows//EN", "CALSCALE:GREGORIAN"]
    for number, o in enumerate(windows.opportunities):
        end = o.close_utc if o.close_utc > o.open_utc else o.open_utc + np.timedelta64(60, "s")
        lines += ["BEGIN:VEVENT", f"UID:moonbase-launch-{windows.site.key}-{number}-{stamp(o.utc)}@moonbase",
                  f"DTSTAMP:{stamp(np.datetime64(generated_utc.rstrip('Z'), 's'))}", f"DTSTART:{stamp(o.open_utc)}",
                  f"DTEND:{stamp(end)}",
                  f"SUMMARY:Lunar launch window {windows.site.name} i={windows.inclination_deg:g} deg ({o.branch})",
                  f"DESCRIPTION:Instantaneous launch {np.datetime_as_string(o.utc)}Z at azimuth {o.azimuth_deg:.1f} deg; "
                  f"Moon declination at arrival {o.moon_declination_deg:.1f} deg; budget {windows.budget}.",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
