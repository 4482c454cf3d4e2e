"""Slope and roughness maps against terrain with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from moonbase.cli.main import main
from moonbase.terrain.dem import read_dem
from moonbase.terrain.slope import roughness_m, slope_deg

from .synthetic import polar_dem


def test_slope_of_a_tilted_plane_includes_the_map_scale_factor():
    """h = 0.2·x on the map: the true gradient is 0.2·k (k = map/true length), so slope = atan(0.2 k);
    central differences are exact on a plane: tolerance 1e-4°."""
    dem = polar_dem(lambda lat, lon, x, y: 0.2 * x, 20_000.0, 500.0, centre_xy=(100_000.0, 0.0))
    rows, cols = np.mgrid[0:dem.shape[0], 0:dem.shape[1]]
    k = dem.projection.scale_at(*dem.pixel_centres(rows, cols))
    assert np.max(np.abs(slope_deg(dem) - np.degrees(np.arctan(0.2 * k)))) < 1e-4
    assert 1.0008 < k.mean() < 1.0009  # ρ = 100 km: k = 1 + ρ²/(4R²)


def test_roughness_is_zero_on_a_plane_and_known_on_a_checkerboard():
    """A plane has no residual; a ±δ checkerboard has a 3x3 RMS residual of δ·sqrt((9 - 1/9)/9) = 0.9938 δ."""
    plane = polar_dem(lambda lat, lon, x, y: 0.1 * x - 0.3 * y + 500.0, 5_000.0, 250.0)
    assert np.nanmax(roughness_m(plane)) < 1e-3
    delta = 3.0

    def board(lat, lon, x, y):
        return delta * (-1.0) ** (np.round((x + 5_000) / 250.0 - 0.5) + np.round((5_000 - y) / 250.0 - 0.5))

    rough = roughness_m(polar_dem(board, 5_000.0, 250.0))
    assert np.allclose(rough[1:-1, 1:-1], delta * np.sqrt((9 - 1 / 9) / 9), atol=1e-4)
    assert np.isnan(rough[0, 0])


def test_slope_and_roughness_cli_write_geotiffs_on_the_dem_grid(tmp_path, capsys):
    from .test_dem import _write_geotiff

    dem = polar_dem(lambda lat, lon, x, y: 0.5 * y, 3_000.0, 100.0)
    _write_geotiff(tmp_path / "d.tif", dem, dem.heights_m)
    for command, name in (("slope", "s.tif"), ("roughness", "r.tif")):
        with pytest.raises(SystemExit) as info:
            main(["terrain", command, "--dem", str(tmp_path / "d.tif"), "--out", str(tmp_path / name)])
        assert (info.value.code or 0) == 0
    slope_map = read_dem(tmp_path / "s.tif")
    assert slope_map.shape == dem.shape and slope_map.geotransform == dem.geotransform
    assert np.nanmedian(slope_map.heights_m) == pytest.approx(np.degrees(np.arctan(0.5)), abs=0.01)
