"""``moonbase catalog``: read space-object catalogues (TLE, 3LE, OMM) and summarise or snapshot them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from ..errors import MoonbaseError
from ..output import dumps_json
from .options import JsonOption

catalog_app = typer.Typer(help="Space-object catalogues: TLE/3LE and CCSDS OMM (XML, JSON, CSV).", no_args_is_help=True)

FilesArgument = Annotated[Optional[list[Path]], typer.Argument(help="Catalogue files: TLE/3LE (any extension) or OMM .xml/.json/.csv.")]
SkipBadOption = Annotated[bool, typer.Option("--skip-bad", help="Skip malformed records (counted) instead of stopping at the first.")]
PackagedOption = Annotated[bool, typer.Option("--packaged", help="Use the catalogue snapshot shipped with Moonbase (see data/traffic_catalog.json).")]


def load_files_or_packaged(files, packaged: bool, skip_bad: bool):
    """The catalogue from FILES, or the shipped snapshot with --packaged (exactly one of the two)."""
    from ..errors import MoonbaseError
    from ..traffic.catalog import load_catalog
    from ..traffic.snapshot import packaged_catalog

    from ..validate import input_files

    if packaged == bool(files):
        raise MoonbaseError("give catalogue FILES or --packaged (the snapshot shipped with Moonbase), not both or neither")
    return packaged_catalog() if packaged else load_catalog(input_files(files, "catalogue file"), skip_bad=skip_bad)


def impossible_orbits(catalog) -> dict:
    """Element sets whose perigee lies below the Earth's surface (decayed or corrupt): counted and listed."""
    below = np.flatnonzero(catalog.perigee_km < 0.0)
    return {"count": int(below.size), "rule": "perigee altitude below 0 km (under the Earth's surface)",
            "objects": [{"norad": int(catalog.norad[i]), "name": catalog.objects[i].name,
                         "perigee_km": float(catalog.perigee_km[i])} for i in below[:20]]}


@catalog_app.command("info")
def info(
    files: FilesArgument = None,
    at: Annotated[Optional[str], typer.Option("--at", help="Time for element-set ages, ISO 8601 UTC (default: the newest epoch).")] = None,
    skip_bad: SkipBadOption = False,
    packaged: PackagedOption = False,
    as_json: JsonOption = False,
) -> None:
    """Counts, orbit regimes, launch groups, crewed objects and element-set ages."""
    from ..timegrid import parse_instant
    from ..traffic.catalog import catalog_summary

    at_utc = parse_instant(at, "--at") if at is not None else None
    catalog = load_files_or_packaged(files, packaged, skip_bad)
    summary = catalog_summary(catalog, at_utc)
    summary["impossible_orbits"] = impossible_orbits(catalog)
    if as_json:
        typer.echo(dumps_json(summary))
        return
    console = Console(width=120)
    ages = summary["age_days"]
    console.print(
        f"{summary['objects']:,} objects from {len(catalog.files)} file(s); {summary['duplicates_dropped']:,} duplicates dropped "
        f"(newest epoch kept); {summary['bad_records_skipped']:,} bad records skipped"
    )
    console.print(
        f"epochs {np.datetime_as_string(summary['epoch_oldest'], unit='s')}Z .. "
        f"{np.datetime_as_string(summary['epoch_newest'], unit='s')}Z; age at "
        f"{np.datetime_as_string(summary['age_reference_utc'], unit='s')}Z: median {ages['median']:.2f} d, "
        f"max {ages['max']:.1f} d, {ages['over_14_days']:,} older than 14 d (too old to screen)"
    )
    _print_counts(console, "Orbit regimes", "regime", summary["regimes"])
    console.print(f"regimes: {summary['regime_source']}", markup=False)  # a caption would wrap into a box-less column
    groups = {k: v for k, v in summary["largest_launch_groups"].items() if k != "unknown"}
    if groups:
        _print_counts(console, "Largest launch groups", "launch", summary["largest_launch_groups"])
    else:  # a table whose one row says "unknown" tells nothing
        console.print("launch groups: none (no element set carries an international designator)")
    console.print(f"crewed or crewable objects: {summary['crewed_objects']}")
    bad = summary["impossible_orbits"]
    if bad["count"]:
        listed = ", ".join(f"{o['norad']} {o['name']} ({o['perigee_km']:.0f} km)" for o in bad["objects"][:5])
        console.print(f"warning: {bad['count']:,} element set(s) with the perigee below the Earth's surface "
                      f"(decayed or corrupt; screening leaves them out): {listed}", markup=False)
    for error in catalog.skipped[:5]:
        console.print(f"skipped: {error}", markup=False)


def _print_counts(console: Console, title: str, what: str, counts: dict[str, int]) -> None:
    """A two-column table of counts, or one line when there is nothing to count (never an empty table)."""
    if not counts:
        console.print(f"{title.lower()}: none")
        return
    table = Table(title=title)
    table.add_column(what)
    table.add_column("objects", justify="right")
    for key, count in counts.items():
        table.add_row(key, f"{count:,}")
    console.print(table)


@catalog_app.command("snapshot")
def snapshot(
    files: FilesArgument,
    out: Annotated[Path, typer.Option("--out", help="Output folder for the snapshot tables and provenance.")],
    perigee_below_km: Annotated[float, typer.Option(help="Keep full element sets only below this perigee altitude [km] (crewed objects always).")] = 700.0,
    skip_bad: SkipBadOption = False,
) -> None:
    """Write the small derived catalogue that ships with Moonbase (element sets + per-object orbit table + provenance)."""
    from ..traffic.snapshot import ELEMENTS_FILE, ORBITS_FILE, PROVENANCE_FILE, write_snapshot
    from ..output import check_files_folder
    from ..validate import input_files, number

    files = input_files(files, "catalogue file")
    perigee_below_km = number(perigee_below_km, "--perigee-below-km", above=0.0, maximum=500_000.0, unit="km")
    check_files_folder(out, (ELEMENTS_FILE, ORBITS_FILE, PROVENANCE_FILE))
    written = write_snapshot(files, out, perigee_below_km=perigee_below_km, skip_bad=skip_bad)
    for path in written:
        typer.echo(f"wrote {path}")


def register(app: typer.Typer) -> None:
    app.add_typer(catalog_app, name="catalog")
