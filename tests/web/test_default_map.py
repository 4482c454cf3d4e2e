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
    assert set(product.layers) == {"sun_any_pct", "earth_any_pct", "slope_deg"}
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
