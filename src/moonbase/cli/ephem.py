"""``moonbase ephem``: Sun and Earth in a lunar site's sky over a period."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..api import site_ephemeris
from ..output import dumps_json
from ..sites import resolve_point
from .options import checked_grid, checked_height, EndOption, height_option, JsonOption, LatOption, LonOption, SiteOption, StartOption, StepOption


def ephem(
    site: SiteOption = None,
    lat: LatOption = None,
    lon: LonOption = None,
    height: height_option("Default 0: ephem ignores terrain, and a few metres move the Sun and Earth by "
                          "under 0.001°; the plan's observer stands at 2.") = 0.0,
    start: StartOption = ...,
    end: EndOption = ...,
    step: StepOption = "1h",
    correction: Annotated[str, typer.Option(help="apparent (light time + aberration) or geometric.")] = "apparent",
    frame: Annotated[str, typer.Option(help="Lunar frame: MOON_ME (LOLA maps) or MOON_PA.")] = "MOON_ME",
    as_json: JsonOption = False,
) -> None:
    """Azimuth, elevation, range and angular radius of the Sun and the Earth from a lunar site.

    Azimuth is from local north (toward the lunar north pole along the site's meridian) through
    east; elevation is above the sphere horizon (no terrain).
    """
    from ..ephemeris import CORRECTIONS, FRAMES
    from ..errors import InputError

    if correction not in CORRECTIONS:
        raise InputError("--correction", correction, f"one of {', '.join(CORRECTIONS)}")
    if frame not in FRAMES:
        raise InputError("--frame", frame, f"one of {', '.join(FRAMES)}")
    point = resolve_point(site, lat, lon, checked_height(height))
    checked_grid(start, end, step, "ephem")
    records = site_ephemeris(point, start, end, step, correction=correction, frame=frame)
    if as_json:
        typer.echo(dumps_json(records))
        return
    table = Table(title=f"Sun and Earth from {point.lat_deg:.4f}°, {point.lon_deg:.4f}°E ({correction}, {frame})")
    columns = ["time", "sun_az_deg", "sun_el_deg", "earth_az_deg", "earth_el_deg", "subsolar_lat_deg", "subearth_lon_deg"]
    for column in columns:
        table.add_column(column, justify="right")
    shown = records if len(records) <= 40 else records[:20] + [None] + records[-20:]
    for record in shown:
        if record is None:
            table.add_row(*["…"] * len(columns))
        else:
            table.add_row(*(record[c] if c == "time" else f"{record[c]:.4f}" for c in columns))
    Console(width=140).print(table)
    if len(records) > 40:
        typer.echo(f"{len(records)} epochs; use --json for all of them")


def register(app: typer.Typer) -> None:
    app.command("ephem")(ephem)
