"""A corpus of bad and hostile inputs across every command and the public Python API.

For each case: exit status 2 (or a MoonbaseError from the API), exactly one line on stderr naming what was
wrong and where, no traceback, no file left behind, and no file of the user's (or of the corpus) touched.
Commands run in-process (the ``run_cli`` fixture); every case stops before the real work starts.
"""

from __future__ import annotations

import math
import os

import numpy as np
import pytest

from .corpus import build_catalogues, build_dems, build_scenarios, build_user_files, snapshot

SITE = ["--site", "connecting-ridge"]
SHORT = ["--start", "2030-01-01", "--end", "2030-01-02", "--step", "6h"]
DEM_COMMANDS = {
    "horizon": lambda d: ["horizon", *SITE, "--dem", d],
    "terrain-height": lambda d: ["terrain", "height", *SITE, "--dem", d],
    "terrain-slope": lambda d: ["terrain", "slope", "--dem", d, "--out", "slope.tif"],
    "site": lambda d: ["site", *SITE, "--dem", d, *SHORT],
    "map": lambda d: ["map", "sunlight", "--dem", d, *SHORT, "--out", "m.tif"],
    "terrain-sweep": lambda d: ["terrain", "sweep", "--dem", d, "--window", "0", "8", "0", "8", "--out", "c.npz"],
    "power": lambda d: ["power", *SITE, "--dem", d, *SHORT],
}
BAD_DEMS = ["missing", "empty", "junk", "truncated", "no_crs", "text_img", "wrong_suffix", "folder", "pds3_truncated",
            "pds3_lines_too_few", "pds3_lines_zero", "pds3_lines_fraction", "pds3_samples_negative", "pds3_scale_zero",
            "pds3_scaling_zero", "pds3_sample_type", "pds3_no_image", "pds3_radius_zero"]

PERIOD_COMMANDS = {
    "ephem": ["ephem", *SITE],
    "site": ["site", *SITE],
    "windows": ["windows", *SITE],
    "comms": ["comms", *SITE],
    "power": ["power", *SITE],
    "sites-rank": ["sites", "rank"],
}
BAD_PERIODS = {  # (start, end, step, what the message must name)
    "start-NaT": ("NaT", "2030-01-02", "1h", "--start"),
    "start-today": ("today", "2030-01-02", "1h", "--start"),
    "end-now": ("2030-01-01", "now", "1h", "--end"),
    "start-empty": ("", "2030-01-02", "1h", "--start"),
    "start-feb-30": ("2030-02-30", "2030-03-02", "1h", "--start"),
    "start-month-13": ("2030-13-01", "2031-01-02", "1h", "--start"),
    "start-hour-25": ("2030-01-01T25:00", "2030-01-02", "1h", "--start"),
    "start-offset-25h": ("2030-01-01T00:00+25:00", "2030-01-02", "1h", "--start"),
    "before-span": ("1800-01-01", "1800-01-02", "1d", "--start"),
    "after-span": ("2030-01-01", "2100-01-01", "1d", "--end"),
    "end-before-start": ("2030-01-02", "2030-01-01", "1h", "--end"),
    "step-zero": ("2030-01-01", "2030-01-02", "0s", "--step"),
    "step-rounds-to-zero": ("2030-01-01", "2030-01-02", "0.0001s", "--step"),
    "step-negative": ("2030-01-01", "2030-01-02", "-1h", "--step"),
    "step-nan": ("2030-01-01", "2030-01-02", "nan", "--step"),
    "step-words": ("2030-01-01", "2030-01-02", "fast", "--step"),
}

NUMBERS = {  # command line, what the message must name
    "ephem-height-negative": (["ephem", *SITE, *SHORT, "--height", "-5"], "--height"),
    "ephem-height-nan": (["ephem", *SITE, *SHORT, "--height", "nan"], "--height"),
    "ephem-frame": (["ephem", *SITE, *SHORT, "--frame", "ITRF"], "--frame"),
    "ephem-correction": (["ephem", *SITE, *SHORT, "--correction", "magic"], "--correction"),
    "ephem-lat-91": (["ephem", "--lat", "91", "--lon", "0", *SHORT], "latitude"),
    "ephem-lon-nan": (["ephem", "--lat", "-89", "--lon", "nan", *SHORT], "longitude"),
    "ephem-lon-inf": (["ephem", "--lat", "-89", "--lon", "inf", *SHORT], "longitude"),
    "ephem-site-and-lat": (["ephem", *SITE, "--lat", "-89", *SHORT], "site"),
    "ephem-unknown-site": (["ephem", "--site", "atlantis", *SHORT], "atlantis"),
    "site-height-inf": (["site", *SITE, *SHORT, "--height", "inf"], "--height"),
    "site-radius-zero": (["site", *SITE, *SHORT, "--search-radius-km", "0"], "--search-radius-km = 0.0"),
    "site-radius-nan": (["site", *SITE, *SHORT, "--search-radius-km", "nan"], "--search-radius-km = nan"),
    "site-radius-huge": (["site", *SITE, *SHORT, "--search-radius-km", "5000"], "--search-radius-km = 5000.0"),
    "site-radius-without-terrain": (["site", *SITE, *SHORT, "--search-radius-km", "2"], "needs terrain"),
    "site-criterion": (["site", *SITE, *SHORT, "--criterion", "best"], "--criterion"),
    "windows-stay-zero": (["windows", *SITE, *SHORT, "--stay", "0"], "--stay"),
    "windows-stay-nan": (["windows", *SITE, *SHORT, "--stay", "nan"], "--stay"),
    "windows-earth-pct": (["windows", *SITE, *SHORT, "--min-earth-pct", "101"], "--min-earth-pct"),
    "windows-sun-fraction": (["windows", *SITE, *SHORT, "--min-sun-fraction", "2"], "--min-sun-fraction"),
    "windows-start-step-zero": (["windows", *SITE, *SHORT, "--start-step", "0s"], "--start-step"),
    "windows-start-step-finer": (["windows", *SITE, *SHORT, "--start-step", "1min"], "--start-step"),
    "horizon-azimuths-zero": (["horizon", *SITE, "--azimuths", "0"], "--azimuths"),
    "horizon-distance-negative": (["horizon", *SITE, "--max-distance", "-1"], "--max-distance"),
    "horizon-distance-nan": (["horizon", *SITE, "--max-distance", "nan"], "--max-distance"),
    "horizon-format": (["horizon", *SITE, "--format", "kml"], "--format"),
    "horizon-out-without-format": (["horizon", *SITE, "--out", "h.csv"], "--out"),
    "map-kind": (["map", "moonlight", *SHORT], "map kind"),
    "map-chunks-zero": (["map", "sunlight", *SHORT, "--chunks", "0"], "--chunks"),
    "map-azimuths-zero": (["map", "sunlight", *SHORT, "--azimuths", "0"], "--azimuths"),
    "map-height-negative": (["map", "sunlight", *SHORT, "--height", "-5"], "--height"),
    "map-window-reversed": (["map", "sunlight", *SHORT, "--window", "10", "0", "0", "10"], "--window"),
    "power-load-negative": (["power", *SITE, *SHORT, "--load-kw", "-1"], "--load-kw"),
    "power-load-nan": (["power", *SITE, *SHORT, "--load-kw", "nan"], "--load-kw"),
    "power-array": (["power", *SITE, *SHORT, "--array", "sail"], "--array"),
    "comms-network": (["comms", *SITE, *SHORT, "--network", "seti"], "--network"),
    "comms-relay": (["comms", *SITE, *SHORT, "--relay", "hubble"], "--relay"),
    "comms-height-negative": (["comms", *SITE, *SHORT, "--height", "-1"], "--height"),
    "rank-group": (["sites", "rank", "--group", "mars"], "--group"),
    "rank-height-nan": (["sites", "rank", "--height", "nan"], "--height"),
    "sites-group": (["sites", "--group", "mars"], "--group"),
    "screen-hours-nan": (["screen", "--packaged", "--start", "2026-05-30", "--hours", "nan"], "--hours"),
    "screen-hours-zero": (["screen", "--packaged", "--start", "2026-05-30", "--hours", "0"], "--hours"),
    "screen-threshold-negative": (["screen", "--packaged", "--start", "2026-05-30", "--threshold-km", "-1"], "--threshold-km"),
    "screen-hbr-negative": (["screen", "--packaged", "--start", "2026-05-30", "--hbr-m", "-1"], "--hbr-m"),
    "screen-max-age-negative": (["screen", "--packaged", "--start", "2026-05-30", "--max-age-days", "-1"], "--max-age-days"),
    "screen-start-nat": (["screen", "--packaged", "--start", "NaT"], "--start"),
    "screen-primary-unknown": (["screen", "--packaged", "--start", "2026-05-30", "--primary", "1"], "--primary"),
    "screen-files-and-packaged": (["screen", "--packaged", "x.tle", "--start", "2026-05-30"], "--packaged"),
    "compare-one-scenario": (["compare", "ilrs"], "two or more scenarios"),
    "compare-unknown-scenario": (["compare", "ilrs", "nosuch"], "nosuch"),
    "compare-within-nan": (["compare", "ilrs", "artemis", "--within", "nan"], "--within"),
    "compare-step-zero": (["compare", "ilrs", "artemis", "--step", "0h"], "--step"),
    "compare-start-nat": (["compare", "ilrs", "artemis", "--start", "NaT"], "--start"),
    "cola-altitude-low": (["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "50",
                           "--window-start", "2026-05-30T18:00", "--packaged"], "--altitude-km"),
    "cola-inclination": (["cola", "--site", "wenchang", "--inclination", "200", "--altitude-km", "200",
                          "--window-start", "2026-05-30T18:00", "--packaged"], "--inclination"),
    "cola-both-directions": (["cola", "--site", "wenchang", "--inclination", "41", "--azimuth", "90", "--altitude-km", "200",
                              "--window-start", "2026-05-30T18:00", "--packaged"], "--azimuth"),
    "cola-window-zero": (["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200", "--window-minutes", "0",
                          "--window-start", "2026-05-30T18:00", "--packaged"], "--window-minutes"),
    "cola-window-nan": (["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200", "--window-minutes", "nan",
                         "--window-start", "2026-05-30T18:00", "--packaged"], "--window-minutes"),
    "cola-pc-over-one": (["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200", "--pc-max", "2",
                          "--window-start", "2026-05-30T18:00", "--packaged"], "--pc-max"),
    "cola-sigma-zero": (["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200", "--sigma-km", "0",
                         "--window-start", "2026-05-30T18:00", "--packaged"], "--sigma-km"),
    "cola-miss-negative": (["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200", "--miss-km", "-1",
                            "--window-start", "2026-05-30T18:00", "--packaged"], "--miss-km"),
    "cola-crewed-nan": (["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200", "--crewed-km", "nan",
                         "--window-start", "2026-05-30T18:00", "--packaged"], "--crewed-km"),
    "cola-max-age-negative": (["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200",
                               "--max-age-days", "-1", "--window-start", "2026-05-30T18:00", "--packaged"], "--max-age-days"),
    "cola-start-today": (["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200",
                          "--window-start", "today", "--packaged"], "--window-start"),
    "cola-site": (["cola", "--site", "atlantis", "--inclination", "41.5", "--altitude-km", "200",
                   "--window-start", "2026-05-30T18:00", "--packaged"], "atlantis"),
    "catalog-at-nat": (["catalog", "info", "--packaged", "--at", "NaT"], "--at"),
    "sweep-window-reversed": (["terrain", "sweep", "--window", "10", "0", "0", "10"], "--window"),
    "sweep-azimuths-zero": (["terrain", "sweep", "--azimuths", "0"], "--azimuths"),
    "site-table-azimuths": (["terrain", "site-table", "--azimuths", "-3", "--out", "tables"], "--azimuths"),
    "data-product": (["data", "fetch", "LDEM_1M"], "LDEM_1M"),
    "data-base-url": (["data", "fetch", "LDEM_80S_240M", "--base-url", "not a url"], "--base-url"),
    "data-base-url-ftp": (["data", "fetch", "LDEM_80S_240M", "--base-url", "ftp://example.org/x"], "--base-url"),
    "memory-limit-words": (["--memory-limit", "lots", "version"], "--memory-limit"),
    "memory-limit-zero": (["--memory-limit", "0GB", "version"], "--memory-limit"),
}

PATHS = {  # hostile output paths: what the message must name
    "plan-out-empty": (["plan", "{S}/no_terrain_site.toml", "--out", ""], "--out"),
    "plan-out-dot": (["plan", "--out", "."], "current folder"),
    "plan-out-dot-force": (["plan", "--out", ".", "--force"], "current folder"),
    "plan-out-parent": (["plan", "--out", ".."], "current folder"),
    "plan-out-user-folder": (["plan", "--out", "mine"], "mine"),
    "plan-out-user-folder-2": (["plan", "--out", "plan-old"], "plan-old"),
    "plan-out-file": (["plan", "--out", "mine.csv"], "mine.csv"),
    "plan-out-no-parent": (["plan", "--out", "nowhere/deeper/plan"], "does not exist"),
    "plan-out-under-file": (["plan", "--out", "mine.csv/plan"], "mine.csv"),
    "compare-out-dot": (["compare", "ilrs", "artemis", "--out", "."], "current folder"),
    "compare-out-user-folder": (["compare", "ilrs", "artemis", "--out", "mine"], "mine"),
    "compare-out-file": (["compare", "ilrs", "artemis", "--out", "mine.csv"], "mine.csv"),
    "compare-out-no-parent": (["compare", "ilrs", "artemis", "--out", "nowhere/deeper/cmp"], "does not exist"),
    "cola-out-dot": (["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200",
                      "--window-start", "2026-05-30T18:00", "--packaged", "--out", "."], "current folder"),
    "cola-out-empty": (["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200",
                        "--window-start", "2026-05-30T18:00", "--packaged", "--out", ""], "--out"),
    "cola-out-user-folder": (["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200",
                              "--window-start", "2026-05-30T18:00", "--packaged", "--out", "mine"], "mine"),
    "cola-out-file": (["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200",
                       "--window-start", "2026-05-30T18:00", "--packaged", "--out", "mine.csv"], "mine.csv"),
    "screen-out-folder": (["screen", "--packaged", "--start", "2026-05-30", "--out", "mine"], "mine"),
    "screen-out-empty": (["screen", "--packaged", "--start", "2026-05-30", "--out", ""], "--out"),
    "screen-out-no-parent": (["screen", "--packaged", "--start", "2026-05-30", "--out", "nowhere/e.csv"], "nowhere"),
    "screen-cdm-user-folder": (["screen", "--packaged", "--start", "2026-05-30", "--cdm-dir", "mine"], "--cdm-dir"),
    "screen-cdm-file": (["screen", "--packaged", "--start", "2026-05-30", "--cdm-dir", "mine.csv"], "--cdm-dir"),
    "screen-cdm-dot": (["screen", "--packaged", "--start", "2026-05-30", "--cdm-dir", "."], "--cdm-dir"),
    "horizon-out-folder": (["horizon", *SITE, "--format", "csv", "--out", "mine"], "mine"),
    "horizon-out-no-parent": (["horizon", *SITE, "--format", "aem", "--out", "nowhere/h.aem"], "nowhere"),
    "horizon-out-under-file": (["horizon", *SITE, "--format", "csv", "--out", "mine.csv/h.csv"], "mine.csv"),
    "windows-csv-folder": (["windows", *SITE, *SHORT, "--csv", "mine"], "--csv"),
    "windows-ics-no-parent": (["windows", *SITE, *SHORT, "--ics", "nowhere/w.ics"], "--ics"),
    "windows-csv-is-ics": (["windows", *SITE, *SHORT, "--csv", "w.txt", "--ics", "w.txt"], "--ics"),
    "map-out-suffix": (["map", "sunlight", *SHORT, "--out", "mine.csv"], "--out"),
    "map-out-no-parent": (["map", "sunlight", *SHORT, "--out", "nowhere/m.tif"], "nowhere"),
    "map-out-folder": (["map", "sunlight", *SHORT, "--out", "mine"], "--out"),
    "slope-out-folder": (["terrain", "slope", "--dem", "{D}/good.tif", "--out", "mine"], "mine"),
    "slope-out-suffix": (["terrain", "slope", "--dem", "{D}/good.tif", "--out", "slope.png"], "--out"),
    "roughness-out-no-parent": (["terrain", "roughness", "--dem", "{D}/good.tif", "--out", "nowhere/r.tif"], "nowhere"),
    "sweep-out-folder": (["terrain", "sweep", "--dem", "{D}/good.tif", "--out", "mine"], "mine"),
    "site-table-out-file": (["terrain", "site-table", "--dem", "{D}/good.tif", "--out", "mine.csv"], "mine.csv"),
    "snapshot-out-file": (["catalog", "snapshot", "{T}/bad_checksum.tle", "--out", "mine.csv"], "mine.csv"),
    "snapshot-out-no-parent": (["catalog", "snapshot", "{T}/bad_checksum.tle", "--out", "nowhere/deeper"], "nowhere"),
    "data-cache-file": (["data", "fetch", "LDEM_80S_240M", "--cache-dir", "mine.csv"], "mine.csv"),
    "dem-nul": (["horizon", *SITE, "--dem", "bad\x00name.tif"], "--dem"),
}

SCENARIO_CASES = ["bad_toml", "unknown_key", "start_nat", "start_today", "start_impossible_date", "step_zero",
                  "step_rounds_to_zero", "end_before_start", "out_of_span", "dem_typo", "dem_is_folder", "negative_height",
                  "nan_height", "unknown_site", "latitude_nan", "missing_period", "empty", "latin1", "utf16", "missing"]
SCENARIO_NAMES = {"start_nat": "period.start", "start_today": "period.start", "start_impossible_date": "period.start",
                  "step_zero": "period.step", "step_rounds_to_zero": "period.step", "end_before_start": "period",
                  "out_of_span": "period.start", "dem_typo": "station.dem", "dem_is_folder": "station.dem",
                  "negative_height": "observer_height_m", "nan_height": "observer_height_m", "unknown_site": "atlantis",
                  "latitude_nan": "latitude", "missing_period": "period", "unknown_key": "colour"}

CATALOGUE_CASES = ["empty", "junk", "bad_checksum", "missing_line2", "shifted_columns", "letters_in_numbers",
                   "omm_broken.xml", "omm_broken.json", "omm_missing_fields.json", "omm_bad_header.csv",
                   "omm_bad_values.csv", "missing", "folder"]
CATALOGUE_COMMANDS = {
    "catalog-info": lambda f: ["catalog", "info", f],
    "screen": lambda f: ["screen", f, "--start", "2026-05-30", "--hours", "1"],
    "cola": lambda f: ["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200",
                       "--window-start", "2026-05-30T18:00", "--window-minutes", "1", "--catalog", f],
    "snapshot": lambda f: ["catalog", "snapshot", f, "--out", "snap"],
}

HUGE = {  # work that would not fit in the memory limit: refused up front with what would fit
    "ephem-7-months-1s": ["--memory-limit", "2GB", "ephem", *SITE, "--start", "2030-01-01", "--end", "2030-08-01", "--step", "1s"],
    "site-20-years-1min": ["--memory-limit", "2GB", "site", *SITE, "--start", "2030-01-01", "--end", "2049-12-01", "--step", "1min"],
    "windows-20-years-1min": ["--memory-limit", "2GB", "windows", *SITE, "--start", "2030-01-01", "--end", "2049-12-01", "--step", "1min"],
    "comms-year-1min": ["--memory-limit", "4GB", "comms", *SITE, "--start", "2030-01-01", "--end", "2031-01-01", "--step", "1min"],
    "power-20-years-1min": ["--memory-limit", "2GB", "power", *SITE, "--start", "2030-01-01", "--end", "2049-12-01", "--step", "1min"],
    "rank-20-years-1min": ["--memory-limit", "2GB", "sites", "rank", "--start", "2030-01-01", "--end", "2049-12-01", "--step", "1min"],
    "plan-20-years-1min": ["--memory-limit", "8GB", "plan", "{S}/huge_period.toml", "--out", "p"],
    "map-18-years": ["--memory-limit", "300MB", "map", "sunlight", "--dem", "{D}/good.tif", "--start", "2024-01-01",
                     "--end", "2042-08-08", "--step", "1h", "--out", "m.tif"],
    "screen-year": ["--memory-limit", "300MB", "screen", "--packaged", "--start", "2026-05-30", "--hours", "8000"],
    "sweep-cube": ["--memory-limit", "300MB", "terrain", "sweep", "--dem", "{D}/good.tif", "--window", "0", "64", "0", "64",
                   "--azimuths", "36000", "--out", "c.npz"],
}


def _cases():
    cases = []
    for command, build in DEM_COMMANDS.items():
        for dem in BAD_DEMS:
            name = {"missing": "missing.tif", "folder": "folder.tif"}.get(dem, "{D}")
            cases.append(pytest.param(build(f"{{D}}/{_dem_file(dem)}"), name, id=f"dem-{dem}-{command}"))
    for command, head in PERIOD_COMMANDS.items():
        for label, (start, end, step, what) in BAD_PERIODS.items():
            cases.append(pytest.param([*head, "--start", start, "--end", end, "--step", step], what, id=f"period-{label}-{command}"))
    for label, (args, what) in {**NUMBERS, **PATHS}.items():
        cases.append(pytest.param(args, what, id=label))
    for scenario in SCENARIO_CASES:
        what = SCENARIO_NAMES.get(scenario, f"{scenario}.toml")
        cases.append(pytest.param(["plan", f"{{S}}/{scenario}.toml", "--out", "p"], what, id=f"scenario-{scenario}-plan"))
        cases.append(pytest.param(["scenarios", f"{{S}}/{scenario}.toml"], what, id=f"scenario-{scenario}-show"))
    for command, build in CATALOGUE_COMMANDS.items():
        for catalogue in CATALOGUE_CASES:
            file = catalogue if "." in catalogue else f"{catalogue}.tle"
            cases.append(pytest.param(build(f"{{T}}/{file}"), file.split(".")[0], id=f"catalogue-{catalogue}-{command}"))
    for label, args in HUGE.items():
        cases.append(pytest.param(args, "GB", id=f"huge-{label}"))
    return cases


def _dem_file(dem: str) -> str:
    return {"missing": "missing.tif", "empty": "empty.tif", "junk": "junk.tif", "truncated": "truncated.tif",
            "no_crs": "no_crs.tif", "text_img": "TEXT.IMG", "wrong_suffix": "dem.txt", "folder": "folder.tif",
            "pds3_truncated": "TRUNC.LBL", "pds3_lines_too_few": "FEWLINES.LBL", "pds3_lines_zero": "ZEROLINES.LBL",
            "pds3_lines_fraction": "HALFLINE.LBL", "pds3_samples_negative": "NEGSAMPLES.LBL",
            "pds3_scale_zero": "ZEROSCALE.LBL", "pds3_scaling_zero": "ZEROSCALING.LBL", "pds3_sample_type": "BADTYPE.LBL",
            "pds3_no_image": "NOIMG.LBL", "pds3_radius_zero": "ZERORADIUS.LBL"}[dem]


CASES = _cases()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    build_dems(root / "dems")
    build_catalogues(root / "tle")
    build_scenarios(root / "scenarios")
    return root


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A working folder holding the user's own files, with an empty terrain cache (no fetched DEMs)."""
    work = tmp_path / "work"
    work.mkdir()
    build_user_files(work)
    monkeypatch.setenv("MOONBASE_CACHE", str(tmp_path / "cache"))
    monkeypatch.chdir(work)
    return work


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 150


@pytest.mark.parametrize(("args", "what"), CASES)
def test_bad_input_is_one_line_and_exit_2_and_touches_nothing(args, what, corpus, workdir, run_cli):
    folders = {"D": str(corpus / "dems"), "T": str(corpus / "tle"), "S": str(corpus / "scenarios")}
    args = [a.format(**folders) if "{" in a else a for a in args]
    what = what.format(**folders)
    before_work, before_corpus = snapshot(workdir), snapshot(corpus)
    code, out, err = run_cli(*args)
    assert code == 2, f"exit {code}; stdout {out[:300]!r}; stderr {err[:500]!r}"
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].startswith("moonbase: error: "), err
    assert "Traceback" not in err and "Error:" not in err.split("moonbase: error: ", 1)[1][:6]
    assert what in err, f"the message should name {what!r}: {err}"
    assert snapshot(workdir) == before_work, "files were created, changed or removed in the working folder"
    assert snapshot(corpus) == before_corpus, "an input file was changed"
    assert not list(workdir.parent.glob(".*.tmp")) and not list(workdir.glob(".*.tmp"))


API_CASES = {
    "point-nan-longitude": lambda api: api.SurfacePoint(-89.0, math.nan, 2.0),
    "point-inf-longitude": lambda api: api.SurfacePoint(-89.0, math.inf, 2.0),
    "point-nan-latitude": lambda api: api.SurfacePoint(math.nan, 10.0, 2.0),
    "point-nan-height": lambda api: api.SurfacePoint(-89.0, 10.0, math.nan),
    "grid-nat": lambda api: api.utc_grid("NaT", "2030-01-02", "1h"),
    "grid-nat64": lambda api: api.utc_grid(np.datetime64("NaT"), "2030-01-02", "1h"),
    "grid-today": lambda api: api.utc_grid("today", "2030-01-02", "1h"),
    "grid-step-zero": lambda api: api.utc_grid("2030-01-01", "2030-01-02", 0.0),
    "grid-step-rounds-to-zero": lambda api: api.utc_grid("2030-01-01", "2030-01-02", 1e-5),
    "grid-step-nan": lambda api: api.utc_grid("2030-01-01", "2030-01-02", math.nan),
    "grid-step-inf": lambda api: api.utc_grid("2030-01-01", "2030-01-02", math.inf),
    "grid-out-of-span": lambda api: api.utc_grid("1850-01-01", "1850-01-02", "1h"),
    "ephemeris-frame": lambda api: api.site_ephemeris(api.get_site("change7").point(2.0), "2030-01-01", "2030-01-02",
                                                      "6h", frame="ITRF"),
    "ephemeris-nat": lambda api: api.site_ephemeris(api.get_site("change7").point(2.0), "NaT", "2030-01-02"),
    "site-unknown": lambda api: api.get_site("atlantis"),
    "resolve-point-nan": lambda api: api.resolve_point(lat="nan", lon="10"),
    "scenario-missing": lambda api: api.load_scenario("no-such-scenario"),
    "latitude-text": lambda api: api.parse_latitude("south"),
    "longitude-letter": lambda api: api.parse_longitude("10N"),
}


@pytest.mark.parametrize("call", list(API_CASES.values()), ids=list(API_CASES))
def test_public_api_refuses_impossible_values_with_one_clear_error(call):
    import moonbase.api as api

    with pytest.raises(api.MoonbaseError) as info:
        call(api)
    message = str(info.value)
    assert message and "\n" not in message


@pytest.mark.parametrize("name", ["latin1", "utf16", "dem_typo", "start_nat", "step_rounds_to_zero", "out_of_span"])
def test_public_api_scenarios_fail_with_the_file_named(name, corpus):
    from moonbase.api import MoonbaseError, load_scenario

    with pytest.raises(MoonbaseError, match=f"{name}.toml"):
        load_scenario(corpus / "scenarios" / f"{name}.toml")


@pytest.mark.parametrize("dem", [d for d in BAD_DEMS if d not in ("folder",)])
def test_public_api_bad_dems_raise_moonbase_errors(dem, corpus):
    from moonbase.errors import MoonbaseError
    from moonbase.terrain.dem import read_dem

    with pytest.raises(MoonbaseError):
        read_dem(corpus / "dems" / _dem_file(dem))


def test_user_files_are_real_files():
    """The sentinel files the corpus protects are ordinary files a user would have (guards the snapshot)."""
    assert os.path.basename("mine.csv") == "mine.csv"
