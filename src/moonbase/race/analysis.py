"""The race in one call: who reaches each milestone first, when, how sure, and how well such forecasts did before."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from pydantic import Field, field_validator

from ..contract import SectionConfig
from ..errors import MoonbaseError
from .answers import (FirstProbability, MilestoneForecast, Sensitivity, first_probabilities, forecasts,
                      kinds_in_common, tornado)
from .backtest import Backtest, backtest
from .programmes import KIND_LABELS, Programme, RaceData, decimal_year, iso_date, merge_overrides, packaged_race_data
from .simulate import MAX_SAMPLES, Simulation, simulate


class RaceConfig(SectionConfig):
    """The scenario's ``[race]`` table: whom to race, how many futures, and any edits to the model."""

    programme: str | None = Field(None, description="this scenario's programme key in the race data "
                                  "(default: [campaign] programme, lower-cased)")
    rival: str = Field("artemis", description="the rival: a built-in scenario name or a scenario file")
    samples: int = Field(100_000, ge=1, le=MAX_SAMPLES, description="Monte Carlo samples (futures)")
    seed: int = Field(2021, ge=0, lt=2**63, description="random seed (reported with every answer)")
    as_of: str | None = Field(None, description="start the forecast on this date (default: the facts' date)")
    horizon_year: int | None = Field(None, ge=2000, le=2200, description="a milestone later than this year is 'not reached'")
    headline: str = Field("crewed_landing", description="milestone kind of the headline answer and the tornado chart")
    tornado_samples: int = Field(20_000, ge=100, le=MAX_SAMPLES)
    backtest_samples: int = Field(20_000, ge=100, le=MAX_SAMPLES)
    programmes: list[Programme] = Field(default_factory=list, description="programmes to add, or to replace by key")
    launchers: dict = Field(default_factory=dict, description="overrides of [launchers] in the race data")
    model: dict = Field(default_factory=dict, description="overrides of [model] in the race data")

    @field_validator("as_of")
    @classmethod
    def _date(cls, value):
        if value is not None:
            decimal_year(value, "race.as_of")
        return value


@dataclass(frozen=True)
class RaceResult:
    """Every answer of the race, typed; ``simulation`` holds the sampled dates."""

    programmes: tuple[str, ...]
    names: dict[str, str]
    samples: int
    seed: int
    as_of: str
    horizon_year: int
    headline_kind: str
    forecasts: list[MilestoneForecast]
    first: list[FirstProbability]
    backtest: Backtest
    sensitivity: list[Sensitivity]
    assumptions: list[dict]
    simulation: Simulation = field(repr=False)

    def first_for(self, kind: str) -> FirstProbability:
        for f in self.first:
            if f.kind == kind:
                return f
        raise KeyError(kind)

    def answer(self) -> str:
        """The headline in one sentence, e.g. 'ILRS reaches a permanent crew before Artemis in 38 ± 0.5 % of futures'."""
        try:
            f = self.first_for(self.headline_kind)
        except KeyError:
            return f"The programmes share no '{self.headline_kind}' milestone to race for."
        lead = self.programmes[0]
        rivals = [self.names[k] for k in self.programmes[1:] if k in f.p_first]
        p, se = 100.0 * f.p_first[lead], 100.0 * f.standard_error[lead]
        digits = max(1, min(3, 1 - int(math.floor(math.log10(se))))) if se > 0 else 1
        text = (f"{self.names[lead]} reaches {f.label} before {' and '.join(rivals)} in {p:.{digits}f} ± {se:.{digits}f} % "
                f"of {self.samples:,} simulated futures (seed {self.seed})")
        if f.p_none > 0.0005:
            text += f"; in {100.0 * f.p_none:.1f} % neither does by {self.horizon_year}"
        return text + "."


def _programme_key(scenario) -> str:
    config = getattr(scenario, "race", None)
    if config is not None and config.programme:
        return config.programme
    name = (scenario.campaign.programme or scenario.name).strip().lower()
    return name


def race_data(config: RaceConfig | None = None, extra: list[Programme] = ()) -> RaceData:
    """The packaged race data with a scenario's edits applied."""
    config = config or RaceConfig()
    data = merge_overrides(packaged_race_data(), [*extra, *config.programmes], config.launchers, config.model)
    if config.horizon_year is not None:
        data = merge_overrides(data, model={"horizon_year": config.horizon_year})
    return data


def _assumptions(data: RaceData, programmes: list[str]) -> list[dict]:
    m = data.model
    rows = [
        {"name": "schedule growth on remaining duration", "value": f"mixture: {m.shrink_probability:.0%} early, "
         f"{m.on_time_probability:.0%} on time, late 1 + lognormal(mu {m.growth_log_mean:.3f}, sigma {m.growth_log_sd:.3f}) "
         f"truncated at {m.growth_max:.2f}", "unit": "", "tag": m.growth_tag, "source": m.growth_source},
        {"name": "correlation of a programme's growth draws", "value": m.correlation, "unit": "", "tag": m.correlation_tag,
         "source": m.correlation_source},
        {"name": "stand-down after a launch failure (default)", "value": m.stand_down_months, "unit": "months",
         "tag": m.stand_down_tag, "source": m.stand_down_source},
        {"name": "re-flight after a lost mission", "value": m.reflight_months, "unit": "months", "tag": m.reflight_tag,
         "source": m.reflight_source},
        {"name": "horizon year", "value": m.horizon_year, "unit": "", "tag": "[U]", "source": "later dates count as not reached"},
    ]
    for c in sorted({data.programme(k).agency_class for k in programmes}):
        rows.append({"name": f"growth multiplier, {c}", "value": m.multiplier(c), "unit": "× (g − 1)", "tag": "[C]",
                     "source": "calibrated on the past forecasts (moonbase.race.backtest.calibrate_multipliers)"})
    for key, value in m.mission_risk.items():
        if isinstance(value, (int, float)):
            rows.append({"name": f"mission failure probability, {key}", "value": value, "unit": "",
                         "tag": str(m.mission_risk.get("mission_risk_tag", "[M]")),
                         "source": str(m.mission_risk.get("mission_risk_source", ""))})
    families = sorted({launch.family for k in programmes for ms in data.programme(k).milestones
                       for launch in (*ms.launches, *ms.refuelling_launches)})
    for family in families:
        record = data.launchers.families.get(family)
        rows.append({"name": f"{family} failure probability per launch", "value": data.launchers.failure_probability(family),
                     "unit": "", "tag": record.tag if record else "[M]",
                     "source": (record.source if record else "") + (f" ({record.failures} of {record.flights} flights)"
                                                                    if record else "")})
    return rows


def analyse_race(programmes: list[str], config: RaceConfig | None = None, extra: list[Programme] = (),
                 scheduler=None, progress=None) -> RaceResult:
    """Race ``programmes`` (keys; the first is 'ours') with ``config``'s samples, seed and edits."""
    config = config or RaceConfig()
    data = race_data(config, extra)
    if len(programmes) < 2:
        raise MoonbaseError("the race needs at least two programmes; name a rival")
    if len(set(programmes)) != len(programmes):
        raise MoonbaseError(f"the race names a programme twice ({', '.join(programmes)}); pick different rivals")
    for key in programmes:
        data.programme(key)
    step = (lambda f, m: progress(0.7 * f, m)) if progress else None
    simulation = simulate(data, programmes, config.samples, config.seed, config.as_of, scheduler, step)
    first = [first_probabilities(simulation, kind) for kind in kinds_in_common(simulation)]
    headline = config.headline
    if progress:
        progress(0.75, "race sensitivity")
    has_headline = any(f.kind == headline for f in first)
    sensitivity = (tornado(data, programmes, headline, programmes[0], min(config.tornado_samples, config.samples),
                           config.seed, config.as_of) if has_headline else [])
    if progress:
        progress(0.9, "race backtest")
    tested = backtest(data, min(config.backtest_samples, config.samples), config.seed, leave_one_out=True)
    if progress:
        progress(1.0, "race done")
    return RaceResult(tuple(programmes), {k: data.programme(k).name for k in programmes}, simulation.samples,
                      simulation.seed, iso_date(simulation.as_of), simulation.horizon_year, headline,
                      forecasts(simulation), first, tested, sensitivity, _assumptions(data, programmes), simulation)


def race_to_json(result: RaceResult) -> dict:
    """The race as plain JSON: stable keys (``first.<kind>.p_<programme>_pct``)."""
    return {
        "answer": result.answer(),
        "programmes": {k: result.names[k] for k in result.programmes},
        "samples": result.samples, "seed": result.seed, "as_of": result.as_of, "horizon_year": result.horizon_year,
        "headline_kind": result.headline_kind,
        "first": {f.kind: {"label": f.label, "milestones": f.milestones,
                           **{f"p_{k}_pct": 100.0 * v for k, v in f.p_first.items()},
                           **{f"se_{k}_pct": 100.0 * v for k, v in f.standard_error.items()},
                           "p_none_by_horizon_pct": 100.0 * f.p_none} for f in result.first},
        "milestones": [f.row() for f in result.forecasts],
        "sensitivity": [{"parameter": s.parameter, "low_value": s.low_value, "high_value": s.high_value,
                         "p_low_pct": 100.0 * s.p_low, "p_high_pct": 100.0 * s.p_high, "p_base_pct": 100.0 * s.p_base}
                        for s in result.sensitivity],
        "backtest": {"leave_one_out": result.backtest.leave_one_out,
                     "coverage_80_pct": 100.0 * result.backtest.coverage_80,
                     "decided_cases": len(result.backtest.decided), "late_misses": result.backtest.late_misses,
                     "cases": [{"case": r.case, "label": r.label, "agency_class": r.agency_class,
                                "announced_on": r.announced_on, "announced": r.announced, "actual": r.actual or None,
                                "multiplier": r.multiplier, "p10": iso_date(r.p10), "p50": iso_date(r.p50),
                                "p90": iso_date(r.p90), "actual_percentile_pct": 100.0 * r.percentile,
                                "censored": r.censored, "inside_80": r.inside_80} for r in result.backtest.rows]},
        "assumptions": result.assumptions,
    }


__all__ = ["RaceConfig", "RaceResult", "analyse_race", "race_data", "race_to_json", "KIND_LABELS"]
