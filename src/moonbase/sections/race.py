"""The race: who reaches each milestone first, the station's programme or its rival, and how sure that is."""

from __future__ import annotations

from ..contract import Column, Figure, Plot, Section, SectionData, SectionInputs, Series, Status, Table
from ..race.analysis import RaceConfig, analyse_race, race_data
from ..race.answers import cdf_table
from ..race.programmes import iso_date

SOURCE = "moonbase.race: schedule-risk Monte Carlo (growth after Coleman, Summerville & Dameron 2002; launcher records)"


def _programme_key(scenario, config: RaceConfig) -> str:
    """The scenario's programme in the race data: ``[race] programme``, else ``[campaign] programme``; "" for none."""
    if config.programme:
        return config.programme
    campaign = getattr(scenario, "campaign", None)
    return (getattr(campaign, "programme", "") or "").strip().lower()


#: Campaign milestones (computed from the scenario's own missions) → the race milestone kind they date.
CAMPAIGN_KINDS = {"first_crew_visit": "crewed_south_pole_landing", "first_permanent_crew": "permanent_crew"}


def _from_campaign(products, programme: str, config: RaceConfig) -> tuple[list, list[str]]:
    """Our programme with the dates its own campaign computes (``campaign.milestones``) in place of the
    announced ones, where the campaign reaches them; (programmes to override, notes)."""
    from ..errors import MoonbaseError
    from ..race.analysis import race_data

    try:
        found = products.get("campaign.milestones")
    except MoonbaseError:
        return [], ["The campaign section did not run; the race uses the announced dates only."]
    dates = (found or {}).get("milestones", {})
    data = race_data(config)
    try:
        ours = data.programme(programme)
    except MoonbaseError:
        return [], []
    milestones, notes = [], []
    for m in ours.milestones:
        date = next((dates.get(key) for key, kind in CAMPAIGN_KINDS.items() if kind == m.kind and dates.get(key)), None)
        if date and not m.achieved:
            day = str(date)[:10]
            notes.append(f"{m.label}: {day} from this scenario's campaign (announced: {m.announced}).")
            m = m.model_copy(update={"announced": day, "announced_on": data.facts_as_of, "tag": "[C]",
                                     "source": f"this scenario's campaign (campaign.milestones); announced {m.announced}: {m.source}"})
        milestones.append(m)
    if not notes:
        return [], ["The scenario's campaign reaches none of the race's milestones; the race uses the announced dates."]
    return [ours.model_copy(update={"milestones": milestones})], notes


def compute(inputs: SectionInputs) -> SectionData:
    from ..scenario import load_scenario

    config = inputs.config if isinstance(inputs.config, RaceConfig) else RaceConfig()
    if not _programme_key(inputs.scenario, config):
        return SectionData(key="race", title="The race: who reaches each milestone first", status=Status.SKIPPED,
                           answer="The scenario names no programme to race ([race] programme or [campaign] programme).")
    rival = load_scenario(config.rival)
    rival_config = getattr(rival, "race", None)
    extra = list(getattr(rival_config, "programmes", None) or [])
    ours = _programme_key(inputs.scenario, config)
    theirs = _programme_key(rival, rival_config or RaceConfig())
    if theirs == ours:
        return SectionData(key="race", title="The race: who reaches each milestone first", status=Status.SKIPPED,
                           answer=f"The rival scenario ({config.rival}) is the same programme ({ours}); "
                                  "name another in [race] rival.")
    known = {p.key for p in race_data(config, extra).programmes}
    if ours not in known:  # a programme with no milestones to race (e.g. Apollo, long done): nothing to forecast
        return SectionData(key="race", title="The race: who reaches each milestone first", status=Status.SKIPPED,
                           answer=f"The race has no milestones for programme {ours!r} (it knows {', '.join(sorted(known))}); "
                                  "add them under [[race.programmes]] to race it.")
    override, campaign_notes = _from_campaign(inputs.products, ours, config)
    result = analyse_race([ours, theirs], config, [*extra, *override], progress=inputs.progress)
    keys = result.programmes
    data = SectionData(key="race", title="The race: who reaches each milestone first", answer=result.answer())
    data.figures += [
        Figure("samples", "Monte Carlo samples", result.samples, "", "[U]", "race.samples"),
        Figure("seed", "random seed", result.seed, "", "[U]", "race.seed"),
        Figure("as_of", "forecast from", result.as_of, "date", "[R]", "the date the programme facts were last checked"),
        Figure("backtest_coverage_80_pct", "past forecasts inside the 80 % interval (leave-one-out)",
               100.0 * result.backtest.coverage_80, "%", "[C]", "moonbase.race.backtest", 0,
               note=f"{len(result.backtest.decided)} decided cases; a calibrated model gives about 80 %"),
    ]
    for f in result.first:
        for k in keys:
            if k in f.p_first:
                data.figures.append(Figure(f"first_{f.kind}_{k}_pct", f"P({k} first: {f.label})",
                                           100.0 * f.p_first[k], "%", "[C]", SOURCE, 1,
                                           note=f"± {100.0 * f.standard_error[k]:.2f} % (Monte Carlo standard error)"))
                data.figures.append(Figure(f"first_{f.kind}_{k}_se_pct", f"standard error of P({k} first: {f.label})",
                                           100.0 * f.standard_error[k], "%", "[C]", SOURCE, 2))
    for m in result.forecasts:
        if m.kind == result.headline_kind:
            data.figures.append(Figure(f"p50_{m.programme}_{m.milestone}", f"{m.label}: median date",
                                       iso_date(m.p50), "date", "[C]", SOURCE))
    first_columns = [Column("kind", [f.kind for f in result.first]), Column("milestone", [f.label for f in result.first])]
    for k in keys:
        first_columns.append(Column(f"p_{k}_first_pct", [100.0 * f.p_first.get(k, float("nan")) for f in result.first], "%"))
        first_columns.append(Column(f"se_{k}_pct", [100.0 * f.standard_error.get(k, float("nan")) for f in result.first], "%"))
    first_columns.append(Column("p_none_pct", [100.0 * f.p_none for f in result.first], "%",
                                f"neither by {result.horizon_year}"))
    data.tables.append(Table("race_first", "Who gets there first", tuple(first_columns)))
    rows = [m.row() for m in result.forecasts]
    units = {"p_by_announced_pct": "%", "p_not_by_horizon_pct": "%", "p10": "date", "p50": "date", "p90": "date"}
    data.tables.append(Table("race_milestones", "Milestone dates: P10, P50, P90",
                             tuple(Column(name, [r[name] for r in rows], units.get(name, "")) for name in rows[0])))
    cdf = cdf_table(result.simulation, result.headline_kind)
    data.tables.append(Table("race_cdf", f"P(reached by year): {result.headline_kind.replace('_', ' ')}",
                             tuple(Column(name, values, "year" if name == "year" else "probability")
                                   for name, values in cdf.items())))
    data.plots.append(Plot("race_cdf", f"When each programme reaches {result.first_for(result.headline_kind).label}"
                           if any(f.kind == result.headline_kind for f in result.first) else "Milestone CDF",
                           "step", "race_cdf", "year", tuple(Series(k, result.names[k], k) for k in keys if k in cdf),
                           x_label="year", y_label="probability reached"))
    if result.sensitivity:
        s = result.sensitivity
        data.tables.append(Table("race_sensitivity", f"What moves P({keys[0]} first) most (each input ×0.5 and ×2)", (
            Column("parameter", [r.parameter for r in s]), Column("low_value", [r.low_value for r in s]),
            Column("high_value", [r.high_value for r in s]), Column("p_low_pct", [100 * r.p_low for r in s], "%"),
            Column("p_high_pct", [100 * r.p_high for r in s], "%"), Column("p_base_pct", [100 * r.p_base for r in s], "%"))))
        data.plots.append(Plot("race_tornado", f"Sensitivity of P({keys[0]} first)", "bar", "race_sensitivity",
                               "parameter", (Series("p_low_pct", "input ×0.5"), Series("p_high_pct", "input ×2")),
                               x_label="input", y_label="P(first) [%]"))
    b = result.backtest.rows
    data.tables.append(Table("race_backtest", "Backtest: past forecasts against what happened (leave-one-out)", (
        Column("case", [r.label for r in b]), Column("announced_on", [r.announced_on for r in b], "date"),
        Column("announced", [r.announced for r in b], "date"), Column("actual", [r.actual or "not yet" for r in b], "date"),
        Column("p10", [iso_date(r.p10) for r in b], "date"), Column("p50", [iso_date(r.p50) for r in b], "date"),
        Column("p90", [iso_date(r.p90) for r in b], "date"),
        Column("actual_percentile_pct", [100 * r.percentile for r in b], "%", "percentile of the actual date (≥ when not yet)"),
        Column("inside_80", ["open" if r.inside_80 is None else ("yes" if r.inside_80 else "no") for r in b]))))
    a = result.assumptions
    data.tables.append(Table("race_assumptions", "Every assumption of the race model", (
        Column("assumption", [r["name"] for r in a]), Column("value", [str(r["value"]) for r in a]),
        Column("unit", [r["unit"] for r in a]), Column("tag", [r["tag"] for r in a]), Column("source", [r["source"] for r in a]))))
    data.caveats += [f"{r['name']} = {r['value']} {r['unit']} {r['tag']}: {r['source']}".strip()
                     for r in a if r["tag"] in ("[M]", "[A]", "[3P]")]
    data.caveats.append(f"Backtest: {100 * result.backtest.coverage_80:.0f} % of {len(result.backtest.decided)} decided "
                        f"past forecasts fell inside the model's 80 % interval (leave-one-out); {result.backtest.late_misses} "
                        "came later than P90. The growth multipliers rest on few past cases.")
    data.products["milestones"] = {m.programme + "." + m.milestone: {"p10": iso_date(m.p10), "p50": iso_date(m.p50),
                                                                     "p90": iso_date(m.p90)} for m in result.forecasts}
    data.caveats += campaign_notes
    data.status = Status.OK
    return data


SECTION = Section(key="race", title="The race: who reaches each milestone first", compute=compute,
                  config_model=RaceConfig, needs=("campaign.milestones",), provides=("race.milestones",),
                  summary_keys=("first_crewed_landing_ilrs_pct", "first_crewed_landing_artemis_pct",
                                "first_permanent_crew_ilrs_pct", "first_permanent_crew_artemis_pct"))
