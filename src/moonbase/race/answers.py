"""From sampled dates to answers: date percentiles, who gets there first, and what moves it most."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .programmes import KIND_LABELS, STANDARD_KINDS, RaceData, iso_date
from .simulate import Simulation, simulate


@dataclass(frozen=True)
class MilestoneForecast:
    """One milestone of one programme: percentile dates [decimal year] and the chance of missing the horizon."""

    programme: str
    milestone: str
    label: str
    kind: str
    announced: str
    p10: float
    p50: float
    p90: float
    p_by_announced: float
    p_not_by_horizon: float
    achieved: bool

    def row(self) -> dict:
        return {"programme": self.programme, "milestone": self.milestone, "kind": self.kind, "label": self.label,
                "announced": self.announced, "p10": iso_date(self.p10), "p50": iso_date(self.p50),
                "p90": iso_date(self.p90), "p_by_announced_pct": 100.0 * self.p_by_announced,
                "p_not_by_horizon_pct": 100.0 * self.p_not_by_horizon, "achieved": self.achieved}


@dataclass(frozen=True)
class FirstProbability:
    """P(each programme reaches milestone kind ``kind`` first), with Monte Carlo standard errors.

    Futures in which no programme reaches it by the horizon are counted in ``p_none``.
    """

    kind: str
    label: str
    milestones: dict[str, str]  # programme → the milestone standing for the kind
    p_first: dict[str, float]
    standard_error: dict[str, float]
    p_none: float
    samples: int


def _horizon_dates(simulation: Simulation, programme: str, milestone: str) -> np.ndarray:
    dates = simulation.milestone_dates(programme, milestone)
    return np.where(dates <= simulation.horizon_year + 1.0, dates, np.inf)  # beyond the horizon year: not reached


def forecasts(simulation: Simulation) -> list[MilestoneForecast]:
    from .programmes import decimal_year

    out = []
    for key, programme in simulation.programmes.items():
        for j, m in enumerate(programme.milestones):
            dates = simulation.dates[key][:, j]
            p10, p50, p90 = np.quantile(dates, [0.1, 0.5, 0.9])
            out.append(MilestoneForecast(
                key, m.key, m.label, m.kind, m.announced, float(p10), float(p50), float(p90),
                float(np.mean(dates <= decimal_year(m.announced) + 1e-9)),
                float(np.mean(dates > simulation.horizon_year + 1.0)), m.achieved is not None))
    return out


def kinds_in_common(simulation: Simulation) -> list[str]:
    """Milestone kinds that at least two of the programmes have, standard kinds first."""
    counts: dict[str, int] = {}
    for programme in simulation.programmes.values():
        for kind in {m.kind for m in programme.milestones}:
            counts[kind] = counts.get(kind, 0) + 1
    shared = [k for k, c in counts.items() if c >= 2]
    return [k for k in STANDARD_KINDS if k in shared] + sorted(k for k in shared if k not in STANDARD_KINDS)


def first_probabilities(simulation: Simulation, kind: str) -> FirstProbability:
    """Who reaches ``kind`` first, over the programmes that have it (ties split evenly)."""
    chosen = {k: p.first_of_kind(kind) for k, p in simulation.programmes.items()}
    chosen = {k: m for k, m in chosen.items() if m is not None}
    keys = list(chosen)
    stacked = np.stack([_horizon_dates(simulation, k, chosen[k].key) for k in keys])
    earliest = stacked.min(axis=0)
    reached = np.isfinite(earliest)
    winners = (stacked == earliest) & reached
    share = winners / np.maximum(winners.sum(axis=0), 1)
    n = simulation.samples
    p = {k: float(share[i].mean()) for i, k in enumerate(keys)}
    se = {k: float(np.sqrt(max(p[k] * (1.0 - p[k]), 0.0) / n)) for k in keys}
    return FirstProbability(kind, KIND_LABELS.get(kind, kind.replace("_", " ")), {k: m.key for k, m in chosen.items()},
                            p, se, float(np.mean(~reached)), n)


def cdf_table(simulation: Simulation, kind: str, years: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """P(reached by year) for each programme's milestone of ``kind``, on a yearly grid."""
    if years is None:
        years = np.arange(np.floor(simulation.as_of), simulation.horizon_year + 1.0 + 1e-9, 0.25)
    columns = {"year": years}
    for key, programme in simulation.programmes.items():
        m = programme.first_of_kind(kind)
        if m is not None:
            dates = np.sort(simulation.milestone_dates(key, m.key))
            columns[key] = np.searchsorted(dates, years, side="right") / len(dates)
    return columns


@dataclass(frozen=True)
class Sensitivity:
    """How far P(``programme`` first at ``kind``) moves when one input goes to its low or high value."""

    parameter: str
    low_value: float
    high_value: float
    p_low: float
    p_high: float
    p_base: float

    @property
    def swing(self) -> float:
        return abs(self.p_high - self.p_low)


def _scaled(data: RaceData, path: tuple[str, ...], factor: float, cap: float | None) -> tuple[RaceData, float]:
    raw = data.model_dump()
    node = raw
    for part in path[:-1]:
        node = node[part]
    value = node[path[-1]]
    new = value * factor
    if cap is not None:
        new = min(new, cap)
    if isinstance(value, int):  # a count (failures on record): whole, and never above the flights
        new = int(min(round(new), node.get("flights", new)))
    node[path[-1]] = new
    return RaceData.model_validate(raw), new


def sensitivity_inputs(data: RaceData, programmes: list[str]) -> list[tuple[str, tuple[str, ...], float | None]]:
    """(name, path in the data, cap) of every input the tornado varies."""
    inputs = [("growth correlation", ("model", "correlation"), 1.0),
              ("stand-down after a launch failure", ("model", "stand_down_months"), None),
              ("re-flight after a lost mission", ("model", "reflight_months"), None)]
    classes = sorted({data.programme(k).agency_class for k in programmes})
    for c in classes:
        if c in data.model.agency_multiplier:
            inputs.append((f"schedule growth multiplier, {c}", ("model", "agency_multiplier", c), None))
    for key, value in data.model.mission_risk.items():
        if isinstance(value, (int, float)):
            inputs.append((f"mission failure probability, {key}", ("model", "mission_risk", key), 1.0))
    families = sorted({launch.family for k in programmes for m in data.programme(k).milestones
                       for launch in (*m.launches, *m.refuelling_launches)})
    for family in families:
        record = data.launchers.families[family]
        if record.failure_probability is not None:
            inputs.append((f"{family} failure probability", ("launchers", "families", family, "failure_probability"), 1.0))
        elif record.flights >= data.launchers.min_flights:
            inputs.append((f"{family} failures on record", ("launchers", "families", family, "failures"), None))
    inputs.append(("new-launcher failure probability", ("launchers", "new_launcher_failure_probability"), 1.0))
    return inputs


def tornado(data: RaceData, programmes: list[str], kind: str, programme: str, samples: int, seed: int,
            as_of: str | None = None, low: float = 0.5, high: float = 2.0) -> list[Sensitivity]:
    """Each input at ``low``× and ``high``× its value (the same seed: common random numbers),
    sorted by the swing in P(``programme`` first at ``kind``)."""
    base = first_probabilities(simulate(data, programmes, samples, seed, as_of), kind).p_first[programme]
    rows = []
    for name, path, cap in sensitivity_inputs(data, programmes):
        result = []
        for factor in (low, high):
            varied, value = _scaled(data, path, factor, cap)
            p = first_probabilities(simulate(varied, programmes, samples, seed, as_of), kind).p_first[programme]
            result.append((value, p))
        rows.append(Sensitivity(name, result[0][0], result[1][0], result[0][1], result[1][1], base))
    return sorted(rows, key=lambda r: -r.swing)
