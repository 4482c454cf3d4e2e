"""The traffic CLI: catalog info, screen (CSV + CDM), one-line errors with exit status 2."""

from __future__ import annotations

import csv
import json

import pytest

from moonbase.cli.main import main

ISS_1 = "1 25544U 98067A   19343.69339541  .00001764  00000-0  38792-4 0  9991"
ISS_2 = "2 25544  51.6439 211.2001 0007417  17.6667  85.6398 15.50103472202482"


def run(capsys, *args):
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code or 0, out, err


def test_catalog_info_json(capsys, tmp_path):
    path = tmp_path / "iss.txt"
    path.write_text(f"ISS (ZARYA)\n{ISS_1}\n{ISS_2}\n")
    code, out, _ = run(capsys, "catalog", "info", str(path), "--at", "2019-12-10", "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["objects"] == 1 and summary["regimes"] == {"LEO": 1} and summary["crewed_objects"] == 1
    # Epoch 2019-12-09T16:38:29 (day 343.69339541): 0.30660 days before 2019-12-10T00:00.
    assert summary["age_days"]["max"] == pytest.approx(1.0 - 0.69339541, abs=1e-6)


def test_bad_record_is_one_line_with_place_and_exit_2(capsys, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text(f"ISS\n{ISS_1[:68]}7\n{ISS_2}\n")
    code, out, err = run(capsys, "catalog", "info", str(path))
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{path}, line 2, column 69: checksum" in err
    code, out, _ = run(capsys, "catalog", "info", str(path), "--skip-bad", "--json")
    assert code == 2  # nothing left to summarise is still an error
    good = tmp_path / "good.txt"
    good.write_text(f"ISS\n{ISS_1}\n{ISS_2}\n")
    code, out, _ = run(capsys, "catalog", "info", str(path), str(good), "--skip-bad", "--json")
    assert code == 0 and json.loads(out)["bad_records_skipped"] == 1


def test_screen_writes_events_csv_and_cdms(capsys, tmp_path, shared_data):
    tle = shared_data / "tle"
    out = tmp_path / "events.csv"
    code, stdout, _ = run(capsys, "screen", str(tle / "celestrak_stations_2026-05-30.txt"), "--start", "2026-05-30T12:00",
                          "--hours", "6", "--threshold-km", "5", "--out", str(out), "--cdm-dir", str(tmp_path / "cdm"),
                          "--no-progress", "--json")
    assert code == 0
    summary = json.loads(stdout)
    rows = list(csv.DictReader(out.open()))
    assert summary["events"] == len(rows) > 0
    assert list(rows[0])[:4] == ["norad_1", "norad_2", "tca", "miss_km"]
    assert all(float(r["miss_km"]) <= 5.0 for r in rows)
    cdms = sorted((tmp_path / "cdm").glob("*.cdm"))
    assert len(cdms) == len(rows)
    text = cdms[0].read_text()
    for key in ("CCSDS_CDM_VERS", "TCA", "MISS_DISTANCE", "RELATIVE_POSITION_R", "COLLISION_PROBABILITY", "CNDOT_NDOT"):
        assert f"\n{key}" in text or text.startswith(key)
    assert "= OBJECT1" in text and "= OBJECT2" in text
    miss_m = float(text.split("MISS_DISTANCE")[1].split("=")[1].split("[")[0])
    relative = [float(text.split(f"RELATIVE_POSITION_{a}")[1].split("=")[1].split("[")[0]) for a in "RTN"]
    # The CDM's RTN components (GCRF) have the same length as the miss distance (TEME): a rotation.
    assert sum(c * c for c in relative) ** 0.5 == pytest.approx(miss_m, abs=0.01)
    excluded = list(csv.DictReader((tmp_path / "events.excluded.csv").open()))
    assert any("same element set" in r["reason"] for r in excluded)


def test_screen_unknown_primary_is_a_user_error(capsys, tmp_path):
    path = tmp_path / "iss.txt"
    path.write_text(f"ISS (ZARYA)\n{ISS_1}\n{ISS_2}\n")
    code, _, err = run(capsys, "screen", str(path), "--start", "2019-12-10", "--hours", "1", "--primary", "99999",
                       "--out", str(tmp_path / "e.csv"), "--no-progress")
    assert code == 2 and "--primary" in err
