"""Backtest: the model's forecasts made from what was announced in the past, against what happened.

For each past forecast (a milestone date as announced on a day), the model is run from that day
as a one-milestone programme with the same launchers, and the actual date's percentile in the
forecast distribution is reported, with whether it fell inside the 80 % interval (P10–P90). A
milestone that has still not happened by ``facts_as_of`` is censored: its percentile is at least
the forecast's probability of having happened by then, and it is a known miss if even P90 was
earlier.

The agency-class multipliers of schedule growth are calibrated on these cases by maximum
likelihood (a Gaussian kernel density for cases that happened, the survival probability for
censored ones). The backtest is reported both in-sample and leave-one-out (each case forecast
with multipliers calibrated without it): the honest figure is the leave-one-out one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from .programmes import HistoryCase, Milestone, Programme, RaceData, decimal_year
from .simulate import compile_programme, simulate_chunk

#: Kernel bandwidth [yr] of the likelihood of an actual date: about the dates' own precision
#: (many announcements name only a month or a season).
BANDWIDTH_YR = 0.15
MULTIPLIER_GRID = np.round(np.arange(0.0, 6.01, 0.25), 2)


@dataclass(frozen=True)
class BacktestRow:
    case: str
    label: str
    agency_class: str
    announced_on: str
    announced: str
    actual: str
    multiplier: float
    p10: float
    p50: float
    p90: float
    percentile: float          # of the actual date; for censored cases a lower bound
    censored: bool
    inside_80: bool | None     # None: censored and not yet decided


def _forecast(case: HistoryCase, data: RaceData, multiplier: float, samples: int, seed: int) -> np.ndarray:
    milestone = Milestone(key=case.key, label=case.label, kind="history", announced=case.announced,
                          announced_on=case.announced_on, launches=case.launches, tag=case.tag, source=case.source)
    programme = Programme(key=case.key, name=case.label, agency_class=case.agency_class, milestones=[milestone])
    compiled = compile_programme(programme, data, decimal_year(case.announced_on))
    compiled = dataclasses.replace(compiled, multiplier=float(multiplier))
    return simulate_chunk(compiled, samples, seed, 0)[:, 0]


def _log_likelihood(dates: np.ndarray, case: HistoryCase, facts_as_of: float) -> float:
    if case.actual:
        actual = decimal_year(case.actual)
        density = np.mean(np.exp(-0.5 * ((dates - actual) / BANDWIDTH_YR) ** 2)) / (BANDWIDTH_YR * np.sqrt(2 * np.pi))
        return float(np.log(max(density, 1e-12)))
    return float(np.log(max(np.mean(dates > facts_as_of), 1e-12)))


def _likelihood_table(data: RaceData, cases: list[HistoryCase], samples: int, seed: int) -> dict[str, np.ndarray]:
    """Log-likelihood of each case at every multiplier of the grid."""
    facts_as_of = decimal_year(data.facts_as_of)
    return {c.key: np.array([_log_likelihood(_forecast(c, data, k, samples, seed), c, facts_as_of)
                             for k in MULTIPLIER_GRID]) for c in cases}


def _best(cases: list[HistoryCase], table: dict[str, np.ndarray]) -> dict[str, float]:
    best = {}
    for agency in sorted({c.agency_class for c in cases}):
        scores = sum(table[c.key] for c in cases if c.agency_class == agency)
        best[agency] = float(MULTIPLIER_GRID[int(np.argmax(scores))])
    return best


def calibrate_multipliers(data: RaceData, cases: list[HistoryCase] | None = None, samples: int = 20_000,
                          seed: int = 1) -> dict[str, float]:
    """The growth multiplier per agency class that makes its past forecasts most likely (grid search)."""
    cases = data.history if cases is None else cases
    return _best(cases, _likelihood_table(data, cases, samples, seed))


def _row(case: HistoryCase, data: RaceData, multiplier: float, samples: int, seed: int) -> BacktestRow:
    dates = _forecast(case, data, multiplier, samples, seed)
    p10, p50, p90 = (float(v) for v in np.quantile(dates, [0.1, 0.5, 0.9]))
    if case.actual:
        actual = decimal_year(case.actual)
        return BacktestRow(case.key, case.label, case.agency_class, case.announced_on, case.announced, case.actual,
                           multiplier, p10, p50, p90, float(np.mean(dates <= actual)), False, p10 <= actual <= p90)
    facts_as_of = decimal_year(data.facts_as_of)
    return BacktestRow(case.key, case.label, case.agency_class, case.announced_on, case.announced, "",
                       multiplier, p10, p50, p90, float(np.mean(dates <= facts_as_of)), True,
                       False if p90 < facts_as_of else None)


@dataclass(frozen=True)
class Backtest:
    rows: list[BacktestRow]
    leave_one_out: bool

    @property
    def decided(self) -> list[BacktestRow]:
        return [r for r in self.rows if r.inside_80 is not None]

    @property
    def coverage_80(self) -> float:
        """Share of decided cases inside the 80 % interval (a calibrated model gives about 0.8)."""
        decided = self.decided
        return float(np.mean([r.inside_80 for r in decided])) if decided else float("nan")

    @property
    def late_misses(self) -> int:
        """Cases that came later than P90: the model was over-confident on the early side."""
        return sum(1 for r in self.decided if not r.inside_80 and (r.censored or r.percentile > 0.9))


def backtest(data: RaceData, samples: int = 20_000, seed: int = 1, leave_one_out: bool = True) -> Backtest:
    """Forecast every past case; with ``leave_one_out`` its class multiplier is calibrated without it."""
    rows = []
    table = _likelihood_table(data, data.history, samples, seed) if leave_one_out else {}
    for case in data.history:
        if leave_one_out:
            others = [c for c in data.history if c.key != case.key and c.agency_class == case.agency_class]
            multiplier = (_best(others, table)[case.agency_class] if others
                          else data.model.multiplier(case.agency_class))
        else:
            multiplier = data.model.multiplier(case.agency_class)
        rows.append(_row(case, data, multiplier, samples, seed))
    return Backtest(rows, leave_one_out)
