"""`moonbase compare`: bad input is one line and exit 2 before any work; the whole command end to end (slow)."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize("args, fragment", [
    (["ilrs"], "two or more scenarios"),
    (["ilrs", "nosuch"], "scenario 'nosuch' not found"),
    (["ilrs", "artemis", "--start", "2030-13-01"], "--start = '2030-13-01'"),
    (["ilrs", "artemis", "--start", "2030-01-05", "--end", "2030-01-02"], "--start/--end: end (2030-01-02) must be after"),
    (["ilrs", "artemis", "--step", "0h"], "--step = '0h'"),
    (["ilrs", "artemis", "--within", "-1"], "--within"),
])
def test_bad_input_is_one_line_and_exit_2(run_cli, tmp_path, args, fragment):
    code, out, err = run_cli("compare", *args, "--out", tmp_path / "cmp")
    assert code == 2
    assert fragment in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "cmp").exists()


def test_refuses_a_folder_that_is_not_a_compare_output(run_cli, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    code, _, err = run_cli("compare", "ilrs", "artemis", "--start", "2030-01-01", "--end", "2030-01-02",
                           "--out", tmp_path / "mine")
    assert code == 2 and "--force" in err
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


@pytest.mark.slow  # two one-day plans: about 2 min on two shared cores
def test_compare_ilrs_artemis_end_to_end(compared):
    code, stdout, err, out = compared  # moonbase compare ilrs artemis --start 2030-01-01 --end 2030-01-02 --step 2h
    assert code == 0, err
    assert "compare: plan 1 of 2: ilrs" in err and "compare: plan 2 of 2: artemis" in err
    page = (out / "report.html").read_text(encoding="utf-8")
    document = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in document["scenarios"]] == ["ilrs", "artemis"]
    assert "ILRS basic model" in page and "Artemis base camp" in page
    for name in ("ilrs", "artemis"):
        plan = json.loads((out / name / "plan.json").read_text(encoding="utf-8"))
        assert plan["period"]["start"] == "2030-01-01" and plan["period"]["end"] == "2030-01-02"
        assert (out / name / "report.html").is_file()
        assert f'href="{name}/report.html"' in page
    keys = {a["key"] for a in document["assumptions_differ"]}
    assert {"communications.relays", "communications.networks", "period.start", "station.site"} <= keys
    comms = next(r for r in document["headlines"] if r["key"] == "comms_pct")
    assert len(comms["values"]) == 2 and all(isinstance(v, float) for v in comms["values"])
    assert any(s["same_point"] and {s["site_a"], s["site_b"]} == {"change8-ridge", "connecting-ridge"}
               for s in document["shared_ground"]["sites"])
