"""``moonbase debris``: breakup, evolve and impact from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from moonbase.traffic.catalog import load_catalog

DATA = Path(__file__).parent / "data"


def test_breakup_writes_readable_files(run_cli, tmp_path):
    code, out, err = run_cli("debris", "breakup", "--mass-kg", 900, "--altitude-km", 800, "--inclination", 98,
                             "--epoch", "2030-01-01", "--seed", 5, "--out", tmp_path)
    assert code == 0, err
    summary = json.loads((tmp_path / "breakup.json").read_text())
    assert summary["seed"] == 5 and summary["catastrophic"]
    assert len(load_catalog(tmp_path / "cloud.tle")) == len(load_catalog(tmp_path / "cloud.json")) == summary["in_orbit"]
    assert (tmp_path / "gabbard.html").stat().st_size > 10_000


def test_breakup_user_error_is_one_line(run_cli, tmp_path):
    code, out, err = run_cli("debris", "breakup", "--mass-kg", 900, "--altitude-km", 800, "--out", tmp_path)
    assert code == 2 and err.count("\n") == 1 and "--epoch" in err


def test_evolve_modelled_cloud(run_cli, tmp_path):
    run_cli("debris", "breakup", "--mass-kg", 500, "--altitude-km", 450, "--inclination", 51, "--epoch", "2030-01-01",
            "--out", tmp_path / "cloud")
    code, out, err = run_cli("debris", "evolve", tmp_path / "cloud" / "cloud.tle", "--until", "2031-01-01", "--modelled",
                             "--out", tmp_path / "evolved", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert 0 < summary["in_orbit_at_end"] < summary["objects"]
    assert len(load_catalog(tmp_path / "evolved" / "evolved.tle")) == summary["in_orbit_at_end"]


def test_impact_of_a_scenario(run_cli, tmp_path):
    code, out, err = run_cli("debris", "impact", DATA / "whatif.toml", "--years", 2, "--out", tmp_path)
    assert code == 0, err
    summary = json.loads((tmp_path / "impact.json").read_text())
    assert summary["site"] == "wenchang" and len(summary["events"][0]["year"]) == 2
    assert "Wenchang" in out


def test_impact_with_a_leo_assembly_orbit(run_cli, tmp_path):
    scenario = tmp_path / "assembly.toml"
    scenario.write_text((DATA / "whatif.toml").read_text(encoding="utf-8") + """
[debris_events.assembly_orbit]
name = "depot orbit"
altitude_km = 400
inclination_deg = 41.5
stay_days = 30
launches = 4
""", encoding="utf-8")
    code, out, err = run_cli("debris", "impact", scenario, "--years", 1, "--out", tmp_path / "out")
    assert code == 0, err
    summary = json.loads((tmp_path / "out" / "impact.json").read_text())
    assert summary["assembly_orbit"]["altitude_km"] == 400 and summary["assembly_orbit"]["site"] == "wenchang"
    assert len(summary["events"][0]["assembly"]["year"]) == 1 and (tmp_path / "out" / "event_1_assembly.csv").is_file()
    assert "event_1_assembly.csv" in out and "wrote " in out  # the files written, named


def test_breakup_beside_a_real_cloud(run_cli, tmp_path, shared_data):
    real = shared_data / "tle" / "celestrak_cosmos-2251-debris_2021-09.txt"
    code, out, err = run_cli("debris", "breakup", "--mass-kg", 950, "--altitude-km", 789, "--inclination", 74,
                             "--epoch", "2009-02-10T16:56", "--compare", real, "--out", tmp_path)
    assert code == 0, err
    html = (tmp_path / "gabbard.html").read_text()
    assert "catalogued: celestrak_cosmos-2251-debris_2021-09.txt" in html
