"""``moonbase terrain ...``: heights, the built-in site-horizon table, slope/roughness maps and horizon sweeps."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..output import dumps_json
from ..sites import resolve_point
from ..terrain.horizon import DEFAULT_AZIMUTHS, DEFAULT_MAX_DISTANCE_KM
from ..terrain.source import required_terrain_stack
from .options import DemOption, JsonOption, LatOption, LonOption, SiteOption

terrain_app = typer.Typer(help="Terrain: DEM heights, site-horizon table, slope and roughness maps, horizon sweeps.",
                          no_args_is_help=True)


@terrain_app.command("height")
def height(site: SiteOption = None, lat: LatOption = None, lon: LonOption = None, dem: DemOption = None,
           as_json: JsonOption = False) -> None:
    """Ground height above the 1,737.4 km sphere at a point, from the stacked DEMs [m]."""
    point = resolve_point(site, lat, lon, 0.0)
    stack = required_terrain_stack(dem or ())
    value = float(stack.sample(point.lat_deg, point.lon_deg))
    record = {"lat_deg": point.lat_deg, "lon_deg": point.lon_deg, "height_m": value, "dems": stack.describe()}
    typer.echo(dumps_json(record) if as_json else f"{value:.2f} m above the 1,737.4 km sphere ({stack.describe()})")


@terrain_app.command("site-table")
def site_table(
    dem: DemOption = None,
    out: Annotated[Path, typer.Option(help="Folder for site_horizons.csv and .json (the package's data/ to ship).")] = Path("."),
    azimuths: Annotated[int, typer.Option(help="Number of azimuths.")] = DEFAULT_AZIMUTHS,
    max_distance: Annotated[float, typer.Option("--max-distance", help="Farthest terrain [km].")] = DEFAULT_MAX_DISTANCE_KM,
) -> None:
    """Build the built-in horizon table: every named site inside the DEMs at 0 to 50 m (see TABLE_HEIGHTS_M).

    The shipped table was made with:
    moonbase terrain site-table --dem lola_ldem75s120m_pole_240m.tif --dem lola_ldem75s120m_cap_1787m.tif --out src/moonbase/data
    """
    from ..terrain.builtin import write_site_table

    # Recorded with DEM file names only: the products are identified by their SHA-256 in the provenance.
    command = ("moonbase terrain site-table " + " ".join(f"--dem {Path(p).name}" for p in dem or ())
               + f" --out {out} --azimuths {azimuths} --max-distance {max_distance:g}")
    table, meta = write_site_table(required_terrain_stack(dem or ()), out, n_azimuths=azimuths,
                                   max_distance_km=max_distance, command=command)
    typer.echo(f"wrote {table} and {meta}")


def register(app: typer.Typer) -> None:
    app.add_typer(terrain_app, name="terrain")


@terrain_app.command("slope")
def slope(dem: Annotated[Path, typer.Option("--dem", help="The DEM (GeoTIFF or PDS3 .LBL/.IMG).")],
          out: Annotated[Path, typer.Option(help="Output GeoTIFF of slope [deg].")] = Path("slope.tif")) -> None:
    """Slope map [deg] of a DEM, as a GeoTIFF on the DEM's grid."""
    from ..terrain.dem import read_dem
    from ..terrain.slope import slope_deg, write_geotiff

    grid = read_dem(dem)
    write_geotiff(out, slope_deg(grid), grid, "slope [deg]")
    typer.echo(f"wrote {out}")


@terrain_app.command("roughness")
def roughness(dem: Annotated[Path, typer.Option("--dem", help="The DEM (GeoTIFF or PDS3 .LBL/.IMG).")],
              out: Annotated[Path, typer.Option(help="Output GeoTIFF of roughness [m].")] = Path("roughness.tif")) -> None:
    """Roughness map [m]: RMS deviation of each 3 x 3 window from its best-fit plane, as a GeoTIFF."""
    from ..terrain.dem import read_dem
    from ..terrain.slope import roughness_m, write_geotiff

    grid = read_dem(dem)
    write_geotiff(out, roughness_m(grid), grid, "roughness: RMS deviation from the 3x3 best-fit plane [m]")
    typer.echo(f"wrote {out}")


@terrain_app.command("sweep")
def sweep(
    dem: DemOption = None,
    window: Annotated[tuple[int, int, int, int], typer.Option(
        help="row_start row_stop col_start col_stop of the finest DEM (a small region).")] = (0, 64, 0, 64),
    height: Annotated[float, typer.Option("--height", help="Observer height above the ground [m].")] = 2.0,
    azimuths: Annotated[int, typer.Option(help="Number of map bearings.")] = DEFAULT_AZIMUTHS,
    max_distance: Annotated[float, typer.Option("--max-distance", help="Terrain beyond the window's edge [km].")] = DEFAULT_MAX_DISTANCE_KM,
    out: Annotated[Path, typer.Option(help="Output .npz with the quantised horizon cube.")] = Path("horizons.npz"),
) -> None:
    """Horizons of every pixel of a small region in all azimuths, saved as a quantised cube (.npz).

    Azimuths in the cube are map bearings; local azimuth = bearing - north_bearing_deg (stored).
    """
    from ..terrain.sweep import HorizonSweep, save_horizon_cube

    path = save_horizon_cube(out, HorizonSweep(required_terrain_stack(dem or ()), window, height, max_distance), azimuths)
    typer.echo(f"wrote {path}")
