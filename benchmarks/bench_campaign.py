"""Campaign speed targets on a synthetic 30-year campaign of 100 missions at daily steps:

1. one nominal run (model, daily event run, hourly night pass for the milestones, MOEs): target ≤ 1 s;
2. 10,000 replications with random delays: target ≤ 60 s (``--dask`` runs them in chunks on dask).

Both are compared in the same run with the plain per-day Python loop of ``moonbase.campaign.reference``
(one run timed; replications extrapolated from it) and with the SimPy implementation, and the daily
series of all three are checked to agree. Numba compilation happens on a small case first, not timed.
Run: ``python benchmarks/bench_campaign.py [--replications 10000] [--dask] [--scheduler ADDRESS]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from moonbase.campaign import engine as E
from moonbase.campaign import reference
from moonbase.campaign.config import CampaignConfig
from moonbase.campaign.milestones import compute_milestones
from moonbase.campaign.model import build_campaign
from moonbase.campaign.moe import measures_of_effectiveness
from moonbase.campaign.sunlight import default_sunlight

CARGO = ["hab-rigid", "isru-o2-mre", "fission-10kwe", "rover-pressurised", "comms-terminal", "science-payload"]


def synthetic_config(missions: int = 100, years: int = 30, seed: int = 1) -> CampaignConfig:
    """A 30-year build-up: cargo flights on Blue Moon MK2 with elements and supplies, crews on Long March 10."""
    rng = np.random.default_rng(seed)
    found = []
    for k in range(missions):
        day = int(k * years * 365 / missions)
        date = str(np.datetime64("2030-01-01") + np.timedelta64(day, "D"))
        if k % 3 == 2:
            found.append({"name": f"crew {k}", "year": int(date[:4]), "date": date, "vehicle": "Long March 10",
                          "crew": 2, "stay_days": float(rng.integers(30, 200))})
        else:
            first = CARGO[k % len(CARGO)]
            found.append({"name": f"cargo {k}", "year": int(date[:4]), "date": date, "vehicle": "Blue Moon MK2 cargo",
                          "manifest": [{"element": first}, {"element": "solar-array-1kw", "count": 20},
                                       {"element": "storage-li-ion-1kwh", "count": 100},
                                       {"item": "o2", "kg": 200.0}, {"item": "water", "kg": 300.0},
                                       {"item": "food", "kg": 300.0}, {"item": "spares", "kg": 100.0}]})
    return CampaignConfig.model_validate({"start": "2030-01-01", "end": f"{2030 + years}-01-01", "missions": found})


def nominal(config):
    campaign = build_campaign(config)
    sun = default_sunlight(-89.5)
    inputs = E.engine_inputs(campaign, sun.daily(campaign.start, campaign.days))
    series = E.run_once(inputs)
    compute_milestones(campaign, series, sun)
    measures_of_effectiveness(campaign)
    return campaign, inputs, series


def _timed(function, *args, **kwargs):
    clock = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=10_000)
    parser.add_argument("--dask", action="store_true", help="run the replications in chunks on dask")
    parser.add_argument("--scheduler", default=None, help="a dask.distributed scheduler address (with --dask)")
    args = parser.parse_args()

    nominal(synthetic_config(missions=6, years=1))                  # compile the kernels
    E.run_replications(*nominal(synthetic_config(missions=6, years=1))[1:2], np.zeros((2, 6)))
    config = synthetic_config()
    (campaign, inputs, series), t_nominal = _timed(nominal, config)
    _, t_engine = _timed(E.run_once, inputs)
    rows_loop, t_loop = _timed(reference.run_plain_loop, inputs)
    rows_simpy, t_simpy = _timed(reference.run_simpy, inputs)
    for rows in (rows_loop, rows_simpy):
        np.testing.assert_allclose([r["o2_stock"] for r in rows], series[:, E.column("o2", E.STOCK)], atol=1e-6)
        np.testing.assert_allclose([r["soc_kwh"] for r in rows], series[:, E.SOC_KWH], atol=1e-6)
    print(f"campaign: {len(campaign.missions)} missions, {campaign.days} days ({campaign.days / 365.25:.1f} years), "
          f"{inputs.element_table.shape[0]} element instances")
    print(f"1. nominal run (model + daily run + hourly night pass + MOEs): {t_nominal:.3f} s (target <= 1 s); "
          f"daily kernel alone {t_engine * 1e3:.2f} ms")
    print(f"   plain per-day Python loop: {t_loop:.2f} s  -> kernel is {t_loop / t_engine:,.0f}x faster; "
          f"SimPy: {t_simpy:.2f} s -> {t_simpy / t_engine:,.0f}x (all three series agree to 1e-6)")
    delays = E.random_delays(len(campaign.missions), args.replications, 0.64, 365.0, seed=0)
    if args.dask:
        summaries, t_reps = _timed(E.run_replications_dask, inputs, delays, scheduler=args.scheduler)
    else:
        summaries, t_reps = _timed(E.run_replications, inputs, delays)
    loop_estimate = t_loop * args.replications
    first_crew = summaries[:, 0][summaries[:, 0] >= 0]
    print(f"2. {args.replications:,} replications with random delays (seed 0){' on dask' if args.dask else ''}: "
          f"{t_reps:.2f} s (target <= 60 s); plain loop would take ~{loop_estimate:,.0f} s -> {loop_estimate / t_reps:,.0f}x")
    print(f"   first crew day: mean {first_crew.mean():.1f}, standard error {first_crew.std(ddof=1) / np.sqrt(first_crew.size):.2f} days")


if __name__ == "__main__":
    main()
