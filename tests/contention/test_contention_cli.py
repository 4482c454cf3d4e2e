"""``moonbase contention`` and ``contention ground`` on a small map written as the map command writes it."""

from __future__ import annotations

import json

from moonbase.report.maps import write_geotiff
from moonbase.sites import get_site

from .synthetic import sunlight_map


def test_contention_json_and_out_folder(run_cli, tmp_path):
    site = get_site("artemis3-mons-mouton")
    path = write_geotiff(tmp_path / "sun.tif", sunlight_map(site.lat_deg, site.lon_deg), ["sun_any_pct"])
    code, out, err = run_cli("contention", "--map", path, "--json", "--out", tmp_path / "c", "--rover-radius-km", "12")
    assert code == 0, err
    record = json.loads(out)
    assert record["counts"]["same_place"] == 1 and record["radii"]["rover_radius_km"]["tag"] == "[U]"
    assert record["contested_ground"][0]["programmes"] == 2
    assert record["scarce_ground"]["psr"]["basis"].startswith("never lit in a sunlight map over 18.6 years")
    assert "not a verdict" in record["note"]
    for name in ("contention.json", "pairs.csv", "contested.csv", "patches.csv", "contention.html"):
        assert (tmp_path / "c" / name).is_file()
    assert "<script src=" not in (tmp_path / "c" / "contention.html").read_text()
    code, out, _ = run_cli("contention", "ground", "--map", path, "--json")
    ground = json.loads(out)
    assert [e["threshold_pct"] for e in ground["lit"]] == [70.0, 80.0, 90.0]
    assert ground["lit"][2]["largest"][0]["nearest_site"] in ("artemis3-mons-mouton", "change8-leibnitz-beta", "mons-mouton")


def test_contention_errors_are_one_line(run_cli, tmp_path):
    code, _, err = run_cli("contention", "--lit-pct", "75")
    assert code == 2 and "--lit-pct" in err and len(err.strip().splitlines()) == 1
    code, _, err = run_cli("contention", "ground", "--map", tmp_path / "missing.tif")
    assert code == 2 and "--map" in err
