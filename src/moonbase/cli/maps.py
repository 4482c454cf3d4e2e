"""``moonbase map``: sunlight, Earth-visibility or both, for every pixel of a polar DEM (GeoTIFF + PNG)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import validate, worksize
from ..environment.maps import BLOCK, KINDS, headline, visibility_map
from ..environment.site import moon_sky_for
from ..errors import InputError
from ..output import check_output_file, dumps_json
from ..progress import progress_bar
from ..report.maps import write_geotiff, write_quicklook
from ..terrain.horizon import DEFAULT_AZIMUTHS, DEFAULT_MAX_DISTANCE_KM
from ..terrain.source import required_terrain_stack
from ..terrain.sweep import HorizonSweep
from ..timegrid import check_period, utc_grid
from .options import checked_horizon_grid, PERIOD_OPTIONS, checked_dems, checked_height, DemOption, HeightOption, EndOption, JsonOption, StartOption, StepOption, say_written


def map_command(
    kind: Annotated[str, typer.Argument(help=f"What to map: {', '.join(KINDS)}.")],
    dem: DemOption = None,
    start: StartOption = ...,
    end: EndOption = ...,
    step: StepOption = "1h",
    height: HeightOption = 2.0,
    out: Annotated[Path, typer.Option("--out", help="GeoTIFF to write (a PNG quick-look is written beside it).")] = Path("map.tif"),
    window: Annotated[Optional[tuple[int, int, int, int]], typer.Option(help="Rows and columns of the finest DEM: ROW0 ROW1 COL0 COL1.")] = None,
    azimuths: Annotated[int, typer.Option(help="Horizon azimuths swept.")] = DEFAULT_AZIMUTHS,
    max_distance: Annotated[float, typer.Option("--max-distance", help="Farthest terrain considered [km].")] = DEFAULT_MAX_DISTANCE_KM,
    chunks: Annotated[int, typer.Option(help="Dask tasks (azimuth chunks).")] = 8,
    scheduler: Annotated[Optional[str], typer.Option(help="A dask.distributed scheduler address (default: local threads).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Percentage of time each pixel sees the Sun, the Earth, or both, over the terrain horizon.

    Writes OUT (GeoTIFF, one band per statistic) and OUT with .png (quick-look with latitude circles
    and a scale bar). Needs a polar stereographic DEM (--dem, or a fetched LOLA product).
    """
    if kind not in KINDS:
        raise InputError("map kind", kind, f"one of {', '.join(KINDS)}")
    if out.suffix.lower() not in (".tif", ".tiff"):
        raise InputError("--out", str(out), "a .tif path")
    check_output_file(out, "--out", (".tif", ".tiff"))
    check_output_file(out.with_suffix(".png"), "--out (its .png quick-look)")
    height = checked_height(height)
    azimuths, max_distance = checked_horizon_grid(azimuths, max_distance)
    chunks = validate.count(chunks, "--chunks", minimum=1, maximum=azimuths)
    if window is not None:
        window = validate.pixel_window(window)
    stack = required_terrain_stack(checked_dems(dem) or (), "a map (on a polar stereographic DEM)")
    sweep = HorizonSweep(stack, window, height, max_distance)
    _, step_ms, epochs = check_period(start, end, step, PERIOD_OPTIONS)
    rows, cols = sweep.shape
    bodies = 2 if kind == "sun-and-earth" else 1
    copies = 0 if kind != "sun-and-earth" else (2 if scheduler else (os.cpu_count() or 1) + 1)
    work = worksize.check(worksize.map_work(rows, cols, epochs, step_ms / 1000.0, bodies, BLOCK, copies, azimuths))
    if work.seconds > 60:
        typer.echo(f"moonbase: note: {work.describe()} (on two cores)", err=True)
    sky = moon_sky_for(utc_grid(start, end, step, PERIOD_OPTIONS))
    with progress_bar() as progress:
        task = progress.add_task(f"{kind} map (azimuths)", total=azimuths)
        dataset = visibility_map(sweep, sky, kind, azimuths, chunks, scheduler, lambda n: progress.advance(task, n))
    variables = list(dataset.data_vars)
    write_geotiff(out, dataset, variables)
    main = headline(kind)
    png = write_quicklook(out.with_suffix(".png"), dataset, main,
                          f"{main}: {start} to {end} every {step}, {height:g} m above the local ground",
                          lambda x, y: sweep.region.projection.inverse(x, y)[0])
    summary = {"geotiff": str(out), "png": str(png), "bands": variables, "pixels": int(dataset[main].size),
               "epochs": int(dataset.attrs["epochs"]),
               "max_pct": float(dataset[main].max()), "mean_pct": float(dataset[main].mean())}
    if as_json:
        say_written(out, png, as_json=True)
        typer.echo(dumps_json(summary))
    else:
        typer.echo(f"wrote {out} ({', '.join(variables)}) and {png}; {main}: max {summary['max_pct']:.1f} %, "
                   f"mean {summary['mean_pct']:.1f} %")


def register(app: typer.Typer) -> None:
    app.command("map")(map_command)
