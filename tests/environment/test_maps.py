"""Maps: the streamed sweep accumulation against the exact site method, on dask threads and a LocalCluster."""

from __future__ import annotations

import json

import numpy as np
import pytest

from moonbase.cli.main import main
from moonbase.environment.maps import visibility_map
from moonbase.environment.site import assess, moon_sky_for
from moonbase.geometry import SurfacePoint
from moonbase.terrain.horizon import site_horizon
from moonbase.terrain.stack import TerrainStack
from moonbase.terrain.sweep import HorizonSweep
from moonbase.timegrid import utc_grid

WINDOW = (700, 740, 900, 940)  # 40 x 40 pixels (9.6 km) near Shackleton's rim


@pytest.fixture(scope="module")
def stack(shared_data):
    terrain = shared_data / "terrain"
    return TerrainStack.from_paths([terrain / "lola_ldem75s120m_pole_240m.tif", terrain / "lola_ldem75s120m_cap_1787m.tif"])


@pytest.fixture(scope="module")
def sky():
    return moon_sky_for(utc_grid("2030-01-01", "2030-02-01", "2h"))


@pytest.mark.slow
def test_map_matches_site_method_at_sampled_pixels(stack, sky):
    # The bound: within 1 percentage point of the site method (exact horizon, 16-strip disk) at sampled
    # pixels. Differences come from the sweep's horizon (RMS ≤ 0.1° against the exact one) and the straight-line
    # disk cut: over 373 epochs one epoch is 0.27 pp, so 1 pp allows three or four grazing epochs.
    sweep = HorizonSweep(stack, WINDOW, 2.0)
    maps = visibility_map(sweep, sky, "sun-and-earth", n_azimuths=360, chunks=3)
    rng = np.random.default_rng(11)
    differences = []
    for row, col in rng.integers(0, 40, size=(6, 2)):
        lat, lon = sweep.pixel_latlon(row, col)
        point = SurfacePoint(float(lat), float(lon), 2.0)
        stats = assess(sky, point, site_horizon(stack, point, n_azimuths=360).to_mask()).statistics
        for key in ("sun_any_pct", "earth_any_pct", "sun_and_earth_pct"):
            differences.append(abs(float(maps[key][row, col]) - stats[key]))
    assert max(differences) <= 1.0, differences


@pytest.mark.slow
def test_map_on_a_local_cluster_equals_threads(stack, sky):
    distributed = pytest.importorskip("distributed")
    sweep = HorizonSweep(stack, (700, 716, 900, 916), 2.0)
    threads = visibility_map(sweep, sky, "sunlight", n_azimuths=180, chunks=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        on_cluster = visibility_map(sweep, sky, "sunlight", n_azimuths=180, chunks=4, scheduler=cluster.scheduler_address)
    np.testing.assert_allclose(on_cluster["sun_any_pct"].values, threads["sun_any_pct"].values, atol=1e-4)


@pytest.mark.slow
def test_map_cli_writes_geotiff_and_png(shared_data, tmp_path, capsys):
    rasterio = pytest.importorskip("rasterio")
    terrain = shared_data / "terrain"
    out = tmp_path / "sun.tif"
    with pytest.raises(SystemExit) as info:
        main(["map", "sunlight", "--dem", str(terrain / "lola_ldem75s120m_pole_240m.tif"), "--dem",
              str(terrain / "lola_ldem75s120m_cap_1787m.tif"), "--start", "2030-01-01", "--end", "2030-01-08",
              "--step", "6h", "--window", "700", "720", "900", "920", "--azimuths", "90", "--out", str(out), "--json"])
    assert (info.value.code or 0) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["bands"] == ["sun_any_pct", "sun_mean_disk_pct"]
    with rasterio.open(out) as src:
        assert src.count == 2 and src.shape == (20, 20) and src.crs is not None
        band = src.read(1)
        assert np.nanmax(band) <= 100.0 and np.nanmin(band) >= 0.0
    assert out.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_map_needs_terrain(capsys):
    with pytest.raises(SystemExit) as info:
        main(["map", "sunlight", "--start", "2030-01-01", "--end", "2030-01-02", "--out", "x.tif"])
    assert info.value.code == 2 and "--dem" in capsys.readouterr().err


@pytest.mark.slow
def test_plan_adds_a_region_map_when_asked(shared_data, tmp_path, run_cli):
    terrain = shared_data / "terrain"
    scenario = tmp_path / "ridge.toml"
    scenario.write_text(f'''name = "ridge-map"
title = "Connecting ridge with a sunlight map"
[station]
site = "connecting-ridge"
map_half_width_km = 2
dem = ["{terrain / 'lola_ldem75s120m_pole_240m.tif'}", "{terrain / 'lola_ldem75s120m_cap_1787m.tif'}"]
[period]
start = "2030-01-01"
end = "2030-01-15"
step = "6h"
''')
    code, _, err = run_cli("plan", scenario, "--out", tmp_path / "out")
    assert code == 0, err
    summary = json.loads((tmp_path / "out" / "plan.json").read_text())
    assert summary["sections"]["site_environment"]["sunlight_map"]["max_sun_any_pct"] > 0
    assert (tmp_path / "out" / "data" / "sunlight_map.tif").is_file()
