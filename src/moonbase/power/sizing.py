"""Sizing the power system for the worst dark period of the analysis.

For a candidate array (rated kW) the storage must cover the largest cumulative shortfall
(the "deficit" recursion of :mod:`moonbase.kernels.energy`), run over the period twice so the store
starts the second pass as the first one left it (a cyclic steady state, not a lucky full start).
The lowest-mass array for each storage technology is found by a log-spaced scan of array size and
a bounded refinement; fission (whole units) and solar+fission hybrids are compared on mass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize_scalar

from ..errors import InputError
from ..kernels.energy import deficit_series, state_of_charge
from .technology import STORAGES, Storage, array_mass_kg, fission_mass_kg

LOAD_MODES = ("always", "sunlit", "dark")

#: Storage design margin above the exact need of the worst spell in the period: 20 %, a recalled
#: planning practice [M] (other years, degradation and load growth).
STORAGE_MARGIN = 0.20


@dataclass(frozen=True)
class Load:
    name: str
    kw: float
    when: str = "always"

    def __post_init__(self):
        if not self.kw >= 0.0:
            raise InputError(f"load {self.name!r} kw", self.kw, "a non-negative power in kW")
        if self.when not in LOAD_MODES:
            raise InputError(f"load {self.name!r} when", self.when, f"one of {', '.join(LOAD_MODES)}")


def load_profile(loads: list[Load], sunlit: np.ndarray) -> np.ndarray:
    """Total load [kW] at each epoch; 'sunlit' loads run only while the array produces, 'dark' ones otherwise."""
    if not loads:
        raise InputError("loads", "[]", "at least one load")
    total = np.zeros(len(sunlit))
    for load in loads:
        if load.when == "always":
            total += load.kw
        elif load.when == "sunlit":
            total += np.where(sunlit, load.kw, 0.0)
        else:
            total += np.where(sunlit, 0.0, load.kw)
    return total


@dataclass
class Design:
    """One sized option."""

    option: str
    array_kw: float = 0.0
    storage: str = "none"
    storage_kwh: float = 0.0
    fission_kwe: float = 0.0
    fission_units: str = "none"
    mass_kg: dict = field(default_factory=dict)
    min_soc_pct: float = 100.0
    limiting_spell: dict | None = None
    feasible: bool = True
    soc_kwh: np.ndarray | None = None
    margin_pct: float = 0.0
    margin_h: float = 0.0

    @property
    def system_mass_kg(self) -> float:
        return float(sum(self.mass_kg.values()))

    def as_record(self) -> dict:
        return {
            "option": self.option, "feasible": self.feasible, "array_kw": self.array_kw, "storage": self.storage,
            "storage_kwh": self.storage_kwh, "fission_kwe": self.fission_kwe, "fission_units": self.fission_units,
            "mass_breakdown_kg": self.mass_kg, "system_mass_kg": self.system_mass_kg, "min_soc_pct": self.min_soc_pct,
            "limiting_spell": self.limiting_spell, "storage_margin_pct": self.margin_pct,
            "margin_h": self.margin_h,
        }


def required_storage_kwh(net_kw: np.ndarray, step_h: float, storage: Storage) -> tuple[float, np.ndarray, bool]:
    """Nameplate capacity [kWh] so the usable part never runs dry; the cyclic deficit series; feasibility."""
    first = deficit_series(net_kw, step_h, storage.charge_efficiency, storage.discharge_efficiency, 0.0)
    second = deficit_series(net_kw, step_h, storage.charge_efficiency, storage.discharge_efficiency, first[-1])
    # If a second pass ends deeper than the first, the period's energy does not balance: no store suffices.
    feasible = second[-1] <= first[-1] + 1e-9 * max(1.0, first.max())
    return float(second.max()) / storage.depth_of_discharge, second, bool(feasible)


def _limiting_spell(deficit: np.ndarray, utc: np.ndarray, step_h: float) -> dict | None:
    peak = int(np.argmax(deficit))
    if deficit[peak] <= 0.0:
        return None
    full = np.flatnonzero(deficit[:peak] <= 0.0)
    start = int(full[-1]) + 1 if full.size else 0
    stamps = np.asarray(utc, dtype="datetime64[s]")
    return {"start": f"{stamps[start]}Z", "end": f"{stamps[peak]}Z", "hours": float((peak - start + 1) * step_h),
            "energy_drawn_kwh": float(deficit[peak])}


def _evaluate(array_kw, shape, load_kw, step_h, storage, utc, fission_kwe=0.0, option="", margin=0.0) -> Design:
    net = array_kw * shape + fission_kwe - load_kw
    capacity, deficit, feasible = required_storage_kwh(net, step_h, storage)
    capacity *= 1.0 + margin
    design = Design(option=option, array_kw=float(array_kw), storage=storage.name, storage_kwh=capacity,
                    fission_kwe=fission_kwe, feasible=feasible)
    design.mass_kg = {"array": array_mass_kg(array_kw), "storage": capacity * 1000.0 / storage.specific_energy_wh_kg}
    if fission_kwe:
        mass, units = fission_mass_kg(fission_kwe)
        design.mass_kg["fission"] = mass
        design.fission_units = units
    if capacity > 0:
        first = state_of_charge(net, step_h, capacity, storage.charge_efficiency, storage.discharge_efficiency)
        soc = _cyclic_soc(net, step_h, capacity, storage, first[-1])
        design.soc_kwh = soc
        design.min_soc_pct = 100.0 * float(soc.min()) / capacity
    design.limiting_spell = _limiting_spell(deficit, utc, step_h)
    design.margin_pct = 100.0 * margin
    spell = design.limiting_spell
    if spell and margin > 0:
        shortfall_kw = spell["energy_drawn_kwh"] / spell["hours"]
        design.margin_h = margin * spell["energy_drawn_kwh"] / shortfall_kw
    return design


def _cyclic_soc(net, step_h, capacity, storage, start_kwh):
    """The state of charge over a second pass that starts where the first ended."""
    shortfall = capacity - start_kwh
    deficit = deficit_series(net, step_h, storage.charge_efficiency, storage.discharge_efficiency, shortfall)
    return capacity - deficit


def size_solar_storage(shape, load_kw, step_h, storage: Storage, utc, fission_kwe=0.0, option=None,
                       margin: float = 0.0) -> Design:
    """Lowest-mass (array, storage) pair for the given array output shape and load."""
    residual = np.asarray(load_kw, float) - fission_kwe
    mean_shape = float(np.mean(shape))
    if residual.max() <= 0.0:
        return _evaluate(0.0, shape, load_kw, step_h, storage, utc, fission_kwe, option or "fission", margin)
    if mean_shape <= 0.0:
        design = Design(option=option or f"solar + {storage.name}", storage=storage.name, feasible=False)
        design.mass_kg = {"array": float("inf")}
        return design
    lowest = max(residual.mean(), 1e-6) / mean_shape / storage.round_trip_efficiency
    candidates = np.geomspace(lowest * 0.5, lowest * 60.0, 80)

    def mass(array_kw):
        d = _evaluate(array_kw, shape, load_kw, step_h, storage, utc, fission_kwe, margin=margin)
        return d.system_mass_kg if d.feasible else 1e18

    masses = np.array([mass(a) for a in candidates])
    best = int(np.argmin(masses))
    if masses[best] >= 1e18:
        design = _evaluate(candidates[-1], shape, load_kw, step_h, storage, utc, fission_kwe,
                           option or f"solar + {storage.name}", margin)
        design.feasible = False
        return design
    lo, hi = candidates[max(best - 1, 0)], candidates[min(best + 1, len(candidates) - 1)]
    refined = minimize_scalar(mass, bounds=(lo, hi), method="bounded", options={"xatol": 1e-3 * lo})
    array_kw = refined.x if refined.fun <= masses[best] else candidates[best]
    return _evaluate(array_kw, shape, load_kw, step_h, storage, utc, fission_kwe, option or f"solar + {storage.name}", margin)


def size_power_system(shape, load_kw, utc, allow_fission: bool = True, margin: float = STORAGE_MARGIN) -> dict:
    """Every option sized and the lightest feasible one: ``{"options": [...], "best": Design}``."""
    utc = np.asarray(utc, dtype="datetime64[ms]")
    if len(utc) < 2:
        raise InputError("period", len(utc), "at least two epochs")
    step_h = float(np.median(np.diff(utc).astype(np.int64))) / 3.6e6
    load_kw = np.asarray(load_kw, float)
    if np.any(load_kw < 0):
        raise InputError("load", float(load_kw.min()), "a non-negative load in kW")
    if not 0.0 <= margin <= 5.0:
        raise InputError("margin", margin, "a fraction between 0 and 5")
    options = [size_solar_storage(shape, load_kw, step_h, s, utc, margin=margin) for s in STORAGES.values()]
    if allow_fission:
        peak = float(load_kw.max())
        full = Design(option="fission", fission_kwe=peak)
        mass, units = fission_mass_kg(peak)
        full.mass_kg, full.fission_units = {"fission": mass}, units
        options.append(full)
        for base in (10.0, 40.0):
            if base < peak:
                options.append(size_solar_storage(shape, load_kw, step_h, STORAGES["li-ion"], utc, fission_kwe=base,
                                                  option=f"solar + Li-ion + {base:g} kWe fission", margin=margin))
    feasible = [o for o in options if o.feasible]
    if not feasible:
        raise InputError("power", "no feasible option", "a site with some sunlight in the period, or allow fission")
    return {"options": options, "best": min(feasible, key=lambda o: o.system_mass_kg), "step_h": step_h}
