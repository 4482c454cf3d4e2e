"""The map product shipped with the web app: small, with provenance, and equal to the site method it averages."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from moonbase.web.default_map import load_map_product

DATA = Path(str(resources.files("moonbase").joinpath("web", "data")))


def test_default_map_is_small_and_documented():
    assert sum(p.stat().st_size for p in DATA.iterdir()) < 1_000_000
    meta = json.loads((DATA / "map.json").read_text())
    assert meta["command"].startswith("moonbase web-map ") and all(d["sha256"] for d in meta["dems"])
    product = load_map_product()
    assert set(product.layers) == {"sun_any_pct", "earth_any_pct", "slope_deg", "psr_pct"}
    assert meta["command"].split().count("--psr") == 1 and meta["psr_period"]["end"] == "2042-08-11"
    assert product.layers["sun_any_pct"].shape == tuple(meta["shape"]) == (384, 384)
    # Round trip of the pixel <-> latitude/longitude conversions.
    lat, lon, row, col = product.latlon_at(0.3, 0.7)
    u, v = product.pixel_of(lat, lon)
    assert int(u * 384) == col and int(v * 384) == row


@pytest.mark.slow
@pytest.mark.parametrize("site", ["connecting-ridge", "shackleton-rim"])
def test_default_map_equals_the_mean_of_the_site_method(shared_data, site):
    """Each product pixel is the mean of 4 x 4 pixels of the 240 m map; recompute them with the exact site method.

    Measured: within 0.2 percentage points (product quantised to 0.5 pp, i.e. ±0.25; map vs site method 0.1 pp);
    tolerance 0.6 pp.
    """
    from moonbase.environment.site import assess, moon_sky_for
    from moonbase.geometry import SurfacePoint
    from moonbase.sites import get_site
    from moonbase.terrain.horizon import site_horizon
    from moonbase.terrain.stack import TerrainStack
    from moonbase.timegrid import utc_grid

    product = load_map_product()
    meta = product.meta
    stack = TerrainStack.from_paths([shared_data / "terrain" / d["file"] for d in meta["dems"]])
    sky = moon_sky_for(utc_grid(meta["period"]["start"], meta["period"]["end"], meta["period"]["step"]))
    where = get_site(site)
    u, v = product.pixel_of(where.lat_deg, where.lon_deg)
    row, col = int(v * meta["shape"][0]), int(u * meta["shape"][1])
    k = meta["downsample"]
    rows, cols = np.mgrid[k * row:k * row + k, k * col:k * col + k]
    lat, lon = stack.dems[0].pixel_latlon(rows.ravel(), cols.ravel())
    sun, earth = [], []
    for a, b in zip(lat, lon):
        point = SurfacePoint(float(a), float(b), meta["observer_height_m"])
        stats = assess(sky, point, site_horizon(stack, point).to_mask()).statistics
        sun.append(stats["sun_any_pct"])
        earth.append(stats["earth_any_pct"])
    assert abs(np.mean(sun) - product.layers["sun_any_pct"][row, col]) < 0.6
    assert abs(np.mean(earth) - product.layers["earth_any_pct"][row, col]) < 0.6


def test_default_map_permanent_shadow_where_the_atlas_has_it():
    """Shackleton's floor is permanently shadowed (LROC PSR atlas; Mazarico et al. 2011, doi:10.1016/j.icarus.2010.10.030),
    the connecting ridge is not; and shadowed pixels are not lit in the sunlight layer of 2030 (2 m, 6 h steps)."""
    from moonbase.sites import get_site

    product = load_map_product()
    psr, sun = product.layers["psr_pct"], product.layers["sun_any_pct"]

    def at(lat, lon):
        u, v = product.pixel_of(lat, lon)
        return psr[int(v * psr.shape[0]), int(u * psr.shape[1])]

    assert at(-89.67, 129.8) == 100.0  # Shackleton crater floor (centre 89.67 S, 129.8 E)
    ridge = get_site("connecting-ridge")
    assert at(ridge.lat_deg, ridge.lon_deg) == 0.0
    full = psr == 100.0
    assert 1_000 < full.sum() < 0.2 * np.isfinite(psr).sum()
    # A wholly shadowed 960 m pixel is dark in the 2030 sunlight layer (2 m): measured for all 8,476 of them.
    assert np.mean(sun[full] == 0.0) > 0.995


@pytest.mark.slow
def test_psr_layer_is_the_block_mean_of_the_shadow_map(shared_data, tmp_path):
    """``--psr`` averages :func:`moonbase.contention.shadow.shadow_map` (ground level, nodal cycle) over 4 x 4 pixels."""
    from moonbase.contention.shadow import ENVELOPE_STEP, NODAL_CYCLE, shadow_map
    from moonbase.environment.site import moon_sky_for
    from moonbase.terrain.stack import TerrainStack
    from moonbase.terrain.sweep import HorizonSweep
    from moonbase.timegrid import utc_grid
    from moonbase.web.default_map import build_map_product

    dems = [shared_data / "terrain" / "lola_ldem75s120m_pole_240m.tif", shared_data / "terrain" / "lola_ldem75s120m_cap_1787m.tif"]
    window = (736, 800, 736, 800)  # 64 x 64 pixels of 240 m around the pole
    build_map_product(dems, "2030-01-01", "2030-01-15", "12h", tmp_path / "m", 2.0, 72, 4, window=window, psr=True)
    product = load_map_product(tmp_path / "m")
    sweep = HorizonSweep(TerrainStack.from_paths(dems), window, 0.0)
    shadow = shadow_map(sweep, moon_sky_for(utc_grid(*NODAL_CYCLE, ENVELOPE_STEP)), 72)
    expected = shadow.psr.reshape(16, 4, 16, 4).mean(axis=(1, 3)) * 100.0
    assert np.abs(product.layers["psr_pct"] - expected).max() <= 0.25  # quantised to 0.5 %
    assert 0 < expected.mean() < 100
