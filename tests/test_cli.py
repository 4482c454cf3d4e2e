"""The CLI: JSON output, one-line errors with exit 2, --help everywhere, and `moonbase plan` outputs."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from moonbase.cli.main import main



def test_ephem_json_records(run_cli):
    code, out, _ = run_cli("ephem", "--lat", "-89.45", "--lon", "222.69", "--start", "2030-01-01",
                       "--end", "2030-01-31", "--step", "1h", "--json")
    assert code == 0
    records = json.loads(out)
    assert len(records) == 30 * 24 + 1
    first = records[0]
    assert first["time"] == "2030-01-01T00:00:00Z"
    for key in ("sun_az_deg", "sun_el_deg", "earth_az_deg", "earth_el_deg"):
        assert isinstance(first[key], float)
    assert all(0.0 <= r["sun_az_deg"] < 360.0 for r in records)


def test_site_name_and_coordinates_agree(run_cli):
    args = ("--start", "2030-03-01", "--end", "2030-03-02", "--step", "6h", "--json")
    _, by_name, _ = run_cli("ephem", "--site", "connecting-ridge", "--height", "2", *args)
    _, by_coords, _ = run_cli("ephem", "--lat", "89.45S", "--lon", "137.31W", "--height", "2", *args)
    assert json.loads(by_name) == json.loads(by_coords)


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["ephem", "--lat", "-95", "--lon", "0", "--start", "2030-01-01", "--end", "2030-01-02"], "latitude"),
        (["ephem", "--site", "nowhere", "--start", "2030-01-01", "--end", "2030-01-02"], "site"),
        (["ephem", "--lat", "-89", "--lon", "0", "--start", "2070-01-01", "--end", "2070-01-02"], "never extrapolated"),
        (["ephem", "--lat", "-89", "--lon", "0", "--start", "2030-13-01", "--end", "2030-01-02"], "ISO 8601"),
        (["ephem", "--lat", "-89", "--lon", "0", "--start", "2030-01-01", "--end", "2030-01-02", "--step", "0h"], "step"),
        (["plan", "no-such-scenario"], "scenario"),
        (["sites", "--group", "mars"], "--group"),
        (["campaign", "no-such-scenario"], "scenario"),
        (["campaign", "apollo17", "--optimise", "fastest"], "optimise"),
    ],
)
def test_user_errors_are_one_line_exit_2(run_cli, args, fragment):
    code, _, err = run_cli(*args)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("moonbase: error:") and fragment in lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize("command", [[], ["plan"], ["scenarios"], ["sites"], ["ephem"], ["version"], ["campaign"]])
def test_help_on_every_command(run_cli, command):
    code, out, _ = run_cli(*command, "--help")
    assert code == 0 and "Usage" in out


def test_sites_and_scenarios_json(run_cli):
    _, out, _ = run_cli("sites", "--json")
    assert any(r["key"] == "change7" for r in json.loads(out))
    _, out, _ = run_cli("scenarios", "--json")
    assert {r["name"] for r in json.loads(out)} >= {"ilrs", "artemis"}


def test_plan_writes_report_json_and_data(tmp_path, run_cli):
    out_dir = tmp_path / "plan"
    code, _, _ = run_cli("plan", "ilrs", "--out", str(out_dir))
    assert code == 0
    summary = json.loads((out_dir / "plan.json").read_text())
    assert summary["scenario"] == "ilrs"
    assert (summary["lat_deg"], summary["lon_deg"]) == (-88.8, 123.4)
    assert "site_geometry" in summary["sections"]
    environment = summary["sections"]["site_environment"]
    # The plan's figures are the Python API's for the same site, height and period (one model, two interfaces).
    from moonbase.api import site

    visibility = site("change7", height_m=2.0).visibility("2030-01-01", "2031-01-01", "1h")
    assert environment["height_m"] == 2.0
    for stats in (visibility.sunlight, visibility.earth):
        for key, value in vars(stats).items():
            if key in environment and key not in ("longest_dark", "longest_earth_loss", "horizon_source"):
                assert environment[key] == pytest.approx(value, abs=1e-9), key
    assert 50.0 < environment["sun_any_pct"] < 100.0 and 0.0 < environment["longest_dark_h"] < 30 * 24
    assert (out_dir / "data" / "daily_sunlight.csv").is_file() and (out_dir / "data" / "site_ranking.csv").is_file()
    html = (out_dir / "report.html").read_text()
    # Self-contained: plotly.js is inlined, and no script, style or image is fetched from elsewhere.
    assert not re.search(r"<script[^>]+src\s*=", html) and "Plotly" in html
    assert "<link" not in html
    header = (out_dir / "data" / "site_geometry.csv").read_text().splitlines()[0]
    assert header.startswith("time,sun_az_deg,sun_el_deg")
    assert not list(tmp_path.glob(".*tmp"))  # no staging folder left behind


def test_failed_plan_leaves_previous_output_whole(tmp_path, run_cli, monkeypatch):
    out_dir = tmp_path / "plan"
    run_cli("plan", "ilrs", "--out", str(out_dir))
    before = (out_dir / "plan.json").read_text()

    import moonbase.report.html as html

    def broken(plan):
        raise RuntimeError("disk full")

    monkeypatch.setattr(html, "render_report", broken)
    with pytest.raises(RuntimeError):
        main(["plan", "ilrs", "--out", str(out_dir)])
    assert (out_dir / "plan.json").read_text() == before
    assert not list(tmp_path.glob(".*tmp"))


def test_console_script_runs_as_a_process():
    result = subprocess.run([sys.executable, "-m", "moonbase.cli.main", "ephem", "--lat", "91", "--lon", "0",
                             "--start", "2030-01-01", "--end", "2030-01-02"], capture_output=True, text=True)
    assert result.returncode == 2 and result.stderr.count("\n") == 1


def test_plan_for_a_site_without_terrain_stops_unless_allowed(tmp_path, run_cli):
    scenario = tmp_path / "equator.toml"
    scenario.write_text('name = "equator"\ntitle = "No terrain here"\n[station]\nlat = 0.5\nlon = 23.5\n'
                        '[period]\nstart = "2030-01-01"\nend = "2030-01-05"\n')
    code, _, err = run_cli("plan", scenario, "--out", tmp_path / "out")
    assert code == 2 and "station.dem" in err and err.count("\n") == 1, err
    assert not (tmp_path / "out").exists()
    code, _, err = run_cli("plan", scenario, "--out", tmp_path / "out", "--allow-missing-terrain")
    assert code == 0, err
    summary = json.loads((tmp_path / "out" / "plan.json").read_text())
    assert summary["sections"]["site_geometry"]["earth_el_max_deg"] > 50  # near side, near the equator: Earth stands high
    # The caveat says how to supply terrain, in the scenario's vocabulary (station.dem) or the CLI's (--dem).
    assert any(("--dem" in c or "station.dem" in c) and "moonbase data fetch" in c for c in summary["caveats"])
