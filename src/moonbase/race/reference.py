"""A plain per-sample loop of the race model: slow, written independently of the vectorised engine.

It draws with Python's :mod:`random` and computes quantiles with :mod:`statistics`, so it shares no
code with :mod:`moonbase.race.simulate` beyond the input models; the tests check that both give the
same distributions, and ``benchmarks/bench_race.py`` times the engine against it.
"""

from __future__ import annotations

import random
import statistics

from .programmes import Programme, RaceData, decimal_year


def _growth(rng: random.Random, model, multiplier: float) -> float:
    u = rng.random()
    if u < model.shrink_probability:
        return 1.0 - model.shrink_max * rng.random()
    if u < model.shrink_probability + model.on_time_probability:
        return 1.0
    while True:  # rejection sampling of the truncated lognormal
        x = rng.lognormvariate(model.growth_log_mean, model.growth_log_sd)
        if x <= model.growth_max:
            return 1.0 + multiplier * x


def _failures(rng: random.Random, successes: int, probability: float) -> int:
    failures = 0
    while successes > 0:
        if rng.random() < probability:
            failures += 1
        else:
            successes -= 1
    return failures


def sample_programme(programme: Programme, data: RaceData, as_of: float, rng: random.Random) -> dict[str, float]:
    """One future of ``programme``: milestone key → date [decimal year] (no correlation between milestones)."""
    model = data.model
    announced = {m.key: decimal_year(m.announced) for m in programme.milestones}
    dates: dict[str, float] = {}
    pending = list(programme.milestones)
    while pending:
        for m in list(pending):
            if any(d not in dates for d in m.depends_on):
                continue
            pending.remove(m)
            if m.achieved:
                dates[m.key] = decimal_year(m.achieved)
                continue
            start = max([as_of, *(dates[d] for d in m.depends_on)])
            planned_start = max([as_of, *(announced[d] for d in m.depends_on)])
            planned = (model.minimum_remaining_months / 12.0 if announced[m.key] < as_of
                       else max(announced[m.key] - planned_start, 0.0))
            date = start + planned * _growth(rng, model, model.multiplier(programme.agency_class))
            for launches, reflight in ((m.launches, True), (m.refuelling_launches, False)):
                for launch in launches:
                    record = data.launchers.families.get(launch.family)
                    stand_down = record.stand_down_months if record and record.stand_down_months is not None \
                        else model.stand_down_months
                    n = _failures(rng, launch.count, data.launchers.failure_probability(launch.family))
                    date += n * (stand_down + (model.reflight_months if reflight else 0.0)) / 12.0
            risk = model.risk(m.mission_risk)
            date += _failures(rng, 1, risk) * model.reflight_months / 12.0
            dates[m.key] = date
    return dates


def sample_dates(data: RaceData, programme: str, samples: int, seed: int,
                 as_of: str | None = None) -> dict[str, list[float]]:
    """``samples`` futures of one programme by the per-sample loop: milestone key → sorted dates."""
    rng = random.Random(seed)
    start = decimal_year(as_of or data.facts_as_of)
    p = data.programme(programme)
    futures = [sample_programme(p, data, start, rng) for _ in range(samples)]
    return {m.key: sorted(f[m.key] for f in futures) for m in p.milestones}


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """P10, P50, P90 of sorted samples."""
    q = statistics.quantiles(values, n=10, method="inclusive")
    return q[0], statistics.median(values), q[8]


__all__ = ["percentiles", "sample_dates", "sample_programme"]
