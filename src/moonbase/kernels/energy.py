"""Energy-storage recursions over a time series (kW, h, kWh)."""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True)
def deficit_series(net_kw, step_h, charge_efficiency, discharge_efficiency, initial_deficit_kwh):
    """Energy below full charge [kWh] after each step, for an unbounded store starting ``initial_deficit_kwh`` down.

    Surplus (net > 0) refills at ``charge_efficiency`` until full; a shortfall drains at 1/``discharge_efficiency``.
    The largest value is the usable capacity the store needs never to run dry.
    """
    n = net_kw.shape[0]
    out = np.empty(n)
    deficit = initial_deficit_kwh
    for i in range(n):
        net = net_kw[i]
        if net >= 0.0:
            deficit = max(0.0, deficit - net * charge_efficiency * step_h)
        else:
            deficit += -net / discharge_efficiency * step_h
        out[i] = deficit
    return out


@numba.njit(cache=True)
def state_of_charge(net_kw, step_h, capacity_kwh, charge_efficiency, discharge_efficiency):
    """Stored energy [kWh] after each step for a store of ``capacity_kwh`` starting full (may go negative = blackout)."""
    n = net_kw.shape[0]
    out = np.empty(n)
    energy = capacity_kwh
    for i in range(n):
        net = net_kw[i]
        if net >= 0.0:
            energy = min(capacity_kwh, energy + net * charge_efficiency * step_h)
        else:
            energy -= -net / discharge_efficiency * step_h
        out[i] = energy
    return out
