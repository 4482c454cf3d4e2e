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
from scipy.sparse import lil_matrix

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
    items = [(k, e) for k, m in enumerate(slots) for e in m.elements]       # element instances and their scenario slot
    x_index = []                                                            # (element number, slot) pairs allowed
    for n, (need_slot, e) in enumerate(items):
        for k in range(len(slots)):
            if days[k] <= days[need_slot]:
                x_index.append((n, k))
    n_z, n_x, n_q = len(choices), len(x_index), len(slots) * len(ITEMS)
    n = n_z + n_x + n_q
    capacity = {name: delivered_payload_kg(v, products)[0] for name, v in vehicles.items()}
    cost = np.zeros(n)
    for j, (k, name) in enumerate(choices):
        v = vehicles[name]
        cost[j] = {"launches": 1.0, "launch-mass": v.launch_mass_kg, "leo-mass": v.leo_mass_kg}[objective]
    cost[:n_z] += 1e-9 * cost[:n_z].max()  # tie-break toward no launch
    cost[n_z + n_x:] = 1e-9 * max(cost[:n_z].max(), 1.0) / 1e6   # deliver no more consumables than needed
    rows, lower, upper = [], [], []
    A = lil_matrix((len(slots) * 2 + len(items) + len(slots) * len(ITEMS), n))
    r = 0
    for k, m in enumerate(slots):       # one vehicle per slot (exactly one for crewed slots)
        for j, (kk, _) in enumerate(choices):
            if kk == k:
                A[r, j] = 1.0
        lower.append(1.0 if m.crewed else 0.0)
        upper.append(1.0)
        r += 1
    for k in range(len(slots)):         # capacity
        for j, (kk, name) in enumerate(choices):
            if kk == k:
                A[r, j] = -capacity[name]
        for j, (nn, kk) in enumerate(x_index):
            if kk == k:
                A[r, n_z + j] = items[nn][1].mass_kg
        for i in range(len(ITEMS)):
            A[r, n_z + n_x + k * len(ITEMS) + i] = 1.0
        lower.append(-np.inf)
        upper.append(0.0)
        r += 1
    for nn in range(len(items)):        # every element lands once, no later than in the scenario
        for j, (mm, _) in enumerate(x_index):
            if mm == nn:
                A[r, n_z + j] = 1.0
        lower.append(1.0)
        upper.append(1.0)
        r += 1
    need = {}
    for i, item in enumerate(ITEMS):
        net = series[:, E.column(item, E.DEMAND)] - (series[:, E.O2_ISRU_USED] if item == "o2" else 0.0)
        need[item] = np.cumsum(np.maximum(net, 0.0))
    order = np.argsort(days, kind="stable")
    for position, k in enumerate(order):   # stocks cover demand until the next slot arrives
        horizon = days[order[position + 1]] - 1 if position + 1 < len(order) else series.shape[0] - 1
        for i, item in enumerate(ITEMS):
            for kk in order[:position + 1]:
                A[r, n_z + n_x + kk * len(ITEMS) + i] = 1.0
            required = float(need[item][min(max(horizon, 0), series.shape[0] - 1)]) if horizon >= 0 else 0.0
            lower.append(required)
            upper.append(np.inf)
            r += 1
    A = A[:r].tocsr()
    integrality = np.concatenate([np.ones(n_z + n_x), np.zeros(n_q)])
    bounds = Bounds(np.zeros(n), np.concatenate([np.ones(n_z + n_x), np.full(n_q, np.inf)]))
    result = milp(cost, constraints=LinearConstraint(A, lower, upper), integrality=integrality, bounds=bounds,
                  options={"time_limit": time_limit_s, "disp": False})
    scenario_short = float(sum(series[:, E.column(i, E.SHORTFALL)].sum() for i in ITEMS))
    base = OptimisedManifest(objective, result.message, 0, 0.0, 0.0, len(slots),
                             float(sum(m.launch_mass_kg for m in slots)), float(sum(m.leo_mass_kg for m in slots)), scenario_short)
    if result.x is None:
        base.status = f"no feasible manifest: {result.message}"
        return base
    x = result.x
    for k, m in enumerate(slots):
        flown = [name for j, (kk, name) in enumerate(choices) if kk == k and x[j] > 0.5]
        if not flown:
            continue
        v = vehicles[flown[0]]
        carried = [items[nn][1].name for j, (nn, kk) in enumerate(x_index) if kk == k and x[n_z + j] > 0.5]
        goods = {item: float(x[n_z + n_x + k * len(ITEMS) + i]) for i, item in enumerate(ITEMS)}
        mass = sum(items[nn][1].mass_kg for j, (nn, kk) in enumerate(x_index) if kk == k and x[n_z + j] > 0.5) + sum(goods.values())
        base.slots.append({"mission": m.name, "date": str(m.arrival)[:10], "vehicle": v.name, "crewed": m.crewed,
                           "elements": carried, "consumables_kg": goods, "manifest_kg": float(mass),
                           "capacity_kg": capacity[v.name]})
        base.launches += 1
        base.launch_mass_kg += v.launch_mass_kg
        base.leo_mass_kg += v.leo_mass_kg
    return base
