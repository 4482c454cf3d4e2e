"""``moonbase terrain ...``: heights, the built-in site-horizon table, slope/roughness maps and horizon sweeps."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import validate, worksize
from ..output import check_files_folder, check_output_file, dumps_json
from ..validate import input_file
from ..sites import resolve_point
from ..terrain.horizon import DEFAULT_AZIMUTHS, DEFAULT_MAX_DISTANCE_KM
from ..terrain.source import required_terrain_stack
from .options import checked_horizon_grid, DEM_KIND, checked_dems, checked_height, DemOption, HeightOption, JsonOption, LatOption, LonOption, SiteOption

terrain_app = typer.Typer(help="Terrain: DEM heights, site-horizon table, slope and roughness maps, horizon sweeps.",
                          no_args_is_help=True)


@terrain_app.command("height")
def height(site: SiteOption = None, lat: LatOption = None, lon: LonOption = None, dem: DemOption = None,
           as_json: JsonOption = False) -> None:
    """Ground height above the 1,737.4 km sphere at a point, from the stacked DEMs [m]."""
    point = resolve_point(site, lat, lon, 0.0)
    stack = required_terrain_stack(checked_dems(dem) or ())
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
    from ..terrain.builtin import TABLE_NAME, PROVENANCE_NAME, write_site_table

    dem = checked_dems(dem)
    azimuths, max_distance = checked_horizon_grid(azimuths, max_distance)
    check_files_folder(out, (TABLE_NAME, PROVENANCE_NAME))
    # Recorded with DEM file names only: the products are identified by their SHA-256 in the provenance.
    command = ("moonbase terrain site-table " + " ".join(f"--dem {Path(p).name}" for p in dem or ())
               + f" --out {out} --azimuths {azimuths} --max-distance {max_distance:g}")
    table, meta = write_site_table(required_terrain_stack(dem or ()), out, n_azimuths=azimuths,
                                   max_distance_km=max_distance, command=command)
    typer.echo(f"wrote {table} and {meta}")


def register(app: typer.Typer) -> None:
    app.add_typer(terrain_app, name="terrain")


def _check_pixels(grid, what: str) -> None:
    """Slope and roughness hold the heights and ~6 float64 work arrays per pixel."""
    rows, cols = grid.shape
    worksize.check_bytes(f"{what} of {rows:,} x {cols:,} pixels", worksize.BASE_BYTES + 56.0 * rows * cols,
                         "crop the DEM first (e.g. gdal_translate -srcwin)")


@terrain_app.command("slope")
def slope(dem: Annotated[Path, typer.Option("--dem", help="The DEM (GeoTIFF or PDS3 .LBL/.IMG).")],
          out: Annotated[Path, typer.Option(help="Output GeoTIFF of slope [deg].")] = Path("slope.tif")) -> None:
    """Slope map [deg] of a DEM, as a GeoTIFF on the DEM's grid."""
    from ..terrain.dem import read_dem
    from ..terrain.slope import slope_deg, write_geotiff

    check_output_file(out, "--out", (".tif", ".tiff"))
    grid = read_dem(input_file(dem, "--dem", DEM_KIND))
    _check_pixels(grid, "a slope map")
    write_geotiff(out, slope_deg(grid), grid, "slope [deg]")
    typer.echo(f"wrote {out}")


@terrain_app.command("roughness")
def roughness(dem: Annotated[Path, typer.Option("--dem", help="The DEM (GeoTIFF or PDS3 .LBL/.IMG).")],
              out: Annotated[Path, typer.Option(help="Output GeoTIFF of roughness [m].")] = Path("roughness.tif")) -> None:
    """Roughness map [m]: RMS deviation of each 3 x 3 window from its best-fit plane, as a GeoTIFF."""
    from ..terrain.dem import read_dem
    from ..terrain.slope import roughness_m, write_geotiff

    check_output_file(out, "--out", (".tif", ".tiff"))
    grid = read_dem(input_file(dem, "--dem", DEM_KIND))
    _check_pixels(grid, "a roughness map")
    write_geotiff(out, roughness_m(grid), grid, "roughness: RMS deviation from the 3x3 best-fit plane [m]")
    typer.echo(f"wrote {out}")


@terrain_app.command("sweep")
def sweep(
    dem: DemOption = None,
    window: Annotated[tuple[int, int, int, int], typer.Option(
        help="row_start row_stop col_start col_stop of the finest DEM (a small region).")] = (0, 64, 0, 64),
    height: HeightOption = 2.0,
    azimuths: Annotated[int, typer.Option(help="Number of map bearings.")] = DEFAULT_AZIMUTHS,
    max_distance: Annotated[float, typer.Option("--max-distance", help="Terrain beyond the window's edge [km].")] = DEFAULT_MAX_DISTANCE_KM,
    out: Annotated[Path, typer.Option(help="Output .npz with the quantised horizon cube.")] = Path("horizons.npz"),
) -> None:
    """Horizons of every pixel of a small region in all azimuths, saved as a quantised cube (.npz).

    Azimuths in the cube are map bearings; local azimuth = bearing - north_bearing_deg (stored).
    """
    from ..terrain.sweep import HorizonSweep, save_horizon_cube

    check_output_file(out, "--out", (".npz",))
    height = checked_height(height)
    azimuths, max_distance = checked_horizon_grid(azimuths, max_distance)
    row0, row1, col0, col1 = window = validate.pixel_window(window)
    # The int16 cube, its float32 slices and the sweep's per-pixel state: ~6 B per pixel and azimuth.
    worksize.check_bytes(f"a horizon cube of {row1 - row0} x {col1 - col0} pixels x {azimuths} azimuths",
                         worksize.BASE_BYTES + 6.0 * (row1 - row0) * (col1 - col0) * azimuths,
                         "choose a smaller --window or fewer --azimuths")
    sweeper = HorizonSweep(required_terrain_stack(checked_dems(dem) or ()), window, height, max_distance)
    path = save_horizon_cube(out, sweeper, azimuths)
    typer.echo(f"wrote {path}")
