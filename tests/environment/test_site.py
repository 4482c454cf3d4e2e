"""Site statistics: the CLI contract, and the published Gläser et al. (2014) figures on real LOLA terrain."""

from __future__ import annotations

import json

import pytest

from moonbase.environment.site import cells_within, moon_sky_for, search_best
from moonbase.geometry import SurfacePoint
from moonbase.terrain.horizon import site_horizon
from moonbase.terrain.stack import TerrainStack
from moonbase.timegrid import utc_grid

KEYS = ("sun_any_pct", "sun_mean_disk_pct", "longest_dark_h", "earth_any_pct", "earth_mean_disk_pct",
        "longest_earth_loss_h", "sun_and_earth_pct")



def test_site_json_has_the_statistics(run_cli):
    code, out, _ = run_cli("site", "--site", "connecting-ridge", "--height", "10", "--start", "2030-01-01",
                       "--end", "2030-04-01", "--step", "2h", "--json", "--by-year")
    assert code == 0
    record = json.loads(out)
    for key in KEYS:
        assert 0.0 <= record[key] <= (100.0 if key.endswith("pct") else 24 * 91)
    assert record["sun_mean_disk_pct"] <= record["sun_any_pct"]
    assert record["sun_and_earth_pct"] <= min(record["sun_any_pct"], record["earth_any_pct"])
    assert "built-in" in record["horizon_source"]
    assert record["by_year"][0]["year"] == 2030 and record["worst_lunar_day"] is not None


def test_site_without_terrain_is_a_clear_error(run_cli):
    code, _, err = run_cli("site", "--lat", "-45", "--lon", "10", "--start", "2030-01-01", "--end", "2030-01-02")
    assert code == 2 and "--dem" in err and len(err.strip().splitlines()) == 1


def test_windows_and_rank(run_cli, tmp_path):
    code, out, _ = run_cli("windows", "--site", "connecting-ridge", "--height", "10", "--start", "2030-01-01",
                       "--end", "2030-02-01", "--stay", "48", "--min-earth-pct", "50", "--json",
                       "--csv", str(tmp_path / "w.csv"), "--ics", str(tmp_path / "w.ics"))
    assert code == 0
    summary = json.loads(out)
    assert summary["accepted"] > 0 and summary["windows"]
    assert (tmp_path / "w.ics").read_text().startswith("BEGIN:VCALENDAR")
    code, out, _ = run_cli("sites", "rank", "--group", "artemis3", "--start", "2030-01-01", "--end", "2030-02-01",
                       "--step", "2h", "--json")
    ranked = json.loads(out)["sites"]
    assert len(ranked) == 9 and [r["rank"] for r in ranked] == list(range(1, 10))
    assert all(a["sun_any_pct"] >= b["sun_any_pct"] for a, b in zip(ranked, ranked[1:]))


@pytest.mark.slow
@pytest.mark.parametrize("height_m, published_pct, measured_pct, measured_dark_h",
                         [(2.0, 92.27, 92.695, 143.0), (10.0, 95.65, 95.012, 69.0)])
def test_glaser_2014_connecting_ridge(shared_data, height_m, published_pct, measured_pct, measured_dark_h):
    """Gläser et al. 2014 (Icarus 243, 78-90), best-lit point on the Shackleton-de Gerlache ridge, 22 Oct 2018 -
    22 Oct 2019: sunlit 92.27 % at 2 m and 95.65 % at 10 m, longest darkness typically 3-5 days.

    Criterion compared: ``sun_any_pct`` (some part of the solar disk above the horizon), because "sunlit" in
    Gläser et al. counts partial illumination of the disk; the mean visible disk fraction is stricter
    (measured here 88.8 % and 89.9 %). Their 20 m terrain is sharper than the 240 m tile, so the best point
    moves by up to a cell: as the terrain README advises, the best cell within 1 km of 89.45°S 222.69°E is
    compared. Required: within 2 percentage points of the paper. Measured: 92.69 % and 95.01 %, longest dark
    143 h and 69 h; a regression tolerance of 0.1 percentage point (one hour in 1,000 of the year's 8,761)
    and 2 h holds them, beside the published bound.
    """
    terrain = shared_data / "terrain"
    stack = TerrainStack.from_paths([terrain / "lola_ldem75s120m_pole_240m.tif", terrain / "lola_ldem75s120m_cap_1787m.tif"])
    sky = moon_sky_for(utc_grid("2018-10-22", "2019-10-22", "1h"))
    cells = cells_within(stack, SurfacePoint(-89.45, 222.69, height_m), 1.0)
    found = search_best(sky, cells, lambda p: site_horizon(stack, p).to_mask(), "sun_any_pct")
    best = found["best"].statistics
    assert best["sun_any_pct"] == pytest.approx(published_pct, abs=2.0)
    assert best["sun_any_pct"] == pytest.approx(measured_pct, abs=0.1)
    assert best["longest_dark_h"] == pytest.approx(measured_dark_h, abs=2.0)
    assert 24.0 < best["longest_dark_h"] < 7 * 24.0  # "typically 3-5 days"; measured 6.0 d at 2 m, 2.9 d at 10 m
    assert 40 <= found["cells"] <= 70  # π (1 km)² / (0.24 km)² ≈ 55 cells
