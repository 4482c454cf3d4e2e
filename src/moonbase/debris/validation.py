"""Checks of the debris models against real clouds and published counts.

* :func:`compare_evolution`: evolve an old catalogue snapshot of a cloud to a newer snapshot's date
  and compare the number still in orbit, object by object (which decayed, which did not), and the
  perigee/apogee distributions (percentiles and the two-sample Kolmogorov-Smirnov distance);
* :data:`PUBLISHED_BREAKUPS` and :func:`breakup_count_check`: the breakup model's count of fragments
  of 10 cm and larger against the catalogued counts of the 2007 Fengyun-1C and 2021 Kosmos 1408
  tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from ..traffic.catalog import Catalog
from .ballistic import calibrated_elements
from .breakup import BreakupEvent
from .evolution import evolve

PERCENTILES = (5, 25, 50, 75, 95)


@dataclass(frozen=True)
class PublishedBreakup:
    name: str
    date: str
    mass_kg: float
    mass_source: str
    catalogued_10cm: int
    count_source: str
    altitude_km: float
    inclination_deg: float
    designator: str


PUBLISHED_BREAKUPS = {
    "fengyun-1c": PublishedBreakup(
        "Fengyun-1C ASAT test", "2007-01-11T22:26", 880.0,
        "about 880 kg (NASA Orbital Debris Quarterly News 11(2), April 2007) [M]", 3037,
        "3,037 catalogued by Sept 2010 (Orbital Debris Quarterly News 14(4), Oct 2010; "
        "Johnson et al., IAC-07-A6.3.01, NTRS 20070007324: > 2,000 of ~10 cm or more by late 2007) [R2]",
        855.0, 98.7, "1999-025"),
    "kosmos-1408": PublishedBreakup(
        "Kosmos 1408 ASAT test", "2021-11-15T02:47", 2000.0,
        "1,750-2,200 kg (spacepolicyonline.com, Nov 2021) [R2]; the middle taken", 1500,
        "about 1,500 trackable pieces (US Space Command, 15 Nov 2021, via spacepolicyonline.com) [R2]",
        478.0, 82.6, "1982-092"),
}


def breakup_count_check(key: str) -> dict:
    """The model's expected count >= 10 cm for a published event (catastrophic collision, target mass only)."""
    published = PUBLISHED_BREAKUPS[key]
    event = BreakupEvent("collision", published.mass_kg)
    modelled = float(event.count_larger_than(0.1))
    return {"event": published.name, "mass_kg": published.mass_kg, "modelled_10cm": modelled,
            "catalogued_10cm": published.catalogued_10cm, "ratio": modelled / published.catalogued_10cm,
            "mass_source": published.mass_source, "count_source": published.count_source}


def _percentiles(values: np.ndarray) -> list[float]:
    return [float(v) for v in np.percentile(values, PERCENTILES)] if len(values) else [float("nan")] * len(PERCENTILES)


def compare_evolution(old: Catalog, new: Catalog, until_utc=None) -> dict:
    """Evolve ``old`` to ``until_utc`` (default: the newest epoch of ``new``) and compare with ``new``."""
    until = np.datetime64(until_utc, "s") if until_utc is not None else new.epoch.max().astype("datetime64[s]")
    elements, calibration = calibrated_elements(old)
    evolution = evolve(elements, until, 1.0, [until])
    alive = evolution.snapshots[0]
    survived = np.isin(old.norad, new.norad)
    predicted_alive = np.isnat(evolution.decay_utc)
    in_both = np.isin(alive.norad, new.norad)
    new_matched = np.isin(new.norad, old.norad)
    return {
        "until_utc": until, "objects_then": len(old), "objects_now": len(new), "predicted_now": len(alive),
        "count_error": (len(alive) - len(new)) / len(new),
        "new_objects_not_in_old": int((~new_matched).sum()),
        "survivors_predicted_in_orbit": int((predicted_alive & survived).sum()), "survivors": int(survived.sum()),
        "decayed_predicted_decayed": int((~predicted_alive & ~survived).sum()), "decayed": int((~survived).sum()),
        "perigee_percentiles_predicted_km": _percentiles(alive.perigee_km),
        "perigee_percentiles_observed_km": _percentiles(new.perigee_km),
        "apogee_percentiles_predicted_km": _percentiles(alive.apogee_km),
        "apogee_percentiles_observed_km": _percentiles(new.apogee_km),
        "perigee_ks": float(stats.ks_2samp(alive.perigee_km, new.perigee_km).statistic),
        "apogee_ks": float(stats.ks_2samp(alive.apogee_km, new.apogee_km).statistic),
        "matched_perigee_error_median_km": float(np.median(alive.perigee_km[in_both] - _by_norad(new, alive.norad[in_both], "perigee_km"))),
        "calibration": calibration,
        "predicted": alive,
    }


def _by_norad(catalog: Catalog, norad: np.ndarray, attribute: str) -> np.ndarray:
    order = np.argsort(catalog.norad)
    return getattr(catalog, attribute)[order][np.searchsorted(catalog.norad[order], norad)]


def gabbard(perigee_km: np.ndarray, apogee_km: np.ndarray) -> dict:
    """Gabbard-diagram columns: orbital period [min] against perigee and apogee altitude [km]."""
    from .elements import EARTH_RADIUS_KM, MU_KM3_S2

    a = EARTH_RADIUS_KM + 0.5 * (np.asarray(perigee_km, float) + np.asarray(apogee_km, float))
    period = 2.0 * np.pi * np.sqrt(a**3 / MU_KM3_S2) / 60.0
    return {"period_min": period, "perigee_km": np.asarray(perigee_km, float), "apogee_km": np.asarray(apogee_km, float)}
