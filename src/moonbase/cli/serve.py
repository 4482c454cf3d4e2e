"""``moonbase serve``: the local web app; ``moonbase web-map``: the map product it shows."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .options import DemOption, HeightOption, EndOption, StartOption, StepOption

DEFAULT_DATA_DIR = Path("moonbase-web")


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to bind. 127.0.0.1 (the default) accepts only this machine. "
                                      "0.0.0.0 or a LAN address lets anyone who can reach this machine use the app: "
                                      "read every plan and map in --data-dir, and start jobs that use its CPU and disk "
                                      "(there is no login). Bind elsewhere only on a trusted network, or behind a "
                                      "reverse proxy that adds authentication and TLS.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8765,
    data_dir: Annotated[Path, typer.Option("--data-dir", help="Folder for jobs, plans and maps (kept across restarts).")] = DEFAULT_DATA_DIR,
    dem: DemOption = None,
    dem_dir: Annotated[Optional[list[Path]], typer.Option("--dem-dir", help="Folder whose DEMs API requests may name "
                                                          "(repeatable); no other DEM path is accepted.")] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="A dask.distributed scheduler address "
                                                     "(tcp://host:8786) to run jobs on; its workers must see --data-dir. "
                                                     "Default: local threads.")] = None,
    max_jobs: Annotated[int, typer.Option("--max-jobs", min=1, max=16, help="Jobs running at once; more wait in a queue.")] = 1,
    local_jobs: Annotated[str, typer.Option("--local-jobs", help="Without --scheduler: 'processes' (a local dask cluster, "
                                            "one worker per job; the server stays responsive) or 'threads'.")] = "processes",
) -> None:
    """Start the Moonbase web app (map, panorama, scenario editor, plans, comparison, traffic) at http://HOST:PORT/.

    Everything it needs (plotly.js, styles, a default map) ships with the package: it works offline.
    The JSON API is under /api, its OpenAPI documentation at /docs.
    """
    import uvicorn

    from ..web.app import create_app
    from ..web.settings import Settings

    from ..errors import InputError

    if local_jobs not in ("processes", "threads"):
        raise InputError("--local-jobs", local_jobs, "processes or threads")
    settings = Settings.make(data_dir, dem or (), dem_dir or (), scheduler, max_jobs,
                             local_processes=local_jobs == "processes")
    app = create_app(settings)
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"moonbase: serving on {host}: anyone who can reach it can read {data_dir} and start jobs", err=True)
    typer.echo(f"Moonbase at http://{host}:{port}/  (data in {settings.data_dir}; Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def web_map_command(
    dem: DemOption = None,
    start: StartOption = "2030-01-01",
    end: EndOption = "2031-01-01",
    step: StepOption = "6h",
    height: HeightOption = 2.0,
    azimuths: Annotated[int, typer.Option(help="Horizon azimuths swept.")] = 360,
    downsample: Annotated[int, typer.Option(help="Average N x N DEM pixels into one map pixel.")] = 4,
    out: Annotated[Path, typer.Option("--out", help="Folder for map.npz and map.json.")] = Path("moonbase-web-map"),
    scheduler: Annotated[Optional[str], typer.Option(help="A dask.distributed scheduler address (default: local threads).")] = None,
    psr: Annotated[bool, typer.Option("--psr", help="Also the permanently shadowed share of each pixel over the 18.6-year "
                                      "nodal cycle (ground level; about doubles the time).")] = False,
) -> None:
    """Build the web app's map product (sunlight %, Earth visibility %, slope, and with --psr permanent shadow) from a polar DEM.

    The default map shipped in moonbase/web/data was made with this command (see its map.json).
    """
    from ..progress import progress_bar
    from ..web.default_map import build_map_product

    command = " ".join(["moonbase web-map", *(f"--dem {Path(d).name}" for d in dem or ()), f"--start {start} --end {end}",
                        f"--step {step} --height {height:g} --azimuths {azimuths} --downsample {downsample}",
                        *(["--psr"] if psr else []), f"--out {out.name}"])
    with progress_bar() as progress:
        task = progress.add_task("map", total=1.0)
        build_map_product(list(dem or ()), start, end, step, out, height, azimuths, downsample,
                          scheduler=scheduler, progress=lambda f, m: progress.update(task, completed=f), command=command, psr=psr)
    typer.echo(f"wrote {out}/map.npz and {out}/map.json")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
    app.command("web-map")(web_map_command)
