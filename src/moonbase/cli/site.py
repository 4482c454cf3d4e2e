"""``moonbase site`` and ``moonbase windows``: sunlight and Earth visibility at a site over terrain."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from ..environment.site import CRITERIA, assess, cells_within, moon_sky_for, search_best
from ..environment.windows import StayRequirement, assess_starts, merged_windows, to_csv_columns, to_ics
from .. import validate, worksize
from ..errors import InputError
from ..output import check_output_file, columns_to_csv, dumps_json, write_text_atomic
from ..progress import progress_bar
from ..sites import resolve_point
from ..terrain.horizon import site_horizon
from ..terrain.source import required_terrain_stack, resolve_horizon
from ..timegrid import check_period, parse_step, utc_grid
from .options import PERIOD_OPTIONS, checked_dems, checked_grid, checked_height, DemOption, EndOption, HeightOption, JsonOption, LatOption, LonOption, SiteOption, StartOption, StepOption, say_written

HEADLINE = ("sun_any_pct", "sun_mean_disk_pct", "longest_dark_h", "earth_any_pct", "earth_mean_disk_pct",
            "longest_earth_loss_h", "sun_and_earth_pct")


def _print_statistics(title: str, record: dict) -> None:
    table = Table(title=title)
    table.add_column("statistic")
    table.add_column("value", justify="right")
    for key in HEADLINE:
        table.add_row(key, f"{record[key]:.2f}")
    worst = record.get("worst_lunar_day")
    if worst:
        table.add_row("worst lunar day", f"{worst['start'][:10]}: sun {worst['sun_any_pct']:.1f}%, dark {worst['longest_dark_h']:g} h")
    Console(width=120).print(table)
    typer.echo(f"horizon: {record['horizon_source']}")


def site(
    site: SiteOption = None,
    lat: LatOption = None,
    lon: LonOption = None,
    height: HeightOption = 2.0,
    dem: DemOption = None,
    start: StartOption = ...,
    end: EndOption = ...,
    step: StepOption = "1h",
    search_radius_km: Annotated[Optional[float], typer.Option("--search-radius-km", help="Evaluate every DEM cell within this radius and report the best.")] = None,
    criterion: Annotated[str, typer.Option(help=f"What 'best' means for --search-radius-km: {', '.join(CRITERIA)}.")] = "sun_any_pct",
    by_year: Annotated[bool, typer.Option("--by-year", help="Add the statistics of each calendar year.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Sunlight and Earth visibility over the terrain horizon: percentages, longest darkness, worst lunar day.

    The Sun and the Earth are extended disks of their true angular radius: `sun_any_pct` counts epochs with
    any part of the Sun above the skyline, `sun_mean_disk_pct` the mean visible fraction of the disk.
    """
    point = resolve_point(site, lat, lon, checked_height(height))
    dem = checked_dems(dem)
    if criterion not in CRITERIA:
        raise InputError("--criterion", criterion, f"one of {', '.join(CRITERIA)}")
    if search_radius_km is None:
        utc = checked_grid(start, end, step, "site")
        horizon = resolve_horizon(point, dem or ())
        result = assess(moon_sky_for(utc), point, horizon.to_mask(), horizon.source)
        record = result.record(with_years=by_year)
    else:
        search_radius_km = validate.number(search_radius_km, "--search-radius-km", above=0.0, maximum=50.0, unit="km")
        _, step_ms, epochs = check_period(start, end, step, PERIOD_OPTIONS)
        stack = required_terrain_stack(dem or (), "--search-radius-km")
        cells = cells_within(stack, point, search_radius_km)
        work = worksize.check(worksize.WorkSize(
            f"a search of {len(cells):,} cells within {search_radius_km:g} km", epochs, step_ms / 1000.0,
            worksize.PER_EPOCH_BYTES["site"] + worksize.SEARCH_BYTES_PER_CELL_EPOCH * len(cells),
            seconds=worksize.SEARCH_SECONDS_PER_CELL * len(cells)))
        if work.seconds and work.seconds > 60:
            typer.echo(f"moonbase: note: {work.describe()}", err=True)
        sky = moon_sky_for(utc_grid(start, end, step, PERIOD_OPTIONS))
        with progress_bar() as progress:
            task = progress.add_task("cells", total=len(cells))
            found = search_best(sky, cells, lambda p: site_horizon(stack, p).to_mask(), criterion,
                                progress=lambda: progress.advance(task))
        record = found["best"].record(with_years=by_year)
        record["search"] = {"centre_lat_deg": point.lat_deg, "centre_lon_deg": point.lon_deg, "radius_km": search_radius_km,
                            "cells": found["cells"], "criterion": criterion, "spread": found["spread"]}
    if as_json:
        typer.echo(dumps_json(record))
        return
    where = f"{record['lat_deg']:.4f}°, {record['lon_deg']:.4f}°E, {height:g} m"
    if search_radius_km is not None:
        where = f"best of {record['search']['cells']} cells within {search_radius_km:g} km: " + where
    _print_statistics(f"{where}, {start} to {end} every {step}", record)


def windows(
    site: SiteOption = None,
    lat: LatOption = None,
    lon: LonOption = None,
    height: HeightOption = 2.0,
    dem: DemOption = None,
    start: StartOption = ...,
    end: EndOption = ...,
    step: StepOption = "1h",
    stay: Annotated[float, typer.Option("--stay", help="Length of the stay [h].")] = 24.0,
    start_step: Annotated[Optional[str], typer.Option("--start-step", help="Spacing of candidate start times (default: --step).")] = None,
    min_sun_fraction: Annotated[float, typer.Option(help="Least visible fraction of the solar disk throughout (0 = any part).")] = 0.0,
    min_earth_pct: Annotated[float, typer.Option(help="Least share of the stay with the Earth visible [%].")] = 0.0,
    csv: Annotated[Optional[Path], typer.Option("--csv", help="Write every candidate start with its verdict and reason.")] = None,
    ics: Annotated[Optional[Path], typer.Option("--ics", help="Write the accepted windows as an iCalendar file.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Landing or stay windows: start times from which a stay keeps sunlight and Earth contact, with the reason each other start fails."""
    point = resolve_point(site, lat, lon, checked_height(height))
    dem = checked_dems(dem)
    stay = validate.positive(stay, "--stay", unit="h")
    min_sun_fraction = validate.fraction(min_sun_fraction, "--min-sun-fraction")
    min_earth_pct = validate.percent(min_earth_pct, "--min-earth-pct")
    csv = check_output_file(csv, "--csv") if csv is not None else None
    ics = check_output_file(ics, "--ics") if ics is not None else None
    if csv is not None and csv == ics:
        raise InputError("--ics", str(ics), "a different file from --csv")
    utc = checked_grid(start, end, step, "windows")
    every = 1
    if start_step is not None:
        ratio = parse_step(start_step, "--start-step") / parse_step(step, "--step")
        if ratio < 1:
            raise InputError("--start-step", start_step, f"a spacing of at least --step ({step})")
        every = int(round(ratio))
    horizon = resolve_horizon(point, dem or ())
    result = assess(moon_sky_for(utc), point, horizon.to_mask(), horizon.source)
    need = StayRequirement(stay, min_sun_fraction, 0.0, min_earth_pct)
    starts = assess_starts(result.series, need, every)
    found = merged_windows(starts, stay)
    generated = f"{np.datetime64('now', 's')}Z"
    if csv is not None:
        write_text_atomic(csv, columns_to_csv(to_csv_columns(starts)), "--csv")
        say_written(csv, detail=f" ({starts.accepted.size} candidate starts with their verdicts)", as_json=as_json)
    if ics is not None:
        write_text_atomic(ics, to_ics(found, point.name or f"{point.lat_deg:.3f} {point.lon_deg:.3f}", generated), "--ics")
        say_written(ics, detail=f" ({len(found)} window(s) as iCalendar events)", as_json=as_json)
    summary = {"stay_h": stay, "candidates": int(starts.accepted.size), "accepted": int(starts.accepted.sum()),
               "windows": found, "horizon_source": horizon.source}
    rejected = [r for r in starts.reason if r]
    summary["rejection_reasons"] = _reason_counts(rejected, min_earth_pct)
    if as_json:
        typer.echo(dumps_json(summary))
        return
    typer.echo(f"{summary['accepted']} of {summary['candidates']} starts allow a {stay:g} h stay; {len(found)} windows")
    for window in found[:20]:
        typer.echo(f"  {window['first_start']} .. {window['last_start']}  ({window['starts']} starts)")
    for reason, count in summary["rejection_reasons"].items():
        typer.echo(f"  rejected {count}x: {reason}")


def _reason_counts(reasons: list[str], min_earth_pct: float) -> dict[str, int]:
    """How many starts failed for each kind of reason (the times themselves are in the CSV)."""
    counts: dict[str, int] = {}
    for reason in reasons:
        kind = f"Earth visible less than {min_earth_pct:g}% of the stay" if reason.startswith("Earth") else reason.split(" at ")[0]
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def register(app: typer.Typer) -> None:
    app.command("site")(site)
    app.command("windows")(windows)
