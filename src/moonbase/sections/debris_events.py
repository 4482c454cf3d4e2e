"""Debris what-ifs: what one more fragmentation event would cost the station's launches, year by year.

For each event of the scenario (``[[traffic.events]]``, or ``events`` in ``[debris_events]``): the
NASA standard breakup model's cloud, evolved with drag and J2, swept by launch COLA in sampled
windows of each year, with the conjunction rate of the parking orbit; with the event, without it
(today's catalogue, held constant) and the difference. Typed data only; the report draws it.
"""

from __future__ import annotations

import numpy as np

from ..contract import Column, Figure, Plot, Section, SectionData, SectionInputs, Series, Status, Table
from ..debris.config import DebrisEventsConfig
from ..debris.impact import ImpactSeries, assembly_ascent, background_cost, event_costs, launch_ascent, plain_answer

KEY = "debris_events"
TITLE = "Debris what-ifs: the launch cost of a fragmentation event"
CAVEATS = (
    "The background is today's catalogue held constant (no new launches, no decay): the with/without "
    "difference is the event's own cost.",
    "Launch COLA covers liftoff to 100 min after insertion into the parking orbit (NASA LSP practice); the "
    "departure burn is not swept, and a LEO assembly phase only when the scenario gives its orbit "
    "([debris_events.assembly_orbit], by kinetic theory over the stay).",
    "Fragments' drag from the breakup model's area-to-mass ratios with C_D = 2.2 [M]; the closure depends on "
    "the fragments' random along-track phases, sampled by the windows of each year (standard error shown).",
)


def _events(inputs: SectionInputs, config: DebrisEventsConfig):
    if config.events:
        return list(config.events)
    traffic = getattr(inputs.scenario, "traffic", None)
    return list(getattr(traffic, "events", []) or [])


def _table(index: int, series: ImpactSeries, orbit: str = "") -> Table:
    c = series.columns()
    pct = lambda name: np.asarray(c[name], float) * 100.0  # noqa: E731
    suffix, where = ("_assembly", f" ({orbit})") if orbit else ("", "")
    return Table(
        key=f"debris_event_{index + 1}{suffix}", title=f"What-if {index + 1}{where}: {series.event.label()}",
        columns=(
            Column("year", c["year"], "", "year"),
            Column("fragments_in_orbit", c["fragments_in_orbit"], "objects", "fragments in orbit"),
            Column("closed_without_pct", pct("closed_without"), "%", "window closed, today's catalogue"),
            Column("closed_with_pct", pct("closed_with"), "%", "window closed, with the event"),
            Column("closed_difference_pct", pct("closed_difference"), "%", "extra closure from the event"),
            Column("closed_difference_se_pct", pct("closed_difference_se"), "%", "its standard error"),
            Column("conjunctions_without_per_day", c["conjunctions_per_day_without"], "1/day", "parking-orbit conjunctions, today"),
            Column("conjunctions_with_per_day", c["conjunctions_per_day_with"], "1/day", "parking-orbit conjunctions, with the event"),
        ),
        note=f"{series.site} to {series.parking_altitude_km:g} km x {series.parking_inclination_deg:g} deg; "
             f"{series.windows_per_year} windows of {series.window_minutes:g} min per year; " + "; ".join(series.notes),
    )


def _plots(index: int, table: Table, orbit: str = "") -> list[Plot]:
    if orbit:
        return [Plot(key=f"{table.key}_closure", title=f"Launch-window closure into the {orbit}, what-if {index + 1}",
                     kind="line", table=table.key, x="year",
                     series=(Series("closed_without_pct", "without the event"), Series("closed_with_pct", "with the event")),
                     x_label="year", y_label="share of each window closed [%]"),
                Plot(key=f"{table.key}_conjunctions", title=f"Conjunctions in the {orbit}, what-if {index + 1}",
                     kind="line", table=table.key, x="year",
                     series=(Series("conjunctions_without_per_day", "without the event"),
                             Series("conjunctions_with_per_day", "with the event")),
                     x_label="year", y_label="conjunctions per day")]
    return [
        Plot(key=f"{table.key}_closure", title=f"Launch-window closure, what-if {index + 1}", kind="line",
             table=table.key, x="year",
             series=(Series("closed_without_pct", "without the event"), Series("closed_with_pct", "with the event"),
                     Series("closed_difference_pct", "difference")),
             x_label="year", y_label="share of each window closed [%]"),
        Plot(key=f"{table.key}_fragments", title=f"Fragments in orbit, what-if {index + 1}", kind="line",
             table=table.key, x="year", series=(Series("fragments_in_orbit", "fragments"),),
             x_label="year", y_label="fragments in orbit"),
    ]


def compute(inputs: SectionInputs) -> SectionData:
    config = inputs.config if isinstance(inputs.config, DebrisEventsConfig) else DebrisEventsConfig()
    if inputs.seed and not config.seed:
        config = config.model_copy(update={"seed": int(inputs.seed)})
    events = _events(inputs, config)
    if not events:
        return SectionData(KEY, TITLE, answer="No what-if fragmentation events are given ([[traffic.events]]).",
                           status=Status.SKIPPED)
    catalog = inputs.products.get("catalogue")
    ascent = launch_ascent(config, inputs.scenario)
    assembly = assembly_ascent(config, inputs.scenario)
    ascents = [ascent] + ([assembly] if assembly is not None else [])
    inputs.progress(0.0, "debris what-ifs: today's catalogue")
    todays = [background_cost(catalog, a, config) for a in ascents]
    today = todays[0]
    data = SectionData(KEY, TITLE, caveats=list(CAVEATS))
    data.figures += [
        Figure("closed_today_pct", "share of each launch window closed today", round(today[0] * 100, 3), "%", "[C]",
               f"COLA sweep of {len(catalog):,} catalogued objects", 2),
        Figure("conjunctions_today_per_day", "parking-orbit conjunctions today", today[2], "1/day", "[C]",
               f"kinetic theory, miss distance {config.conjunction_km:g} km", 4),
        Figure("seed", "seed of the breakup draws", config.seed, "", "[U]" if config.seed else "[D]"),
    ]
    orbit = config.assembly_orbit
    if orbit is not None:
        data.caveats.append(orbit.caveat())
        data.figures += [
            Figure("assembly_closed_today_pct", f"share of each launch window into the {orbit.name} closed today",
                   round(todays[1][0] * 100, 3), "%", "[C]",
                   f"{orbit.altitude_km:g} km x {orbit.inclination_deg:g} deg from {assembly.site.key}", 2),
            Figure("assembly_conjunctions_per_stay", f"conjunctions expected in the {orbit.name} over a {orbit.stay_days:g}-day stay, today",
                   todays[1][2] * orbit.stay_days, "", "[C]",
                   f"kinetic theory, miss distance {config.conjunction_km:g} km; stay and launches per landing "
                   f"({orbit.launches}) given in the scenario [U]", 3),
        ]
    answers, all_series = [], []
    for index, event in enumerate(events):
        series, *others = event_costs(event, ascents, config, todays,
                                      progress=lambda f, m, i=index: inputs.progress((i + f) / len(events), m))
        all_series.append(series)
        table = _table(index, series)
        data.tables.append(table)
        data.plots += _plots(index, table)
        diff = series.closed_difference * 100.0
        peak = int(np.argmax(diff)) if diff.size else 0
        data.figures += [
            Figure(f"event_{index + 1}_fragments", f"what-if {index + 1}: fragments >= "
                   f"{event.smallest_fragment_m * 100:g} cm in orbit after the breakup", series.fragments_at_breakup,
                   "objects", "[C]", "NASA standard breakup model (Johnson et al. 2001, doi:10.1016/S0273-1177(01)00423-9)"),
            Figure(f"event_{index + 1}_peak_extra_closure_pct", f"what-if {index + 1}: largest extra window closure",
                   float(diff[peak]) if diff.size else 0.0, "%", "[C]", f"in {int(series.year[peak])}" if diff.size else "", 2),
            Figure(f"event_{index + 1}_last_year", f"what-if {index + 1}: last year followed", int(series.year[-1]),
                   "", "[C]", f"{int(series.fragments_in_orbit[-1]):,} fragments left then"),
        ]
        answers.append(plain_answer(series))
        if others:
            answers.append(_assembly_figures(data, index, others[0], orbit))
    data.answer = " ".join(answers)
    data.products[f"{KEY}.series"] = all_series
    return data


def _assembly_figures(data: SectionData, index: int, series: ImpactSeries, orbit) -> str:
    """The assembly orbit's table, plots and figures for one event; returns its answer sentence."""
    table = _table(index, series, orbit.name)
    data.tables.append(table)
    data.plots += _plots(index, table, orbit.name)
    diff = series.closed_difference * 100.0
    extra = series.cloud_rate_per_day * orbit.stay_days
    peak = int(np.argmax(extra)) if extra.size else 0
    data.figures += [
        Figure(f"event_{index + 1}_assembly_peak_extra_closure_pct",
               f"what-if {index + 1}: largest extra closure of launches into the {orbit.name}",
               float(diff.max()) if diff.size else 0.0, "%", "[C]",
               f"in {int(series.year[int(np.argmax(diff))])}" if diff.size else "", 2),
        Figure(f"event_{index + 1}_assembly_extra_conjunctions_per_stay",
               f"what-if {index + 1}: extra conjunctions over a {orbit.stay_days:g}-day stay in the {orbit.name}",
               float(extra[peak]) if extra.size else 0.0, "", "[C]", f"in {int(series.year[peak])}" if extra.size else "", 3),
    ]
    if not extra.size:
        return ""
    now = series.without_rate_per_day * orbit.stay_days
    return (f"In the {orbit.name} ({orbit.altitude_km:g} km), a {orbit.stay_days:g}-day stay would meet "
            f"{now + extra[peak]:.2g} conjunctions instead of {now:.2g} in {int(series.year[peak])}, "
            f"and each of the {orbit.launches} launches per landing would find {diff.max():.1f} % more of its window closed at worst.")


SECTION = Section(key=KEY, title=TITLE, compute=compute, config_model=DebrisEventsConfig, needs=("catalogue",),
                  provides=(f"{KEY}.series",), summary_keys=("closed_today_pct", "event_1_peak_extra_closure_pct"))
