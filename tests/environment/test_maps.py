"""Maps: the accumulation kernel against a plain per-pixel loop, and the streamed sweep accumulation against the exact
site method, on dask threads and a LocalCluster."""

from __future__ import annotations

import json

import numpy as np
import pytest

from moonbase.cli.main import main
from moonbase.environment.maps import BodyTable, slice_entries, visibility_map
from moonbase.environment.site import assess, moon_sky_for
from moonbase.geometry import SurfacePoint
from moonbase.kernels.maps import accumulate_slice, horizon_bounds
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


def _synthetic_case(block=8, rows=44, cols=52, n_epochs=48, n_azimuths=72, seed=5):
    """A body table and horizon slices with blocks wholly lit, wholly dark, lit and dark row by row, flat, mixed,
    and pixels without a horizon. Blocks of the last row and column are partial (44 = 5 x 8 + 4, 52 = 6 x 8 + 4)."""
    rng = np.random.default_rng(seed)
    n_r, n_c = -(-rows // block), -(-cols // block)
    # Grid azimuths: half the epochs near 0/360 (the wrap), the rest anywhere; 1.3° per corner across the
    # map, so blocks straddle the 5° slice pairs.
    base = np.concatenate([rng.uniform(355.0, 365.0, n_epochs // 2), rng.uniform(0.0, 360.0, n_epochs - n_epochs // 2)])
    corner_r, corner_c = np.meshgrid(np.arange(n_r + 1), np.arange(n_c + 1), indexing="ij")
    gamma = np.mod(base[:, None, None] + 1.3 * corner_c - 0.7 * corner_r, 360.0)
    elev = rng.uniform(-2.0, 2.0, n_epochs)[:, None, None] + 0.5 * corner_c - 0.3 * corner_r
    table = BodyTable(gamma.astype(np.float32), elev.astype(np.float32), np.full(n_epochs, 0.27))
    horizons = rng.uniform(-1.5, 1.5, (n_azimuths, rows, cols)).astype(np.float32)
    horizons[:, :, 0:block] = -20.0                # wholly lit blocks
    horizons[:, :, block:2 * block] = 20.0         # wholly dark blocks
    horizons[:, 16:24:2, 16:32] = -10.0            # rows lit and dark in turn
    horizons[:, 17:24:2, 16:32] = 10.0
    horizons[:, 0:16, 40:48] = 1.0                 # flat: the disk rises above it across a block
    horizons[:, 3, 30] = np.nan                    # no horizon (outside the DEM), in every slice ...
    horizons[5, 10, 40] = np.inf                   # ... or in one
    return table, horizons, block


def _accumulate_all(table, horizons, block):
    """Run the kernel over every slice pair, as visibility_map does: (sum of fractions, count, bits)."""
    n_azimuths, rows, cols = horizons.shape
    step = 360.0 / n_azimuths
    batches = slice_entries(table, n_azimuths, epoch_batch=7)  # several batches of epochs, the last one short
    assert len(batches) > 2
    total, count = np.zeros((rows, cols)), np.zeros((rows, cols), np.int32)
    bits = np.zeros((rows, cols, (len(table.radius) + 7) // 8), np.uint8)
    for k in range(n_azimuths):
        h0, h1 = horizons[k], horizons[(k + 1) % n_azimuths]
        bounds = horizon_bounds(h0, h1, block, table.gamma.shape[2] - 1)
        for offsets, epochs, blocks in batches:
            a, b = offsets[k], offsets[k + 1]
            accumulate_slice(h0, h1, bounds, k * step, (k + 1) * step, epochs[a:b],
                             blocks[a:b], block, table.gamma.shape[2] - 1, table.gamma, table.elev, table.radius,
                             total, count, bits)
    return total, count, bits


def _plain_fractions(table, horizons, block):
    """The visible disk fraction of every (epoch, pixel), one epoch at a time with numpy, no early outs: the body
    interpolated bilinearly in its block, its azimuth's slice pair looked up directly, the horizon interpolated
    between the pair, the disk cut as a straight line. (T, rows, cols), 0 where a pixel has no horizon."""
    n_azimuths, rows, cols = horizons.shape
    step = 360.0 / n_azimuths
    i, j = np.arange(rows)[:, None], np.arange(cols)[None, :]
    br, bc = i // block, j // block
    v, u = (i % block + 0.5) / block, (j % block + 0.5) / block

    def bilinear(corners, unwrap):
        c00, c01, c10, c11 = (corners[br, bc], corners[br, bc + 1], corners[br + 1, bc], corners[br + 1, bc + 1])
        if unwrap:
            c01, c10, c11 = (c + 360.0 * np.round((c00 - c) / 360.0) for c in (c01, c10, c11))
        return (c00 * (1 - u) + c01 * u) * (1 - v) + (c10 * (1 - u) + c11 * u) * v

    out = np.zeros((len(table.radius), rows, cols))
    for t, radius in enumerate(table.radius):
        gamma = np.mod(bilinear(table.gamma[t].astype(float), True), 360.0)
        k = np.floor(gamma / step).astype(int) % n_azimuths
        w = (gamma - k * step) / step
        low, high = horizons[k, i, j], horizons[(k + 1) % n_azimuths, i, j]
        with np.errstate(invalid="ignore"):
            ratio = np.clip((bilinear(table.elev[t].astype(float), False) - (low + (high - low) * w)) / radius, -1, 1)
            fraction = (np.arccos(-ratio) + ratio * np.sqrt(1 - ratio**2)) / np.pi
        out[t] = np.where(np.isfinite(low) & np.isfinite(high), fraction, 0.0)
    return out


def test_kernel_matches_a_plain_per_pixel_loop():
    table, horizons, block = _synthetic_case()
    total, count, bits = _accumulate_all(table, horizons, block)
    fractions = _plain_fractions(table, horizons, block)
    # The case reaches every path: disks wholly hidden, wholly visible and cut by the horizon.
    assert (fractions == 0).mean() > 0.2 and (fractions == 1).mean() > 0.2 and ((fractions > 0) & (fractions < 1)).any()
    np.testing.assert_array_equal(count, (fractions > 0).sum(axis=0))
    np.testing.assert_array_equal(bits, np.packbits(fractions > 0, axis=0, bitorder="little").transpose(1, 2, 0))
    # Same model and formulas: only the order of float rounding differs.
    np.testing.assert_allclose(total, fractions.sum(axis=0), rtol=1e-12, atol=1e-12)


def test_kernel_counts_every_epoch_at_every_pixel_once():
    # With the horizon far below every disk each (epoch, pixel) adds exactly 1 in the one slice pair it falls in,
    # including azimuths next to 0/360, blocks that straddle slice pairs and partial blocks at the edge.
    table, horizons, block = _synthetic_case()
    total, count, _ = _accumulate_all(table, np.full_like(horizons, -90.0), block)
    assert np.all(count == len(table.radius)) and np.all(total == len(table.radius))


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
    done = {"threads": [], "cluster": []}
    threads = visibility_map(sweep, sky, "sunlight", n_azimuths=180, chunks=2, progress=done["threads"].append)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        on_cluster = visibility_map(sweep, sky, "sunlight", n_azimuths=180, chunks=4, scheduler=cluster.scheduler_address,
                                    progress=done["cluster"].append)
    np.testing.assert_allclose(on_cluster["sun_any_pct"].values, threads["sun_any_pct"].values, atol=1e-4)
    # Progress: every slice pair once; one at a time on threads, a chunk at a time from the cluster.
    assert done["threads"] == [1] * 180
    assert sorted(done["cluster"]) == [45] * 4


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
    environment = summary["sections"]["site_environment"]
    # The map covers the station's own pixel, so its best pixel is lit at least as often as the station, less
    # the 1-point agreement of the map with the site method (test_map_matches_site_method_at_sampled_pixels).
    assert environment["sun_any_pct"] - 1.0 <= environment["sunlight_map"]["max_sun_any_pct"] <= 100.0
    assert (tmp_path / "out" / "data" / "sunlight_map.tif").is_file()


def test_sun_and_earth_bitsets_that_would_not_fit_are_refused_up_front():
    """A year hourly over the whole 1536 x 1536 tile needs 5.3 GB of bitsets per copy, three copies at once on two
    threads: refused with the largest period that fits; a small window passes."""
    from moonbase.environment.maps import _check_bitset_memory
    from moonbase.errors import InputError

    with pytest.raises(InputError, match="at most 3,384 epochs"):
        _check_bitset_memory(1536, 1536, 8766, copies=3)
    _check_bitset_memory(96, 96, 8766, copies=3)
