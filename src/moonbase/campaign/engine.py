"""The campaign's discrete-event run at daily steps, vectorised over replications (numba).

Events (arrivals, crew departures, elements reaching the end of their life) change piecewise-constant
rates; between events the day loop applies them: power generated (fission and RTGs steadily, arrays
times the day's output per kW at mast height), the station's draw, storage charged first and drawn in
the dark, ISRU oxygen made from the surplus that is left (up to the plants' rate), deliveries added to
the stocks, then crew demand drawn from them (ISRU oxygen first). Every unmet demand is a shortfall.
At every step ``delivered + produced = consumed + lost + stock`` holds per item (tests check it).

:func:`run_once` returns the whole daily series of one run; :func:`run_replications` runs many with
their own arrival days (random delays) in parallel and returns per-run summaries. The same kernel does
both, and :mod:`moonbase.campaign.reference` re-implements it with SimPy as an independent check.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from .consumables import ITEMS
from .model import Campaign

# Columns of the daily series.
CREW, CAPACITY, SOLAR_KW, STEADY_KW, STORE_KWH, DRAW_KW, SURVIVAL_KW = 0, 1, 2, 3, 4, 5, 6
GEN_KWH, LOAD_KWH, SOC_KWH, ENERGY_SHORT_KWH, ISRU_KG, EC_MASS, HW_MASS, MAINT_MASS = 7, 8, 9, 10, 11, 12, 13, 14
ITEM0 = 15  # then per item: delivered, demand, consumed, shortfall, stock
DELIVERED, DEMAND, CONSUMED, SHORTFALL, STOCK = 0, 1, 2, 3, 4
O2_LOST, O2_ISRU_STOCK, O2_ISRU_USED, SPILL_KWH, ISRU_KWH_MAX, ISRU_MAX_KG, ACTIVE = 35, 36, 37, 38, 39, 40, 41
COLUMNS = 42
#: Columns that hold day-to-day changes until the run accumulates them.
_STEPPED = (CREW, CAPACITY, SOLAR_KW, STEADY_KW, STORE_KWH, DRAW_KW, SURVIVAL_KW, EC_MASS, HW_MASS, MAINT_MASS, ISRU_MAX_KG, ISRU_KWH_MAX, ACTIVE)

SUMMARY = ("first_crew_day", "first_permanent_day", "o2_short_kg", "water_short_kg", "food_short_kg", "spares_short_kg",
           "energy_short_kwh", "isru_o2_used_kg", "o2_demand_kg", "crew_days", "exploration_capability_kg_d",
           "crew_capacity_short_person_days")

#: Storage charge and discharge efficiencies: Li-ion round trip 0.90 split evenly, usable 80 % of
#: nameplate (moonbase.power.technology, recalled [M]).
LI_ION_ROUND_TRIP = 0.90
LI_ION_DEPTH_OF_DISCHARGE = 0.80


def column(item: str, quantity: int) -> int:
    """Series column of ``quantity`` (DELIVERED, DEMAND, ...) for consumable ``item``."""
    return ITEM0 + 5 * ITEMS.index(item) + quantity


@dataclass(frozen=True)
class EngineInputs:
    """A campaign as flat arrays: missions (M), element instances (E), days (D)."""

    days: int
    sun_day: np.ndarray          # (D,) array output per kW rated, daily mean
    arrival_day: np.ndarray      # (M,) float days since the start
    to_surface: np.ndarray       # (M,) bool
    crew: np.ndarray             # (M,) int
    stay_days: np.ndarray        # (M,) float [days]
    goods_kg: np.ndarray         # (M, 4) o2, water, food, spares
    element_mission: np.ndarray  # (E,) int
    element_life_days: np.ndarray
    element_table: np.ndarray    # (E, 11): see ELEMENT_FIELDS
    params: np.ndarray           # see PARAMS


ELEMENT_FIELDS = ("draw_kw", "survival_kw", "solar_kw", "steady_kw", "usable_kwh", "crew_capacity", "isru_kg_day",
                  "isru_kwh_per_kg", "maintained_kg", "exploration_kg", "mass_kg")
PARAMS = ("net_o2", "net_water", "net_food", "leak_kg_day", "spares_fraction_day", "eta_charge", "eta_discharge",
          "permanent_days")


def engine_inputs(campaign: Campaign, sun_day: np.ndarray) -> EngineInputs:
    """Flatten a campaign for the kernel; ``sun_day`` is the daily array output per kW over its days."""
    ls = campaign.life_support
    missions = campaign.missions
    rows, owner, life = [], [], []
    for index, m in enumerate(missions):
        for e in m.surface_elements:
            steady = e.power_output_kw if e.power_kind in ("fission", "rtg") else 0.0
            solar = e.power_output_kw if e.power_kind == "solar" else 0.0
            rows.append((e.power_draw_kw, e.survival_kw, solar, steady, e.storage_kwh * LI_ION_DEPTH_OF_DISCHARGE,
                         e.crew_capacity, e.isru_o2_kg_per_year / 365.25, e.isru_kwh_per_kg,
                         e.mass_kg if e.maintained else 0.0, e.mass_kg if e.counts_for_exploration else 0.0, e.mass_kg))
            owner.append(index)
            life.append(max(1, int(round(e.lifetime_years * 365.25))))
    eta = LI_ION_ROUND_TRIP ** 0.5
    params = np.array([ls.net_o2, ls.net_water, ls.net_food, ls.o2_leak_kg_per_day, ls.spares_fraction_per_year / 365.25,
                       eta, eta, campaign.permanent_presence_days])
    return EngineInputs(
        days=campaign.days, sun_day=np.ascontiguousarray(sun_day, float),
        arrival_day=np.array([campaign.day_of(m.arrival) for m in missions], float),
        to_surface=np.array([m.to_surface for m in missions], bool),
        crew=np.array([m.crew if m.to_surface else 0 for m in missions], float),
        stay_days=np.array([m.stay_days for m in missions], float),
        goods_kg=np.array([[m.consumables_kg.get(i, 0.0) if m.to_surface else 0.0 for i in ITEMS] for m in missions], float).reshape(-1, 4),
        element_mission=np.array(owner, np.int64), element_life_days=np.array(life, np.int64),
        element_table=np.array(rows, float).reshape(-1, len(ELEMENT_FIELDS)), params=params)


@numba.njit(cache=True)
def _ramp(out, col, t, amount, days):
    d = int(np.floor(t))
    f = t - d
    if d < days:
        out[d, col] += amount * (1.0 - f)
    if d + 1 < days:
        out[d + 1, col] += amount * f


@numba.njit(cache=True)
def _simulate(arrival_t, to_surface, crew, stay, goods, e_mission, e_life, e_table, sun, params, out):
    """Fill ``out`` (D, COLUMNS) with one run for the arrival times ``arrival_t`` (M,) [days since the start]."""
    days = out.shape[0]
    arrival = np.floor(arrival_t).astype(np.int64)
    out[:, :] = 0.0
    net_o2, net_water, net_food, leak, spares_day, eta_c, eta_d = params[0], params[1], params[2], params[3], params[4], params[5], params[6]
    for m in range(arrival.shape[0]):
        a = max(arrival[m], 0)
        if a >= days or not to_surface[m]:
            continue
        for i in range(4):
            out[a, ITEM0 + 5 * i + DELIVERED] += goods[m, i]
        if crew[m] > 0:
            # each day holds the crew's mean presence that day: fractions on the arrival and departure days
            _ramp(out, CREW, max(arrival_t[m], 0.0), crew[m], days)
            _ramp(out, CREW, max(arrival_t[m], 0.0) + stay[m], -crew[m], days)
    for k in range(e_mission.shape[0]):
        a = max(arrival[e_mission[k]], 0)
        if a >= days or not to_surface[e_mission[k]]:
            continue
        row = e_table[k]
        out[a, HW_MASS] += row[10]
        end = a + e_life[k]
        values = (row[5], row[2], row[3], row[4], row[0], row[1], row[9], row[8], row[6], row[6] * row[7], 1.0)
        cols = (CAPACITY, SOLAR_KW, STEADY_KW, STORE_KWH, DRAW_KW, SURVIVAL_KW, EC_MASS, MAINT_MASS, ISRU_MAX_KG, ISRU_KWH_MAX, ACTIVE)
        for j in range(11):
            out[a, cols[j]] += values[j]
            if end < days:
                out[end, cols[j]] -= values[j]
    soc = 0.0
    stock = np.zeros(4)
    isru_stock = 0.0
    for d in range(days):
        if d > 0:
            for c in _STEPPED:
                out[d, c] += out[d - 1, c]
        isru_max = out[d, ISRU_MAX_KG]
        n_crew = out[d, CREW]
        gen = 24.0 * (out[d, STEADY_KW] + out[d, SOLAR_KW] * sun[d])
        load = 24.0 * out[d, DRAW_KW]
        capacity = out[d, STORE_KWH]
        if soc > capacity:
            soc = capacity
        net = gen - load
        short = 0.0
        surplus = 0.0
        if net >= 0.0:
            charge = min(net, (capacity - soc) / eta_c)
            soc += charge * eta_c
            surplus = net - charge
        else:
            deliver = min(-net, soc * eta_d)
            soc -= deliver / eta_d
            short = -net - deliver
        made = 0.0
        if isru_max > 0.0 and surplus > 0.0:
            per_kg = out[d, ISRU_KWH_MAX] / isru_max
            made = min(isru_max, surplus / per_kg)
            surplus -= made * per_kg
        out[d, GEN_KWH] = gen
        out[d, LOAD_KWH] = load
        out[d, SOC_KWH] = soc
        out[d, ENERGY_SHORT_KWH] = short
        out[d, SPILL_KWH] = surplus
        out[d, ISRU_KG] = made
        for i in range(4):
            stock[i] += out[d, ITEM0 + 5 * i + DELIVERED]
        isru_stock += made
        crewed = n_crew > 1e-9
        demand = (n_crew * net_o2, n_crew * net_water, n_crew * net_food, out[d, MAINT_MASS] * spares_day if crewed else 0.0)
        # oxygen: metabolic demand first (ISRU oxygen before Earth's), then cabin leakage
        from_isru = min(isru_stock, demand[0])
        isru_stock -= from_isru
        from_earth = min(stock[0], demand[0] - from_isru)
        stock[0] -= from_earth
        o2_short = demand[0] - from_isru - from_earth
        leak_today = leak if crewed else 0.0
        lost_isru = min(isru_stock, leak_today)
        isru_stock -= lost_isru
        lost_earth = min(stock[0], leak_today - lost_isru)
        stock[0] -= lost_earth
        o2_short += leak_today - lost_isru - lost_earth
        base = ITEM0
        out[d, base + DEMAND] = demand[0] + leak_today
        out[d, base + CONSUMED] = from_isru + from_earth
        out[d, base + SHORTFALL] = o2_short
        out[d, base + STOCK] = stock[0] + isru_stock
        out[d, O2_LOST] = lost_isru + lost_earth
        out[d, O2_ISRU_STOCK] = isru_stock
        out[d, O2_ISRU_USED] = from_isru + lost_isru
        for i in range(1, 4):
            used = min(stock[i], demand[i])
            stock[i] -= used
            base = ITEM0 + 5 * i
            out[d, base + DEMAND] = demand[i]
            out[d, base + CONSUMED] = used
            out[d, base + SHORTFALL] = demand[i] - used
            out[d, base + STOCK] = stock[i]


@numba.njit(cache=True)
def _summarise(out, permanent_days, summary):
    days = out.shape[0]
    summary[:] = 0.0
    summary[0] = -1.0
    summary[1] = -1.0
    streak = 0
    for d in range(days):
        n = out[d, CREW]
        if n > 1e-9:
            if summary[0] < 0.0:
                summary[0] = d
            streak += 1
            if streak >= permanent_days and summary[1] < 0.0:
                summary[1] = d - streak + 1
        else:
            streak = 0
        for i in range(4):
            summary[2 + i] += out[d, ITEM0 + 5 * i + SHORTFALL]
        summary[6] += out[d, ENERGY_SHORT_KWH]
        summary[7] += out[d, O2_ISRU_USED]
        summary[8] += out[d, ITEM0 + DEMAND]
        summary[9] += n
        summary[10] += n * out[d, EC_MASS]
        summary[11] += max(0.0, n - out[d, CAPACITY])


@numba.njit(cache=True, parallel=True)
def _replicate(arrivals, to_surface, crew, stay, goods, e_mission, e_life, e_table, sun, params, days):
    runs = arrivals.shape[0]
    summaries = np.empty((runs, len(SUMMARY)))
    for r in numba.prange(runs):
        out = np.empty((days, COLUMNS))
        _simulate(arrivals[r], to_surface, crew, stay, goods, e_mission, e_life, e_table, sun, params, out)
        _summarise(out, params[7], summaries[r])
    return summaries


def _arrival_days(inputs: EngineInputs, delays_days: np.ndarray | None = None) -> np.ndarray:
    days = inputs.arrival_day if delays_days is None else inputs.arrival_day[None, :] + delays_days
    return np.ascontiguousarray(days, dtype=float)


def run_once(inputs: EngineInputs, delays_days: np.ndarray | None = None) -> np.ndarray:
    """The daily series (D, COLUMNS) of one run; ``delays_days`` (M,) shifts the arrivals."""
    out = np.empty((inputs.days, COLUMNS))
    _simulate(_arrival_days(inputs, delays_days).reshape(-1), inputs.to_surface, inputs.crew, inputs.stay_days,
              inputs.goods_kg, inputs.element_mission, inputs.element_life_days, inputs.element_table,
              inputs.sun_day, inputs.params, out)
    return out


def summarise(series: np.ndarray, inputs: EngineInputs) -> dict[str, float]:
    summary = np.empty(len(SUMMARY))
    _summarise(series, inputs.params[7], summary)
    return dict(zip(SUMMARY, summary.tolist()))


def run_replications(inputs: EngineInputs, delays_days: np.ndarray) -> np.ndarray:
    """Summaries (R, len(SUMMARY)) of R runs, each with its own mission delays ``delays_days`` (R, M) [days]."""
    arrivals = _arrival_days(inputs, np.asarray(delays_days, float))
    return _replicate(arrivals, inputs.to_surface, inputs.crew, inputs.stay_days, inputs.goods_kg, inputs.element_mission,
                      inputs.element_life_days, inputs.element_table, inputs.sun_day, inputs.params, inputs.days)


def random_delays(missions: int, runs: int, probability: float, mean_days: float, seed: int) -> np.ndarray:
    """Delays (runs, missions) [days]: each mission slips with ``probability`` by an exponential delay."""
    rng = np.random.default_rng(seed)
    slips = rng.random((runs, missions)) < probability
    return np.where(slips, rng.exponential(mean_days, (runs, missions)), 0.0)


def run_replications_dask(inputs: EngineInputs, delays_days: np.ndarray, chunk: int = 2000, scheduler: str | None = None) -> np.ndarray:
    """:func:`run_replications` in chunks of ``chunk`` runs on dask (``scheduler``: None = local threads, or a
    dask.distributed scheduler address), for more replications than one machine should hold at once."""
    import dask

    delays_days = np.asarray(delays_days, float)
    parts = [dask.delayed(run_replications)(inputs, delays_days[i:i + chunk]) for i in range(0, len(delays_days), chunk)]
    if scheduler:
        from dask.distributed import Client

        with Client(scheduler) as client:
            return np.concatenate(client.compute(parts, sync=True))
    return np.concatenate(dask.compute(*parts, scheduler="threads"))
