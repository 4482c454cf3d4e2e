"""The built-in site horizons, `moonbase horizon` and `moonbase terrain` commands."""

from __future__ import annotations

import json

import numpy as np
import pytest

from moonbase.cli.main import main
from moonbase.geometry import SurfacePoint
from moonbase.sites import catalogue, get_site
from moonbase.terrain.builtin import build_site_table, builtin_horizon, builtin_sites
from moonbase.terrain.horizon import site_horizon
from moonbase.terrain.stack import TerrainStack


def run(capsys, *args):
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code or 0, out, err


@pytest.fixture(scope="module")
def real_stack(shared_data):
    terrain = shared_data / "terrain"
    return TerrainStack.from_paths([terrain / "lola_ldem75s120m_pole_240m.tif", terrain / "lola_ldem75s120m_cap_1787m.tif"])


def test_table_covers_every_named_polar_site_at_2_and_10_m():
    """Every named site poleward of 80°S (inside the LOLA tiles) has a shipped horizon, under its name."""
    for key, site in catalogue().items():
        if site.lat_deg < -80.0:
            for height in (2.0, 10.0):
                horizon = builtin_horizon(site.point(height))
                assert horizon is not None, (key, height)
                assert horizon.azimuth_deg.size == 720 and np.all(np.isfinite(horizon.elevation_deg))
    assert set(builtin_sites()) >= {"change7", "connecting-ridge"}


def test_table_is_found_by_coordinates_and_not_for_other_heights():
    assert builtin_horizon(SurfacePoint(-89.45, -137.31, 2.0)) is not None
    assert builtin_horizon(SurfacePoint(-89.45, 222.69, 3.0)) is not None  # 0-50 m since the table grew
    assert builtin_horizon(SurfacePoint(-89.45, 222.69, 50.5)) is None
    assert builtin_horizon(SurfacePoint(-89.4, 222.69, 2.0)) is None


def test_provenance_names_products_checksums_and_the_command():
    from importlib import resources

    meta = json.loads(resources.files("moonbase").joinpath("data/site_horizons.json").read_text())
    assert meta["command"].startswith("moonbase terrain site-table --dem lola_ldem75s120m_pole_240m.tif")
    assert all(len(d["sha256"]) == 64 for d in meta["dems"])
    assert meta["method"]["n_azimuths"] == 720 and meta["method"]["max_distance_km"] == 300.0


@pytest.mark.shared
def test_shipped_table_reproduces_from_the_shared_terrain(real_stack, shared_data):
    """The shipped masks equal a fresh computation from ../shared terrain to their 0.01° rounding,
    and the table's DEM checksums are those of the shared files."""
    from importlib import resources

    from moonbase.terrain.dem import file_sha256

    meta = json.loads(resources.files("moonbase").joinpath("data/site_horizons.json").read_text())
    for record in meta["dems"]:
        assert file_sha256(shared_data / "terrain" / record["file"]) == record["sha256"]
    for key in ("change7", "connecting-ridge"):
        for height in (2.0, 10.0):
            fresh = site_horizon(real_stack, get_site(key).point(height))
            assert np.max(np.abs(fresh.elevation_deg - builtin_horizon(get_site(key).point(height)).elevation_deg)) <= 0.0051


def test_build_site_table_on_synthetic_terrain_skips_sites_outside():
    from .synthetic import polar_dem

    dem = polar_dem(lambda lat, lon, x, y: 100.0 * np.sin(x / 5000.0), 40_000.0, 400.0)
    columns, provenance = build_site_table(TerrainStack([dem]), n_azimuths=72, max_distance_km=20.0, command="test")
    assert "shackleton-rim@2m" in columns and "shackleton-rim@10m" in columns  # 89.9°S: 5 km from the pole
    assert "malapert" in provenance["skipped"] and provenance["command"] == "test"
    assert columns["azimuth_deg"].size == 72


def test_horizon_cli_json_uses_the_builtin_table_offline(capsys):
    code, out, _ = run(capsys, "horizon", "--lat", "-89.45", "--lon", "222.69", "--height", "2", "--json")
    assert code == 0
    record = json.loads(out)
    assert len(record["azimuth_deg"]) == len(record["elevation_deg"]) == 720
    assert record["azimuth_deg"][1] == 0.5 and "built-in" in record["source"]


def test_horizon_cli_writes_csv_and_aem(tmp_path, capsys):
    aem, csv = tmp_path / "mask.aem", tmp_path / "mask.csv"
    assert run(capsys, "horizon", "--site", "change7", "--height", "10", "--format", "aem", "--out", str(aem))[0] == 0
    assert run(capsys, "horizon", "--site", "change7", "--height", "10", "--format", "csv", "--out", str(csv))[0] == 0
    lines = aem.read_text().splitlines()
    assert lines[:4] == ["stk.v.11.0", "BEGIN AzElMask", "NumberOfPoints 721", "BEGIN AzElMaskData"]
    assert lines[-2:] == ["END AzElMaskData", "END AzElMask"]
    pairs = np.array([[float(v) for v in line.split()] for line in lines[4:-2]])
    assert pairs.shape == (721, 2) and pairs[-1, 0] == 360.0 and np.all(np.diff(pairs[:, 0]) > 0)
    rows = [line for line in csv.read_text().splitlines() if not line.startswith("#")]
    assert rows[0] == "azimuth_deg,elevation_deg" and len(rows) == 721
    assert np.allclose([float(r.split(",")[1]) for r in rows[1:]], pairs[:-1, 1], atol=1e-4)


@pytest.mark.parametrize("args, fragment", [
    (["horizon", "--site", "change7", "--height", "60"], "no terrain"),  # above the table's 0-50 m
    (["horizon", "--lat", "-70", "--lon", "0", "--dem", "{synthetic}"], "inside one of the DEMs"),
    (["horizon", "--site", "change7", "--height", "2", "--format", "kml"], "--format"),
    (["horizon", "--site", "change7", "--dem", "/no/such.tif"], "existing DEM"),
])
def test_horizon_cli_errors_are_one_line(args, fragment, capsys, tmp_path, monkeypatch):
    from .synthetic import polar_dem
    from .test_dem import _write_geotiff

    monkeypatch.setenv("MOONBASE_CACHE", str(tmp_path / "cache"))
    dem = polar_dem(lambda lat, lon, x, y: np.zeros_like(x), 5000.0, 500.0)
    _write_geotiff(tmp_path / "s.tif", dem, dem.heights_m)
    code, _, err = run(capsys, *[a.replace("{synthetic}", str(tmp_path / "s.tif")) for a in args])
    assert code == 2 and len(err.strip().splitlines()) == 1 and fragment in err and "Traceback" not in err


@pytest.mark.shared
def test_horizon_cli_with_real_dems_and_terrain_height(shared_data, capsys):
    terrain = shared_data / "terrain"
    dems = ["--dem", str(terrain / "lola_ldem75s120m_pole_240m.tif"), "--dem", str(terrain / "lola_ldem75s120m_cap_1787m.tif")]
    code, out, _ = run(capsys, "horizon", "--lat", "-89.45", "--lon", "222.69", "--height", "2", "--json", *dems)
    assert code == 0 and "exact ray march" in json.loads(out)["source"]
    code, out, _ = run(capsys, "terrain", "height", "--site", "connecting-ridge", "--json", *dems)
    assert code == 0 and json.loads(out)["height_m"] == pytest.approx(1950.0, abs=15.0)


def test_terrain_package_doctest():
    import doctest

    import moonbase.terrain

    result = doctest.testmod(moonbase.terrain)
    assert result.failed == 0 and result.attempted > 0
