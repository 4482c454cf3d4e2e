"""Reference implementations of the daily campaign run, for validation and as the benchmark baseline.

:func:`run_simpy` schedules arrivals, crew departures and element retirements as SimPy processes and
steps the station once per simulated day; :func:`run_plain_loop` does the same with a plain Python loop
over days that scans the missions each day. Both are written independently of the numba kernel in
:mod:`moonbase.campaign.engine` and must give the same daily series.
"""

from __future__ import annotations

import numpy as np

from .engine import EngineInputs


class _Station:
    """The station's state, changed by events and stepped once a day (plain Python floats)."""

    def __init__(self, inputs: EngineInputs):
        p = inputs.params
        self.net_o2, self.net_water, self.net_food, self.leak, self.spares_day = p[0], p[1], p[2], p[3], p[4]
        self.eta_c, self.eta_d = p[5], p[6]
        self.crew = 0.0
        self.stays: list[tuple[float, float, float]] = []
        self.active: list[np.ndarray] = []  # element rows in service
        self.soc = 0.0
        self.stock = {"o2": 0.0, "water": 0.0, "food": 0.0, "spares": 0.0}
        self.isru_stock = 0.0
        self.arrived = {"o2": 0.0, "water": 0.0, "food": 0.0, "spares": 0.0}
        self.hardware_kg = 0.0
        self.rows: list[dict] = []

    def deliver(self, goods: np.ndarray) -> None:
        for name, kg in zip(("o2", "water", "food", "spares"), goods):
            self.arrived[name] += float(kg)

    def step(self, sun: float) -> None:
        total = lambda j: sum(float(r[j]) for r in self.active)  # noqa: E731
        steady, solar, usable, draw = total(3), total(2), total(4), total(0)
        isru_max = total(6)
        isru_kwh = sum(float(r[6] * r[7]) for r in self.active)
        generated = 24.0 * (steady + solar * sun)
        load = 24.0 * draw
        self.soc = min(self.soc, usable)
        net = generated - load
        short = surplus = 0.0
        if net >= 0:
            charge = min(net, (usable - self.soc) / self.eta_c)
            self.soc += charge * self.eta_c
            surplus = net - charge
        else:
            deliver = min(-net, self.soc * self.eta_d)
            self.soc -= deliver / self.eta_d
            short = -net - deliver
        made = 0.0
        if isru_max > 0 and surplus > 0:
            per_kg = isru_kwh / isru_max
            made = min(isru_max, surplus / per_kg)
        for name in self.stock:
            self.stock[name] += self.arrived[name]
        self.isru_stock += made
        crewed = self.crew > 1e-9
        o2_need = self.crew * self.net_o2
        leak = self.leak if crewed else 0.0
        used_isru = min(self.isru_stock, o2_need)
        used_earth = min(self.stock["o2"], o2_need - used_isru)
        self.isru_stock -= used_isru
        self.stock["o2"] -= used_earth
        lost_isru = min(self.isru_stock, leak)
        lost_earth = min(self.stock["o2"], leak - lost_isru)
        self.isru_stock -= lost_isru
        self.stock["o2"] -= lost_earth
        row = {"crew": self.crew, "energy_short_kwh": short, "soc_kwh": self.soc, "isru_kg": made,
               "o2_lost": lost_isru + lost_earth, "o2_consumed": used_isru + used_earth,
               "o2_short": o2_need + leak - used_isru - used_earth - lost_isru - lost_earth,
               "o2_stock": self.stock["o2"] + self.isru_stock, "o2_delivered": self.arrived["o2"]}
        needs = {"water": self.crew * self.net_water, "food": self.crew * self.net_food,
                 "spares": total(8) * self.spares_day if crewed else 0.0}
        for name, need in needs.items():
            used = min(self.stock[name], need)
            self.stock[name] -= used
            row[f"{name}_consumed"], row[f"{name}_short"], row[f"{name}_stock"] = used, need - used, self.stock[name]
            row[f"{name}_delivered"] = self.arrived[name]
        self.arrived = dict.fromkeys(self.arrived, 0.0)
        self.rows.append(row)


def _arrivals(inputs: EngineInputs) -> np.ndarray:
    return np.maximum(np.floor(inputs.arrival_day).astype(int), 0)


def _presence(start: float, stay: float, day: int) -> float:
    """Share of ``day`` (its 24 hours) that falls within the stay [start, start + stay)."""
    return max(0.0, min(day + 1.0, start + stay) - max(float(day), start))


def run_simpy(inputs: EngineInputs) -> list[dict]:
    """The daily run as a SimPy discrete-event simulation: one record per day."""
    import simpy

    env = simpy.Environment()
    station = _Station(inputs)
    arrivals = _arrivals(inputs)

    def element(row, life):
        station.active.append(row)
        yield env.timeout(int(life))
        for index, active in enumerate(station.active):
            if active is row:
                del station.active[index]
                break

    def mission(m):
        yield env.timeout(int(arrivals[m]))
        if not inputs.to_surface[m]:
            return
        station.deliver(inputs.goods_kg[m])
        for k in np.flatnonzero(inputs.element_mission == m):
            env.process(element(inputs.element_table[k], inputs.element_life_days[k]))
        if inputs.crew[m]:
            start = max(float(inputs.arrival_day[m]), 0.0)
            stay = (start, float(inputs.stay_days[m]), float(inputs.crew[m]))
            station.stays.append(stay)
            yield env.timeout(int(np.floor(start + stay[1])) + 1 - int(arrivals[m]))
            station.stays.remove(stay)

    def days():
        for d in range(inputs.days):
            yield env.timeout(0)   # let same-day arrivals and departures (scheduled earlier) happen first
            station.crew = sum(c * _presence(a, s, d) for a, s, c in station.stays)
            station.step(float(inputs.sun_day[d]))
            yield env.timeout(1)

    for m in range(len(arrivals)):
        env.process(mission(m))
    env.process(days())
    env.run(until=inputs.days)
    return station.rows


def run_plain_loop(inputs: EngineInputs) -> list[dict]:
    """The daily run as a plain per-day Python loop that scans every mission and element each day."""
    station = _Station(inputs)
    arrivals = _arrivals(inputs)
    for d in range(inputs.days):
        station.crew = 0.0
        station.active = []
        for m in range(len(arrivals)):
            if not inputs.to_surface[m]:
                continue
            if arrivals[m] == d:
                station.deliver(inputs.goods_kg[m])
            station.crew += float(inputs.crew[m]) * _presence(max(float(inputs.arrival_day[m]), 0.0), float(inputs.stay_days[m]), d)
        for k in range(len(inputs.element_mission)):
            a = arrivals[inputs.element_mission[k]]
            if inputs.to_surface[inputs.element_mission[k]] and a <= d < a + inputs.element_life_days[k]:
                station.active.append(inputs.element_table[k])
        station.step(float(inputs.sun_day[d]))
    return station.rows
