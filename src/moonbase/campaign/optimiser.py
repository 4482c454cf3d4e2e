"""The manifest optimiser: the fewest launches (or least launch or LEO mass) that meets the campaign's
demands and milestones, as a mixed-integer programme solved by HiGHS (``scipy.optimize.milp``).

Slots are the scenario's own surface missions (their dates are the date constraints). Each cargo slot
may fly any of the campaign's cargo vehicles or none; crewed slots keep their vehicle (the crew must
fly). Every element must land no later than the scenario lands it (so every milestone is met at least
as early), and the consumables on the surface before each slot's successor arrives must cover the
nominal run's cumulative net demand (crew O2, water, food and spares, less the ISRU oxygen used) up to
that day, so no shortfall can occur. Capacity: each slot's manifest ≤ the delivered payload of its
vehicle. This goes beyond SpaceNet, which simulates a given manifest (manifesting there is a separate
step: Grogan, Siddiqi & de Weck, "Matrix Methods for Optimal Manifesting of Multinode Space Exploration
Systems", JSR 48(4), 2011).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from ..errors import MoonbaseError
from . import engine as E
from .consumables import ITEMS
from .model import Campaign
from .vehicles import delivered_payload_kg

OBJECTIVE_LABELS = {"launches": "fewest launches", "launch-mass": "least launch mass", "leo-mass": "least mass to LEO"}


@dataclass
class OptimisedManifest:
    objective: str
    status: str
    launches: int
    launch_mass_kg: float
    leo_mass_kg: float
    scenario_launches: int
    scenario_launch_mass_kg: float
    scenario_leo_mass_kg: float
    scenario_shortfall_kg: float
    slots: list[dict] = field(default_factory=list)

    def as_record(self) -> dict:
        return dict(self.__dict__)


def optimise_manifest(campaign: Campaign, series: np.ndarray, objective: str = "launches",
                      products=None, time_limit_s: float = 30.0) -> OptimisedManifest:
    """Solve the manifest MILP for ``campaign`` given its nominal daily ``series`` (for the demands)."""
    if objective not in OBJECTIVE_LABELS:
        raise MoonbaseError(f"optimise = {objective!r}; expected one of {', '.join(OBJECTIVE_LABELS)} or none")
    slots = [m for m in campaign.missions if m.to_surface and m.vehicle is not None]
    if not slots:
        raise MoonbaseError("the campaign has no surface mission with a vehicle to optimise")
    cargo_vehicles = list(dict.fromkeys(m.vehicle.name for m in slots if not m.crewed))
    vehicles = {m.vehicle.name: m.vehicle for m in slots}
    days = [int(np.floor(campaign.day_of(m.arrival))) for m in slots]
    choices = []   # (slot, vehicle name)
    for k, m in enumerate(slots):
        for name in ([m.vehicle.name] if m.crewed else cargo_vehicles):
            choices.append((k, name))
    groups: dict[tuple, int] = {}     # identical elements with the same latest slot, counted once
    for k, m in enumerate(slots):
        for e in m.elements:
            groups[(e.name, e.mass_kg, k)] = groups.get((e.name, e.mass_kg, k), 0) + 1
    group_list = list(groups.items())
    x_index = [(g, k) for g, ((_, _, need_slot), _) in enumerate(group_list)
               for k in range(len(slots)) if days[k] <= days[need_slot]]
    n_z, n_x, n_q = len(choices), len(x_index), len(slots) * len(ITEMS)
    n = n_z + n_x + n_q
    q0 = n_z + n_x
    capacity = {name: delivered_payload_kg(v, products)[0] for name, v in vehicles.items()}
    cost = np.zeros(n)
    for j, (k, name) in enumerate(choices):
        v = vehicles[name]
        cost[j] = {"launches": 1.0, "launch-mass": v.launch_mass_kg, "leo-mass": v.leo_mass_kg}[objective]
    cost[q0:] = 1e-15 * max(cost[:n_z].max(), 1.0)   # deliver no more consumables than needed
    rows, cols, values, lower, upper = [], [], [], [], []

    def add(row, col, value):
        rows.append(row)
        cols.append(col)
        values.append(value)

    r = 0
    for k, m in enumerate(slots):       # one vehicle per slot (exactly one for crewed slots)
        lower.append(1.0 if m.crewed else 0.0)
        upper.append(1.0)
    for j, (k, name) in enumerate(choices):
        add(k, j, 1.0)
        add(len(slots) + k, j, -capacity[name])      # capacity rows follow the vehicle rows
    for j, (g, k) in enumerate(x_index):
        add(len(slots) + k, n_z + j, group_list[g][0][1])
        add(2 * len(slots) + g, n_z + j, 1.0)        # every element lands, no later than in the scenario
    for k in range(len(slots)):
        for i in range(len(ITEMS)):
            add(len(slots) + k, q0 + k * len(ITEMS) + i, 1.0)
        lower.append(-np.inf)
        upper.append(0.0)
    for _, count in group_list:
        lower.append(float(count))
        upper.append(float(count))
    r = 2 * len(slots) + len(group_list)
    need = {}
    for item in ITEMS:
        net = series[:, E.column(item, E.DEMAND)] - (series[:, E.O2_ISRU_USED] if item == "o2" else 0.0)
        need[item] = np.cumsum(np.maximum(net, 0.0))
    order = np.argsort(days, kind="stable")
    for position, k in enumerate(order):   # stocks cover demand until the next slot arrives
        horizon = days[order[position + 1]] - 1 if position + 1 < len(order) else series.shape[0] - 1
        for i, item in enumerate(ITEMS):
            for kk in order[:position + 1]:
                add(r, q0 + kk * len(ITEMS) + i, 1.0)
            lower.append(float(need[item][min(horizon, series.shape[0] - 1)]) if horizon >= 0 else 0.0)
            upper.append(np.inf)
            r += 1
    A = coo_matrix((values, (rows, cols)), shape=(r, n)).tocsr()
    integrality = np.concatenate([np.ones(n_z + n_x), np.zeros(n_q)])
    upper_x = [float(group_list[g][1]) for g, _ in x_index]
    bounds = Bounds(np.zeros(n), np.concatenate([np.ones(n_z), upper_x, np.full(n_q, np.inf)]))
    result = milp(cost, constraints=LinearConstraint(A, lower, upper), integrality=integrality, bounds=bounds,
                  options={"time_limit": time_limit_s, "disp": False})
    scenario_short = float(sum(series[:, E.column(i, E.SHORTFALL)].sum() for i in ITEMS))
    gap = getattr(result, "mip_gap", None)
    status = result.message + (f" (MIP gap {100 * gap:.1f} %)" if gap is not None and np.isfinite(gap) and gap > 1e-6 else "")
    base = OptimisedManifest(objective, status, 0, 0.0, 0.0, len(slots),
                             float(sum(m.launch_mass_kg for m in slots)), float(sum(m.leo_mass_kg for m in slots)), scenario_short)
    if result.x is None:
        base.status = f"no feasible manifest: {result.message}"
        return base
    x = result.x
    carried: dict[int, list[tuple[str, float, int]]] = {}
    for j, (g, k) in enumerate(x_index):
        count = int(round(x[n_z + j]))
        if count:
            carried.setdefault(k, []).append((group_list[g][0][0], group_list[g][0][1], count))
    for j, (k, name) in enumerate(choices):
        if x[j] < 0.5:
            continue
        m, v = slots[k], vehicles[name]
        goods = {item: float(x[q0 + k * len(ITEMS) + i]) for i, item in enumerate(ITEMS)}
        lines = carried.get(k, [])
        mass = sum(w * c for _, w, c in lines) + sum(goods.values())
        base.slots.append({"mission": m.name, "date": str(m.arrival)[:10], "vehicle": v.name, "crewed": m.crewed,
                           "elements": [label for label, _, c in lines for _ in range(c)], "consumables_kg": goods, "manifest_kg": float(mass),
                           "capacity_kg": capacity[v.name]})
        base.launches += 1
        base.launch_mass_kg += v.launch_mass_kg
        base.leo_mass_kg += v.leo_mass_kg
    return base
