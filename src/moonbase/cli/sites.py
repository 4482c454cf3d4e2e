"""``moonbase sites``: the catalogue of named sites with their sources."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..output import dumps_json
from ..sites import GROUPS, catalogue
from .options import DemOption, HeightOption, JsonOption

sites_app = typer.Typer(help="Named lunar sites (ILRS, Chang'e, Artemis III regions, reference points).")


@sites_app.callback(invoke_without_command=True)
def sites(
    ctx: typer.Context,
    group: Annotated[Optional[str], typer.Option(help=f"Only one group: {', '.join(GROUPS)}.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the named sites with coordinates, how well they are known, and the source."""
    if ctx.invoked_subcommand is not None:
        return
    from ..errors import InputError

    if group is not None and group not in GROUPS:
        raise InputError("--group", group, f"one of {', '.join(GROUPS)}")
    records = [s.as_record() for s in catalogue().values() if group in (None, s.group)]
    if as_json:
        typer.echo(dumps_json(records))
        return
    table = Table(title="Named sites (lat/lon planetocentric, lon east; ~ = approximate)")
    for column in ("key", "name", "lat", "lon E", "group", "tag"):
        table.add_column(column)
    for r in records:
        mark = "~" if r["approximate"] else ""
        table.add_row(r["key"], r["name"], f"{mark}{r['lat_deg']:.3f}", f"{mark}{r['lon_deg']:.2f}", r["group"], r["tag"])
    Console(width=160).print(table)


@sites_app.command("rank")
def rank(
    group: Annotated[Optional[list[str]], typer.Option(help="Groups to rank (repeatable); default ilrs, change8, artemis3.")] = None,
    height: HeightOption = 2.0,
    dem: DemOption = None,
    start: Annotated[str, typer.Option(help="Start, ISO 8601 UTC.")] = "2030-01-01",
    end: Annotated[str, typer.Option(help="End, ISO 8601 UTC.")] = "2031-01-01",
    step: Annotated[str, typer.Option(help="Time step.")] = "1h",
    as_json: JsonOption = False,
) -> None:
    """Rank the named candidate sites on sunlight, darkness and Earth visibility over terrain."""
    from ..environment.ranking import ORDER, rank_sites
    from ..environment.site import moon_sky_for
    from ..errors import InputError
    from ..progress import progress_bar
    from .options import checked_dems, checked_grid, checked_height

    groups = group or ["ilrs", "change8", "artemis3"]
    for name in groups:
        if name not in GROUPS:
            raise InputError("--group", name, f"one of {', '.join(GROUPS)}")
    keys = [s.key for s in catalogue().values() if s.group in groups]
    height = checked_height(height)
    dem = checked_dems(dem)
    sky = moon_sky_for(checked_grid(start, end, step, "site", sites=len(keys), what=f"ranking {len(keys)} sites"))
    with progress_bar() as progress:
        task = progress.add_task("sites", total=len(keys))
        rows = rank_sites(sky, keys, height, dem or (), progress=lambda: progress.advance(task))
    if as_json:
        typer.echo(dumps_json({"order": ORDER, "height_m": height, "start": start, "end": end, "step": step, "sites": rows}))
        return
    table = Table(title=f"Candidate sites at {height:g} m, {start} to {end} (ranked by {ORDER})")
    for column in ("#", "site", "sun %", "mean disk %", "longest dark h", "Earth %", "Sun & Earth %"):
        table.add_column(column, justify="right" if column != "site" else "left")
    for r in rows:
        name = r["key"] + (f" (= {', '.join(r['same_point_as'])})" if r.get("same_point_as") else "")
        if "rank" not in r:
            table.add_row("-", name, "no terrain", "", "", "", "")
            continue
        table.add_row(str(r["rank"]), name + (" ~" if r["approximate"] else ""), f"{r['sun_any_pct']:.1f}",
                      f"{r['sun_mean_disk_pct']:.1f}", f"{r['longest_dark_h']:g}", f"{r['earth_any_pct']:.1f}",
                      f"{r['sun_and_earth_pct']:.1f}")
    Console(width=140).print(table)
    if any(r.get("same_point_as") for r in rows):
        typer.echo("(= …): other names of the same point (within 1 m), ranked once; ~: approximate position")


def register(app: typer.Typer) -> None:
    app.add_typer(sites_app, name="sites")
