"""The schedule-risk Monte Carlo: every programme's milestone graph sampled many times at once.

For each sample and milestone, in dependency order::

    start    = max(as_of, latest date of the milestones it depends on)
    planned  = max(announced - max(as_of, latest announced date of those), minimum_remaining)
    date     = start + planned · g  +  launch-failure delays  +  mission-failure delays

``g`` is the schedule growth factor (:mod:`moonbase.race.uncertainty`), correlated between the
milestones of one programme through a Gaussian copula. Each launch of a family fails with the
family's probability; the number of failures before the needed successes is negative-binomial,
and each failure costs the family's stand-down plus a re-flight (tanker flights: stand-down only).
A mission fails after launch with its ``mission_risk`` and is flown again after ``reflight_months``
(geometric). Achieved milestones keep their dates.

Random numbers come from ``SeedSequence(seed, spawn_key=(chunk, programme))`` over chunks of a
fixed size, so the same seed gives the same numbers whatever the number of workers, and adding a
programme does not change the others' draws.
"""

from __future__ import annotations

import os
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from ..errors import InputError, MoonbaseError
from ..kernels import race as kernel
from ..kernels.race import failures_cdf
from .programmes import Programme, RaceData, decimal_year, topological_order
from .uncertainty import growth_parameters, truncation_level

#: Samples per chunk: the unit of work on a worker and of the random streams.
CHUNK = 1 << 17
MAX_SAMPLES = 50_000_000


@dataclass(frozen=True)
class _Step:
    """One milestone, compiled to plain numbers for the vectorised pass."""

    preds: tuple[int, ...]
    planned_years: float
    achieved: float  # NaN when not achieved
    failure_cdfs: np.ndarray  # (kinds, length): CDFs of the number of failures of each kind, zero-padded
    failure_lengths: np.ndarray  # (kinds,) int
    failure_delays: np.ndarray  # (kinds,) years per failure


def _failure_tables(tables: list[tuple[np.ndarray, float]]):
    width = max([len(c) for c, _ in tables] or [1])
    cdfs = np.ones((len(tables), width))
    for j, (cdf, _) in enumerate(tables):
        cdfs[j, :len(cdf)] = cdf
    return cdfs, np.array([len(c) for c, _ in tables], dtype=np.int64), np.array([d for _, d in tables], dtype=float)


@dataclass(frozen=True)
class CompiledProgramme:
    key: str
    stream: int
    order: tuple[int, ...]
    steps: tuple[_Step, ...]
    growth: tuple  # shrink_probability, on_time_probability, shrink_max, log_mean, log_sd, truncation level
    multiplier: float
    correlation: float
    as_of: float


def compile_programme(programme: Programme, data: RaceData, as_of: float) -> CompiledProgramme:
    model = data.model
    announced = [decimal_year(m.announced, f"{programme.key}.{m.key}.announced") for m in programme.milestones]
    index = {m.key: i for i, m in enumerate(programme.milestones)}
    steps = []
    for i, m in enumerate(programme.milestones):
        preds = tuple(index[d] for d in m.depends_on)
        planned_start = max([as_of, *(announced[p] for p in preds)])
        if announced[i] < as_of:  # past due and not done: at least the minimum remaining time
            planned = model.minimum_remaining_months / 12.0
        else:  # a milestone announced together with its predecessor follows it at once
            planned = max(announced[i] - planned_start, 0.0)
        tables = []
        for launches, reflight in ((m.launches, True), (m.refuelling_launches, False)):
            for launch in launches:
                if launch.count == 0:
                    continue
                record = data.launchers.families.get(launch.family)
                stand_down = (record.stand_down_months if record and record.stand_down_months is not None
                              else model.stand_down_months)
                delay = (stand_down + (model.reflight_months if reflight else 0.0)) / 12.0
                probability = data.launchers.failure_probability(launch.family)
                if probability > 0.0:
                    # failures before `count` successes: negative binomial
                    tables.append((failures_cdf(launch.count, probability), delay))
        risk = model.risk(m.mission_risk)
        if risk > 0.0:  # lost missions before one succeeds: geometric, each costing a re-flight
            tables.append((failures_cdf(1, risk), model.reflight_months / 12.0))
        achieved = decimal_year(m.achieved, f"{programme.key}.{m.key}.achieved") if m.achieved else np.nan
        steps.append(_Step(preds, planned, achieved, *_failure_tables(tables)))
    g = growth_parameters(model)
    growth = (g["shrink_probability"], g["on_time_probability"], g["shrink_max"], g["log_mean"], g["log_sd"],
              truncation_level(g["log_mean"], g["log_sd"], g["growth_max"]))
    return CompiledProgramme(programme.key, zlib.crc32(programme.key.encode()), tuple(topological_order(programme)),
                             tuple(steps), growth, model.multiplier(programme.agency_class), model.correlation, as_of)


def simulate_chunk(compiled: CompiledProgramme, n: int, seed: int, chunk: int) -> np.ndarray:
    """Dates [decimal year] of ``n`` samples × milestones for one chunk of the random streams."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(chunk, compiled.stream)))
    dates = np.empty((len(compiled.steps), n))  # milestone-major for contiguous kernel output
    common = rng.standard_normal(n)
    a, b = np.sqrt(compiled.correlation), np.sqrt(1.0 - compiled.correlation)
    start = np.empty(n)
    for i in compiled.order:
        step = compiled.steps[i]
        start.fill(compiled.as_of)
        for p in step.preds:
            np.maximum(start, dates[p], out=start)
        own = rng.standard_normal(n)
        uniforms = rng.random((len(step.failure_delays), n))
        if step.achieved == step.achieved:  # the draws are still made, so later streams do not shift
            dates[i] = step.achieved
            continue
        kernel.milestone_dates(start, step.planned_years, common, own, a, b, *compiled.growth, compiled.multiplier,
                               uniforms, step.failure_cdfs, step.failure_lengths, step.failure_delays, dates[i])
    return dates.T


@dataclass(frozen=True)
class Simulation:
    """Sampled milestone dates [decimal year] of each programme: ``dates[key]`` is samples × milestones."""

    seed: int
    samples: int
    as_of: float
    horizon_year: int
    programmes: dict[str, Programme]
    dates: dict[str, np.ndarray] = field(repr=False)

    def milestone_dates(self, programme: str, milestone: str) -> np.ndarray:
        index = [m.key for m in self.programmes[programme].milestones].index(milestone)
        return self.dates[programme][:, index]


def check_samples(samples: int, where: str = "samples") -> int:
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or not 1 <= samples <= MAX_SAMPLES:
        raise InputError(where, samples, f"a whole number of samples from 1 to {MAX_SAMPLES:,}")
    return int(samples)


def check_seed(seed: int, where: str = "seed") -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**63:
        raise InputError(where, seed, "a whole number from 0 to 2**63 - 1")
    return int(seed)


def simulate(data: RaceData, programmes: list[str], samples: int = 100_000, seed: int = 2021,
             as_of: str | None = None, scheduler=None, progress=None) -> Simulation:
    """Sample every milestone date of ``programmes`` (keys of ``data``) ``samples`` times.

    ``scheduler``: None runs here; a ``dask.distributed.Client`` or a scheduler address
    (``"tcp://host:8786"``) spreads the chunks over a cluster. The numbers do not depend on it.
    ``progress(fraction, message)`` is called as chunks finish.
    """
    samples, seed = check_samples(samples), check_seed(seed)
    start = decimal_year(as_of or data.facts_as_of, "as_of")
    chosen = {key: data.programme(key) for key in programmes}
    compiled = [compile_programme(p, data, start) for p in chosen.values()]
    sizes = [min(CHUNK, samples - c * CHUNK) for c in range((samples + CHUNK - 1) // CHUNK)]
    jobs = [(k, c, n) for k in range(len(compiled)) for c, n in enumerate(sizes)]
    if scheduler is None:
        parts = _on_threads(compiled, jobs, seed, progress)
    else:
        parts = _on_cluster(scheduler, compiled, jobs, seed, progress)
    dates, i = {}, 0
    for p in compiled:
        dates[p.key] = np.concatenate(parts[i:i + len(sizes)])
        i += len(sizes)
    return Simulation(seed, samples, start, data.model.horizon_year, chosen, dates)


def _on_threads(compiled, jobs, seed, progress):
    """Chunks on local threads (the kernels release the GIL)."""
    workers = min(len(jobs), os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(simulate_chunk, compiled[k], n, seed, c) for k, c, n in jobs]
        for done, future in enumerate(futures, start=1):
            future.result()
            if progress:
                progress(done / len(futures), "race Monte Carlo")
    return [f.result() for f in futures]


def _on_cluster(scheduler, compiled, jobs, seed, progress):
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise MoonbaseError("a dask cluster needs dask.distributed: pip install 'moonbase[cluster]'") from None

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        futures = [client.submit(simulate_chunk, compiled[k], n, seed, c, pure=False) for k, c, n in jobs]
        for done, _ in enumerate(as_completed(futures), start=1):
            if progress:
                progress(done / len(futures), "race Monte Carlo (cluster)")
        return client.gather(futures)
    finally:
        if client is not scheduler:
            client.close()
