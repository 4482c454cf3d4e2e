"""``moonbase horizon``: the terrain horizon mask of a site (JSON, table, CSV or STK .aem)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import numpy as np
import typer

from ..errors import InputError
from ..output import check_output_file, dumps_json, write_text_atomic
from ..sites import resolve_point
from ..terrain.export import horizon_aem, horizon_csv
from ..terrain.horizon import DEFAULT_AZIMUTHS, DEFAULT_MAX_DISTANCE_KM
from ..terrain.source import resolve_horizon
from .options import DemOption, checked_dems, checked_height, checked_horizon_grid, HeightOption, JsonOption, LatOption, LonOption, SiteOption


FORMATS = ("csv", "aem")


def horizon(
    site: SiteOption = None,
    lat: LatOption = None,
    lon: LonOption = None,
    height: HeightOption = 2.0,
    dem: DemOption = None,
    azimuths: Annotated[int, typer.Option(help="Number of azimuths (uniform from 0°).")] = DEFAULT_AZIMUTHS,
    max_distance: Annotated[float, typer.Option("--max-distance", help="Farthest terrain considered [km].")] = DEFAULT_MAX_DISTANCE_KM,
    output_format: Annotated[Optional[str], typer.Option("--format", help="Write a file: csv or aem (STK az-el mask).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="File for --format (default horizon.<format>).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Terrain horizon of a site: elevation angle of the skyline in every azimuth.

    Azimuth is from local north (toward the lunar north pole along the site's meridian) through
    east, as in `moonbase ephem`; elevation is above the local horizontal of the 1,737.4 km
    sphere, seen from --height metres above the local ground, in exact spherical geometry.
    """
    point = resolve_point(site, lat, lon, checked_height(height))
    dem = checked_dems(dem)
    azimuths, max_distance = checked_horizon_grid(azimuths, max_distance)
    path = None
    if output_format is not None:
        if output_format not in FORMATS:
            raise InputError("--format", output_format, f"one of {', '.join(FORMATS)}")
        path = out or Path(f"horizon.{output_format}")
        check_output_file(path, "--out")
    elif out is not None:
        raise InputError("--out", str(out), "--out together with --format csv or aem")
    result = resolve_horizon(point, dem or (), azimuths, max_distance)
    if path is not None:
        text = horizon_csv(result) if output_format == "csv" else horizon_aem(result)
        write_text_atomic(path, text)
        typer.echo(f"wrote {path} ({result.azimuth_deg.size} azimuths; {result.source})")
        return
    if as_json:
        typer.echo(dumps_json(result.as_record()))
        return
    el = result.elevation_deg
    typer.echo(f"Horizon of {point.name or 'site'} {point.lat_deg:.4f}°, {point.lon_deg:.4f}°E, {point.height_m:g} m above ground")
    typer.echo(f"source: {result.source}")
    typer.echo(f"elevation: min {el.min():.3f}° at {result.azimuth_deg[np.argmin(el)]:.1f}°, "
               f"max {el.max():.3f}° at {result.azimuth_deg[np.argmax(el)]:.1f}°, mean {el.mean():.3f}°")
    step = max(1, result.azimuth_deg.size // 24)
    for az, e in zip(result.azimuth_deg[::step], el[::step]):
        typer.echo(f"  az {az:6.1f}°  el {e:7.3f}°")
    typer.echo("use --json for every azimuth, --format csv|aem to write a file")


def register(app: typer.Typer) -> None:
    app.command("horizon")(horizon)
