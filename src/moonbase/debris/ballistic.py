"""Ballistic coefficients of real catalogue objects, calibrated to the decay their element sets show.

A TLE's B* is fitted together with SGP4's own static power-law atmosphere, which at 700-900 km is
several times denser than NRLMSIS at low and moderate solar activity; B = 2 B* / rho0 therefore
under-states drag there by that factor (measured on the Fengyun-1C 2021 file: a median of 4-10x).
Instead, the decay rate SGP4 predicts at the epoch (the change of its mean semi-major axis over one
day, ``Satrec.am``) is matched with King-Hele's rate in the NRLMSIS table at that day's solar
activity: ``B = (da/dt)_SGP4 / (da/dt per unit B)``. This is the usual practice of calibrating a
drag parameter to the observed decay (e.g. Vallado 2013 §9.6.3, "B from the element sets") [D].
Objects whose element set shows no decay (B* <= 0) get the median B of the others in the group.
"""

from __future__ import annotations

import numpy as np

from ..traffic.catalog import Catalog
from .atmosphere import density_table
from .elements import EARTH_RADIUS_KM, ElementSet, from_catalog
from .evolution import _drag_rates
from .solar import load_solar_activity

#: Span over which SGP4's secular decay is read [min]: one day.
DECAY_SPAN_MIN = 1440.0


def sgp4_decay_rate_km_s(catalog: Catalog) -> np.ndarray:
    """d(mean semi-major axis)/dt [km/s] that SGP4 predicts over the day after each epoch (NaN on error)."""
    rates = np.full(len(catalog), np.nan)
    for k, obj in enumerate(catalog.objects):
        sat = obj.satrec
        e0, _, _ = sat.sgp4_tsince(0.0)
        a0 = sat.am
        e1, _, _ = sat.sgp4_tsince(DECAY_SPAN_MIN)
        if e0 == 0 and e1 == 0:
            rates[k] = (sat.am - a0) * EARTH_RADIUS_KM / (DECAY_SPAN_MIN * 60.0)
    return rates


def calibrated_elements(catalog: Catalog, solar=None, table=None) -> tuple[ElementSet, dict]:
    """Mean elements of ``catalog`` with B calibrated as the module says, and how it went."""
    solar = solar or load_solar_activity()
    table = table or density_table()
    elements = from_catalog(catalog)
    observed = sgp4_decay_rate_km_s(catalog)
    f107, ap = solar.at(elements.epoch)
    per_unit = np.array([_drag_rates(a, e, i, 1.0, f, g, table.altitude_km, table.f107, table.ap, table.log_rho)[0]
                         for a, e, i, f, g in zip(elements.a_km, elements.e, elements.i_rad, f107, ap)])
    with np.errstate(divide="ignore", invalid="ignore"):
        b = observed / per_unit
    usable = np.isfinite(b) & (b > 0)
    median = float(np.median(b[usable])) if usable.any() else 0.01
    bstar_b = elements.b_m2_kg.copy()
    elements.b_m2_kg = np.where(usable, b, median)
    info = {"objects": len(catalog), "calibrated": int(usable.sum()), "given_group_median": int((~usable).sum()),
            "median_b_m2_kg": median,
            "median_ratio_to_bstar_b": float(np.median(b[usable & (bstar_b > 0)] / bstar_b[usable & (bstar_b > 0)]))
            if (usable & (bstar_b > 0)).any() else float("nan")}
    return elements, info
