"""``moonbase debris``: fragmentation clouds, their evolution, and what they cost the station's launches."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..output import dumps_json
from .options import JsonOption, say_written

debris_app = typer.Typer(help="Debris what-ifs: breakup clouds (NASA standard breakup model), their decay, their launch cost.",
                         no_args_is_help=True)


def _parent(altitude_km, inclination, epoch, parent_tle, norad, raan_deg, name):
    import numpy as np

    from ..debris.cloud import ParentOrbit
    from ..errors import InputError, MoonbaseError
    from ..timegrid import parse_instant
    from ..traffic.catalog import load_catalog

    if parent_tle is not None:
        catalog = load_catalog(parent_tle)
        if norad is None and len(catalog) != 1:
            raise InputError("--norad", None, f"the catalogue number of the parent ({len(catalog)} objects in {parent_tle})")
        index = 0 if norad is None else np.flatnonzero(catalog.norad == norad)
        if np.size(index) == 0:
            raise MoonbaseError(f"{parent_tle}: no object {norad}; give a --norad that the file holds")
        obj = catalog.objects[int(np.atleast_1d(index)[0])]
        when = parse_instant(epoch, "--epoch") if epoch else obj.epoch
        return ParentOrbit.from_satrec(obj.satrec, when, obj.name, obj.launch_designator)
    if altitude_km is None or inclination is None or epoch is None:
        raise InputError("--altitude-km/--inclination/--epoch", None,
                         "all three for a circular parent orbit (or --parent-tle FILE)")
    return ParentOrbit.circular(altitude_km, inclination, parse_instant(epoch, "--epoch"), raan_deg, name=name.upper())


@debris_app.command("breakup")
def breakup_command(
    mass_kg: Annotated[float, typer.Option("--mass-kg", help="Parent mass [kg].")],
    kind: Annotated[str, typer.Option("--type", help="collision (catastrophic; an ASAT hit) or explosion.")] = "collision",
    altitude_km: Annotated[Optional[float], typer.Option("--altitude-km", help="Circular parent orbit altitude [km].")] = None,
    inclination: Annotated[Optional[float], typer.Option("--inclination", help="Parent inclination [deg].")] = None,
    epoch: Annotated[Optional[str], typer.Option("--epoch", help="Breakup time, ISO 8601 UTC (default with --parent-tle: its epoch).")] = None,
    parent_tle: Annotated[Optional[Path], typer.Option("--parent-tle", help="Take the parent's orbit from this TLE/OMM file.")] = None,
    norad: Annotated[Optional[int], typer.Option("--norad", help="The parent's catalogue number in --parent-tle.")] = None,
    raan_deg: Annotated[float, typer.Option("--raan", help="Node of a circular parent orbit [deg].")] = 0.0,
    projectile_kg: Annotated[float, typer.Option("--projectile-kg", help="Impactor mass [kg] for a collision.")] = 0.0,
    min_size_m: Annotated[float, typer.Option("--min-size-m", help="Smallest fragment modelled [m] (0.1: tracked).")] = 0.1,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random draws (reported).")] = 0,
    name: Annotated[str, typer.Option("--name", help="Parent name for the fragments' names.")] = "PARENT",
    compare: Annotated[Optional[list[Path]], typer.Option("--compare", help="A real cloud's catalogue (repeatable): its Gabbard diagram beside the model's.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder: cloud.tle, cloud.json (OMM), gabbard.html, breakup.json.")] = Path("moonbase-breakup"),
    as_json: JsonOption = False,
) -> None:
    """Break a parent up with the NASA standard breakup model and write the cloud as TLE and OMM."""
    import numpy as np

    from ..debris.breakup import SOURCE, BreakupEvent
    from ..debris.cloud import breakup_cloud
    from ..debris.elements import write_omm_json, write_tle
    from ..debris.validation import gabbard
    from ..output import write_text_atomic
    from ..report.debris_plots import gabbard_figure, write_figure_html

    event = BreakupEvent(kind, mass_kg, projectile_kg=projectile_kg)
    parent = _parent(altitude_km, inclination, epoch, parent_tle, norad, raan_deg, name)
    cloud = breakup_cloud(event, parent, min_size_m, seed)
    write_tle(cloud.elements, out / "cloud.tle")
    write_omm_json(cloud.elements, out / "cloud.json")
    panels = [(f"modelled: {parent.name} (seed {seed})", gabbard(cloud.elements.perigee_km, cloud.elements.apogee_km))]
    for path in compare or []:
        from ..traffic.catalog import load_catalog

        real = load_catalog(path)
        panels.append((f"catalogued: {path.name} ({len(real):,})", gabbard(real.perigee_km, real.apogee_km)))
    figure = gabbard_figure(panels, "Gabbard diagrams: the breakup model beside the catalogued cloud")
    write_figure_html(figure, out / "gabbard.html")
    summary = {
        "model": SOURCE, "seed": seed, "type": kind, "mass_kg": mass_kg, "catastrophic": event.catastrophic,
        "epoch_utc": parent.epoch, "parent_orbit": parent.source, "min_size_m": min_size_m,
        "expected_fragments": float(event.count_larger_than(min_size_m)), "fragments": len(cloud.fragments),
        "in_orbit": len(cloud.elements), "reentered_at_once": cloud.lost_reentry, "escaped": cloud.lost_escape,
        "mass_in_fragments_kg": float(cloud.fragments.mass_kg.sum()),
        "mass_below_min_size_kg": cloud.fragments.mass_below_lc_min_kg,
        "perigee_km_p5_p50_p95": np.percentile(cloud.elements.perigee_km, [5, 50, 95]) if len(cloud.elements) else [],
        "apogee_km_p5_p50_p95": np.percentile(cloud.elements.apogee_km, [5, 50, 95]) if len(cloud.elements) else [],
    }
    write_text_atomic(out / "breakup.json", dumps_json(summary))
    say_written(*(out / n for n in ("cloud.tle", "cloud.json", "gabbard.html", "breakup.json")), as_json=as_json)
    if as_json:
        typer.echo(dumps_json(summary))
        return
    typer.echo(f"{kind} of {mass_kg:g} kg ({parent.source}) at {summary['epoch_utc']}: {len(cloud.fragments):,} fragments "
               f">= {min_size_m * 100:g} cm (model mean {summary['expected_fragments']:,.0f}), {len(cloud.elements):,} in orbit; "
               f"seed {seed}")


@debris_app.command("evolve")
def evolve_command(
    files: Annotated[list[Path], typer.Argument(help="TLE/3LE or OMM files of the objects to evolve.")],
    until: Annotated[str, typer.Option("--until", help="Evolve to this date, ISO 8601 UTC.")],
    step_days: Annotated[float, typer.Option("--step-days", help="Output step [days].")] = 1.0,
    compare: Annotated[Optional[Path], typer.Option("--compare", help="A later catalogue of the same cloud to compare with.")] = None,
    modelled: Annotated[bool, typer.Option("--modelled", help="The files are a modelled cloud: take B from B* as written.")] = False,
    out: Annotated[Path, typer.Option("--out", help="Output folder: evolved.tle, in_orbit.csv, evolve.json, gabbard.html.")] = Path("moonbase-evolve"),
    as_json: JsonOption = False,
) -> None:
    """Evolve objects with drag (NRLMSIS 2.1, CelesTrak solar activity) and J2 to a date; optionally compare."""
    import numpy as np

    from ..debris.ballistic import calibrated_elements
    from ..debris.elements import from_catalog, write_tle
    from ..debris.evolution import evolve
    from ..debris.validation import compare_evolution, gabbard
    from ..output import columns_to_csv, write_text_atomic
    from ..report.debris_plots import gabbard_figure, write_figure_html
    from ..timegrid import parse_instant
    from ..traffic.catalog import load_catalog

    catalog = load_catalog(files)
    end = np.datetime64(parse_instant(until, "--until"), "s")
    elements, calibration = (from_catalog(catalog), {"b_from": "B* as written"}) if modelled else calibrated_elements(catalog)
    result = evolve(elements, end, step_days, [end])
    final = result.snapshots[0]
    write_tle(final, out / "evolved.tle")
    write_text_atomic(out / "in_orbit.csv", columns_to_csv({"utc": result.step_utc, "in_orbit": result.in_orbit()}))
    summary = {"objects": len(catalog), "until_utc": end, "in_orbit_at_end": len(final),
               "reentered": int((~np.isnat(result.decay_utc)).sum()), "substeps": result.substeps,
               "ballistic_coefficients": calibration}
    panels = [(f"evolved to {str(end)[:10]}", gabbard(final.perigee_km, final.apogee_km))]
    if compare is not None:
        later = load_catalog(compare)
        comparison = compare_evolution(catalog, later, end)
        comparison.pop("predicted")
        comparison.pop("calibration")
        summary["comparison"] = comparison
        panels.append((f"catalogued {str(later.epoch.max())[:10]}", gabbard(later.perigee_km, later.apogee_km)))
    write_figure_html(gabbard_figure(panels, "Gabbard diagrams"), out / "gabbard.html")
    write_text_atomic(out / "evolve.json", dumps_json(summary))
    say_written(*(out / n for n in ("evolved.tle", "in_orbit.csv", "gabbard.html", "evolve.json")), as_json=as_json)
    if as_json:
        typer.echo(dumps_json(summary))
        return
    typer.echo(f"{len(catalog):,} objects -> {len(final):,} in orbit on {str(end)[:10]} ({summary['reentered']:,} re-entered)")
    if compare is not None:
        c = summary["comparison"]
        typer.echo(f"catalogued then: {c['objects_now']:,}; count error {c['count_error'] * 100:+.1f} %; "
                   f"perigee/apogee KS distance {c['perigee_ks']:.3f}/{c['apogee_ks']:.3f}")


def scenario_events(path_or_name: str):
    """The scenario, its ``[debris_events]`` config and ``[[traffic.events]]`` (read before the scenario
    model knows them, so either placement works)."""
    from pydantic import ValidationError

    from ..debris.config import DebrisEventsConfig
    from ..errors import MoonbaseError
    from ..scenario import Scenario, builtin_scenarios

    builtins = builtin_scenarios()
    path = builtins.get(str(path_or_name), Path(path_or_name))
    if not path.is_file():
        raise MoonbaseError(f"scenario {str(path_or_name)!r} not found: give a built-in name or a .toml path")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MoonbaseError(f"{path}: not valid TOML ({exc})") from None
    table = data.pop("debris_events", {})
    events = data.get("traffic", {}).pop("events", [])
    try:
        config = DebrisEventsConfig.model_validate({**table, "events": [*table.get("events", []), *events]})
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise MoonbaseError(f"{path}: [debris_events]/[[traffic.events]] {where}: {first['msg']}") from None
    return scenario, config


@debris_app.command("impact")
def impact_command(
    scenario: Annotated[str, typer.Argument(help="Scenario .toml with [[traffic.events]] (or a built-in name).")],
    catalog: Annotated[Optional[list[Path]], typer.Option("--catalog", help="Today's catalogue (repeatable); default: the shipped snapshot.")] = None,
    years: Annotated[Optional[int], typer.Option("--years", help="Years to follow each cloud (default: the scenario's, else 20).")] = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder: event_N.csv, impact.json, event_N.html.")] = Path("moonbase-impact"),
    as_json: JsonOption = False,
) -> None:
    """What each what-if event costs the scenario's launches: COLA closure and conjunction rate, per year."""
    from ..debris.impact import assembly_ascent, background_cost, event_costs, launch_ascent, plain_answer
    from ..errors import MoonbaseError
    from ..output import columns_to_csv, write_text_atomic
    from ..report.debris_plots import impact_figure, write_figure_html
    from ..traffic.catalog import load_catalog
    from ..traffic.snapshot import packaged_catalog

    loaded, config = scenario_events(scenario)
    if years is not None:
        config = config.model_copy(update={"years": years})
    if not config.events:
        raise MoonbaseError(f"{scenario}: no [[traffic.events]] to assess; add one (parent, mass_kg, altitude_km, "
                            "inclination_deg, epoch, type)")
    background = load_catalog(catalog) if catalog else packaged_catalog()
    ascent = launch_ascent(config, loaded)
    assembly = assembly_ascent(config, loaded)
    ascents = [ascent] + ([assembly] if assembly is not None else [])
    todays = [background_cost(background, a, config) for a in ascents]
    today = todays[0]
    summary = {"site": ascent.site.key, "parking_altitude_km": ascent.altitude_km,
               "parking_inclination_deg": ascent.inclination_deg, "closed_today": today[0],
               "closed_today_se": today[1], "conjunctions_per_day_today": today[2], "seed": config.seed, "events": []}
    if assembly is not None:
        summary["assembly_orbit"] = {**config.assembly_orbit.model_dump(mode="json"), "site": assembly.site.key,
                                     "closed_today": todays[1][0], "conjunctions_per_day_today": todays[1][2]}
    for index, event in enumerate(config.events, start=1):
        series, *others = event_costs(event, ascents, config, todays)
        write_text_atomic(out / f"event_{index}.csv", columns_to_csv(series.columns()))
        write_figure_html(impact_figure(series), out / f"event_{index}.html")
        answer = plain_answer(series)
        record = {"event": event.model_dump(mode="json"), "answer": answer, "notes": series.notes,
                  **{k: v for k, v in series.columns().items()}}
        if others:  # the LEO assembly orbit: its own CSV and the same columns under "assembly"
            write_text_atomic(out / f"event_{index}_assembly.csv", columns_to_csv(others[0].columns()))
            record["assembly"] = others[0].columns()
        summary["events"].append(record)
        if not as_json:
            typer.echo(answer)
    write_text_atomic(out / "impact.json", dumps_json(summary))
    say_written(out / "impact.json", *(out / f"event_{k}.{x}" for k in range(1, len(config.events) + 1) for x in ("csv", "html")),
                *([out / f"event_{k}_assembly.csv" for k in range(1, len(config.events) + 1)] if assembly else []),
                as_json=as_json)
    if as_json:
        typer.echo(dumps_json(summary))


def register(app: typer.Typer) -> None:
    app.add_typer(debris_app, name="debris")
