"""Milestones computed from the run: nights survived, the worst dark spell, crews, ISRU share, mass landed.

The two power milestones need the hours of the dark spells, so they come from an hourly pass over the
nominal run (:func:`hourly_energy`): the station's arrays, fission and RTG units and storage (as
delivered and retired day by day) against its full draw, and separately against the survival
(keep-alive) loads alone. A lunar night at the site is a spell without array output at least
``night_min_h`` long; the worst dark spell is the longest in the site's representative year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from . import engine as E
from .model import Campaign
from .sunlight import SunlightProfile


@numba.njit(cache=True)
def _storage_pass(hourly_sun, solar_kw, steady_kw, usable_kwh, load_kw, eta_c, eta_d):
    """Unmet energy [kWh] in each hour for the daily configuration arrays (D,) and hourly sun (24 D,)."""
    hours = hourly_sun.shape[0]
    unmet = np.zeros(hours)
    soc = 0.0
    for h in range(hours):
        d = h // 24
        capacity = usable_kwh[d]
        if soc > capacity:
            soc = capacity
        net = steady_kw[d] + solar_kw[d] * hourly_sun[h] - load_kw[d]
        if net >= 0.0:
            soc = min(capacity, soc + net * eta_c)
        else:
            deliver = min(-net, soc * eta_d)
            soc -= deliver / eta_d
            unmet[h] = -net - deliver
    return unmet


def hourly_energy(series: np.ndarray, hourly_sun: np.ndarray, eta: float = E.LI_ION_ROUND_TRIP ** 0.5):
    """(unmet energy at full draw, unmet energy at survival loads) per hour [kWh]."""
    args = [np.ascontiguousarray(series[:, c]) for c in (E.SOLAR_KW, E.STEADY_KW, E.STORE_KWH)]
    full = _storage_pass(hourly_sun, *args, np.ascontiguousarray(series[:, E.DRAW_KW]), eta, eta)
    survival = _storage_pass(hourly_sun, *args, np.ascontiguousarray(series[:, E.SURVIVAL_KW]), eta, eta)
    return full, survival


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first index, end index exclusive) of every run of True in ``mask``."""
    edges = np.diff(np.concatenate([[0], np.asarray(mask, bool).astype(np.int8), [0]]))
    return [(int(a), int(b)) for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1))]


def dark_spells(hourly_sun: np.ndarray, min_hours: float) -> list[tuple[int, int]]:
    """(first hour, end hour exclusive) of every spell without array output lasting ≥ ``min_hours``."""
    return [(a, b) for a, b in runs(hourly_sun <= 0.0) if b - a >= min_hours]


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    date: str | None     # ISO date, None = not reached within the campaign
    detail: str


def _date(campaign: Campaign, day: float | None) -> str | None:
    if day is None or day < 0:
        return None
    return str(campaign.start + np.timedelta64(int(day), "D"))


def _present_elements(campaign: Campaign, day_from: float, day_to: float) -> list[str]:
    names = []
    for m in campaign.missions:
        t0 = campaign.day_of(m.arrival)
        for e in m.surface_elements:
            if t0 <= day_from and t0 + e.lifetime_years * 365.25 >= day_to:
                names.append(e.name)
    return list(dict.fromkeys(names))


def compute_milestones(campaign: Campaign, series: np.ndarray, sunlight: SunlightProfile) -> dict:
    """Milestones (``Milestone`` records by key) plus supporting numbers, for the nominal run.

    A night counts as survived when elements were in service throughout, something there needed keeping
    warm (survival loads) or ran on its own steady power, and the survival loads were always met.
    """
    days = series.shape[0]
    hourly_sun = sunlight.hourly(campaign.start, days)
    full, survival = hourly_energy(series, hourly_sun)
    found: dict[str, Milestone] = {}
    night = None
    for a, b in dark_spells(hourly_sun, campaign.night_min_h):
        d0, d1 = a // 24, (b - 1) // 24
        window = series[d0:d1 + 1]
        needs_power = window[:, E.SURVIVAL_KW].min() > 0 or window[:, E.STEADY_KW].min() > 0
        if window[:, E.ACTIVE].min() > 0 and needs_power and survival[a:b].sum() <= 1e-9:
            night = (a, b)
            break
    if night:
        names = _present_elements(campaign, night[0] / 24.0, night[1] / 24.0)
        found["first_night_survived"] = Milestone(
            "first_night_survived", "First element to survive a lunar night at the site", _date(campaign, night[1] // 24),
            f"{names[0] if names else 'station'} through a {night[1] - night[0]} h dark spell")
    else:
        found["first_night_survived"] = Milestone("first_night_survived", "First element to survive a lunar night at the site",
                                                  None, "no element in service through a lunar night had its survival loads met")
    worst_h = sunlight.longest_dark_h
    worst = None
    if worst_h > 0:
        for a, b in dark_spells(hourly_sun, max(1.0, worst_h - 1.0)):
            d0, d1 = a // 24, (b - 1) // 24
            if series[d0:d1 + 1, E.DRAW_KW].min() > 0 and full[a:b].sum() <= 1e-9:
                worst = (a, b)
                break
    found["first_worst_spell_powered"] = Milestone(
        "first_worst_spell_powered", "First continuous power through the worst dark spell",
        _date(campaign, worst[1] // 24) if worst else None,
        f"full station load through {worst[1] - worst[0]} h without array output" if worst
        else f"the full load was never carried through the site's worst {worst_h:.0f} h dark spell")
    crew = series[:, E.CREW]
    first_crew = int(np.argmax(crew > 1e-9)) if (crew > 1e-9).any() else None
    found["first_crew_visit"] = Milestone(
        "first_crew_visit", "First crew visit", _date(campaign, first_crew),
        next((m.name for m in campaign.missions if m.crewed and first_crew is not None
              and int(campaign.day_of(m.arrival)) == first_crew), "") if first_crew is not None else "no crewed landing")
    streak, permanent = 0, None
    for d in range(days):
        streak = streak + 1 if crew[d] > 1e-9 else 0
        if streak >= campaign.permanent_presence_days:
            permanent = d - streak + 1
            break
    found["first_permanent_crew"] = Milestone(
        "first_permanent_crew", "First permanent crew", _date(campaign, permanent),
        f"crew continuously present for {campaign.permanent_presence_days:g} days" if permanent is not None
        else f"no continuous crewed period of {campaign.permanent_presence_days:g} days")
    demand = series[:, E.column("o2", E.DEMAND)].sum()
    share = 100.0 * series[:, E.O2_ISRU_USED].sum() / demand if demand > 0 else 0.0
    return {"milestones": found, "isru_o2_share_pct": float(share), "unmet_full_hours": int((full > 1e-9).sum()),
            "unmet_full_kwh": float(full.sum()), "unmet_survival_kwh": float(survival.sum()),
            "worst_dark_spell_h": worst_h, "mass_on_surface_by_year": mass_on_surface_by_year(campaign, series)}


def mass_on_surface_by_year(campaign: Campaign, series: np.ndarray) -> dict[int, float]:
    """Hardware landed at the site (elements and landers, in service or not) plus consumables in stock, at
    the end of each calendar year [kg]."""
    dates = campaign.start + np.arange(series.shape[0]).astype("timedelta64[D]")
    years = dates.astype("datetime64[Y]").astype(int) + 1970
    hardware = series[:, E.HW_MASS]
    stocks = sum(series[:, E.column(i, E.STOCK)] for i in ("o2", "water", "food", "spares"))
    found = {}
    for year in np.unique(years):
        last = np.flatnonzero(years == year)[-1]
        found[int(year)] = float(hardware[last] + stocks[last])
    return found
