"""``moonbase partners``: ILRS partners and Artemis Accords signatories on a date; ``partners add`` extends the table."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError
from ..output import atomic_directory, columns_to_csv, dumps_json, write_text_atomic
from .options import JsonOption

partners_app = typer.Typer(help="ILRS partners and Artemis Accords signatories: who, since when, per which source.")

TableOption = Annotated[Optional[list[Path]], typer.Option(
    "--table", help="A user CSV of members merged over the packaged table (same header; repeatable). "
                    "Write rows with `moonbase partners add`.")]


def _as_of(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError("--as-of", text, "a date YYYY-MM-DD") from None


@partners_app.callback(invoke_without_command=True)
def partners(
    ctx: typer.Context,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Date of the snapshot, YYYY-MM-DD (default today).")] = None,
    table: TableOption = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Folder to write: partners.json, members.csv, "
                                                "bloc_sizes.csv and partners.html (chart and map; works offline).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Both blocs on a date: members with dates, sources and tags, the counts, and the states in both."""
    if ctx.invoked_subcommand is not None:
        return
    from ..partners import bloc_series, load_members, snapshot, table_text

    day = _as_of(as_of)
    members = load_members(table or ())
    blocs = snapshot(members, day)
    record = blocs.as_record()
    if out is not None:
        from ..report.partners_plots import bloc_size_figure, membership_map, offline_page

        series = bloc_series(members, day)
        notes = [f"{m.bloc}: {m.name} ({m.joined}) {m.tag}: {m.note or m.source}" for m in blocs.unverified()]
        page = offline_page(f"ILRS partners and Artemis Accords signatories on {day.isoformat()}",
                            [bloc_size_figure(series), membership_map(blocs)],
                            ["Dates tagged [M] are recalled, not verified in a source; rows not counted are listed "
                             "with their reason.", *notes], geo=True)
        with atomic_directory(out) as staging:
            write_text_atomic(staging / "partners.json", dumps_json(record))
            write_text_atomic(staging / "members.csv", table_text(members))
            write_text_atomic(staging / "bloc_sizes.csv", columns_to_csv(series.as_columns()))
            write_text_atomic(staging / "partners.html", page)
    if as_json:
        typer.echo(dumps_json(record))
        return
    for bloc, info in record["blocs"].items():
        typer.echo(f"{info['title']} on {day}: {info['states']} states, {info['organisations']} organisations "
                   f"({info['recalled_dates']} dates recalled [M])")
    names = ", ".join(o["name"] for o in record["overlap"]) or "none"
    typer.echo(f"in both: {names}")
    if out is not None:
        typer.echo(f"wrote {out}/partners.html, partners.json, members.csv, bloc_sizes.csv")


@partners_app.command("add")
def add(
    table: Annotated[Path, typer.Option("--table", help="The user CSV to append to (created with its header if absent).")],
    bloc: Annotated[str, typer.Option(help="ilrs or artemis.")],
    name: Annotated[str, typer.Option(help="State or organisation name.")],
    joined: Annotated[str, typer.Option(help="Date of joining: YYYY, YYYY-MM or YYYY-MM-DD.")],
    source: Annotated[str, typer.Option(help="Where the membership and date were read (document, URL).")],
    iso3: Annotated[str, typer.Option(help="ISO 3166-1 alpha-3 code (states).")] = "",
    kind: Annotated[str, typer.Option(help="state, organisation or founder.")] = "state",
    tag: Annotated[str, typer.Option(help="Provenance tag: [R] read in the source, [M] recalled, [U] yours.")] = "[U]",
    order: Annotated[str, typer.Option(help="The bloc's count at joining, if the source gives it.")] = "",
    note: Annotated[str, typer.Option(help="A note.")] = "",
) -> None:
    """Add (or replace) one membership in a user table, validated; use it with `moonbase partners --table FILE`."""
    from ..partners.table import COLUMNS, load_members, parse_table, table_text

    existing = parse_table(table.read_text(encoding="utf-8"), str(table)) if table.exists() else []
    row = {"bloc": bloc, "name": name, "iso3": iso3, "kind": kind, "joined": joined, "order": order, "counted": "yes",
           "tag": tag, "source": source, "note": note}
    new = parse_table(",".join(COLUMNS) + "\n" + table_text_row(row), "the new row (command line)")[0]
    kept = [m for m in existing if not (m.bloc == new.bloc and (m.key == new.key or m.name.lower() == new.name.lower()))]
    text = table_text([*kept, new])
    parse_table(text, str(table))  # the file as it will be written must read back
    write_text_atomic(table, text)
    load_members([table])          # and merge with the packaged table
    typer.echo(f"{'replaced' if len(kept) < len(existing) else 'added'} {new.name} ({new.bloc}, {new.joined}) in {table}")


def table_text_row(row: dict) -> str:
    import csv
    import io

    from ..partners.table import COLUMNS

    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n").writerow(row)
    return buffer.getvalue()


def register(app: typer.Typer) -> None:
    app.add_typer(partners_app, name="partners")
