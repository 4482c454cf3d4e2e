"""``moonbase sites``: the catalogue of named sites with their sources."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..output import dumps_json
from ..sites import GROUPS, catalogue
from .options import JsonOption

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


def register(app: typer.Typer) -> None:
    app.add_typer(sites_app, name="sites")
