"""``moonbase visible``: the plain answer first, figures in JSON, an .ics file, one-line errors."""

from __future__ import annotations

import json

import numpy as np

from moonbase.observe.best import best_windows, windows_to_ics
from moonbase.observe.detect import Detection
from moonbase.observe.instruments import INSTRUMENTS
from moonbase.observe.lamp import Lamp


def test_visible_json_answers_first_and_writes_an_ics(run_cli, tmp_path):
    ics = tmp_path / "best.ics"
    code, out, err = run_cli("visible", "--site", "connecting-ridge", "--observer", "beijing", "--instrument",
                             "binoculars-7x50", "--lamp-kw", "10", "--start", "2030-01-01", "--end", "2030-02-01",
                             "--ics", ics, "--json")
    assert code == 0, err
    record = json.loads(out)
    assert next(iter(record)) == "answer" and record["answer"].startswith("No: a 1.2 m flag at connecting-ridge is 1/")
    assert {r["instrument"] for r in record["resolution"]} >= {"naked-eye", "hst", "elt-39m", "radar-gbt-vlba"}
    binoculars = next(r for r in record["lamps"] if r["instrument"] == "binoculars-7x50")
    assert binoculars["best_power_w"] > 1e6 and binoculars["best_limit_mag"] < 9.0
    assert 30.0 < record["geometry"]["faces_observer_pct"] < 80.0
    raw = ics.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.count(b"BEGIN:VEVENT") == len(record["best_windows"]) > 0


def test_visible_plain_text_starts_with_the_sentence(run_cli):
    code, out, _ = run_cli("visible", "--site", "shackleton-rim", "--observer", "-24.63,-70.40,2635", "--instrument",
                           "hst", "--start", "2030-01-01", "--end", "2030-01-08")
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith(("No:", "Partly:")) and "Hubble" in first


def test_visible_user_errors_are_one_line(run_cli):
    code, _, err = run_cli("visible", "--site", "connecting-ridge", "--instrument", "periscope", "--start", "2030-01-01",
                           "--end", "2030-01-02")
    assert code == 2 and "instrument" in err and "binoculars-7x50" in err and len(err.strip().splitlines()) == 1
    code, _, err = run_cli("visible", "--site", "connecting-ridge", "--observer", "atlantis", "--start", "2030-01-01",
                           "--end", "2030-01-02")
    assert code == 2 and "LAT,LON" in err


def test_best_windows_rank_runs_by_margin_and_write_rfc5545():
    utc = np.datetime64("2030-01-01T00:00") + np.arange(10) * np.timedelta64(1, "h")
    observable = np.array([0, 1, 1, 0, 1, 1, 1, 0, 1, 0], bool)
    limit = np.array([0, 5, 6, 0, 7, 9, 8, 0, 4, 0], float)
    detection = Detection(INSTRUMENTS["naked-eye"], Lamp(1.0), observable, np.ones(10, bool), np.ones(10, bool),
                          np.zeros(10), limit, np.full(10, 8.5), 60.0)
    windows = best_windows(detection, utc)
    assert [w["start"] for w in windows] == ["2030-01-01T04:00:00Z", "2030-01-01T01:00:00Z", "2030-01-01T08:00:00Z"]
    assert windows[0]["best_time"] == "2030-01-01T05:00:00Z" and windows[0]["detectable"] and windows[0]["hours"] == 3.0
    assert windows[0]["end"] == "2030-01-01T07:00:00Z"
    text = windows_to_ics(windows, "test", "2026-01-01T00:00:00Z")
    assert "DTSTART:20300101T040000Z\r\nDTEND:20300101T070000Z" in text and text.endswith("END:VCALENDAR\r\n")
