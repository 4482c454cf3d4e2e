"""``moonbase access ...``: help, JSON, iCalendar and one-line errors."""

from __future__ import annotations

import json


def test_access_help(run_cli):
    code, out, _ = run_cli("access", "--help")
    assert code == 0 and "windows" in out and "porkchop" in out


def test_windows_json_and_ics(run_cli, tmp_path):
    ics = tmp_path / "w.ics"
    code, out, err = run_cli("access", "windows", "--site", "wenchang", "--inclination", "19.6", "--start", "2030-01-01",
                             "--end", "2030-01-03", "--plane-change-m-s", "100", "--ics", ics, "--json")
    assert code == 0, err
    record = json.loads(out)
    assert record["open_days"] >= 1 and record["opportunities"]
    assert ics.read_text().startswith("BEGIN:VCALENDAR")
    code, out, _ = run_cli("access", "windows", "--inclination", "30", "--start", "2030-01-01", "--end", "2030-01-02",
                           "--azimuth-min", "60", "--azimuth-max", "90", "--json")
    assert code == 0 and {o["branch"] for o in json.loads(out)["opportunities"]} == {"north-east"}


def test_budget_and_porkchop_json(run_cli):
    code, out, _ = run_cli("access", "budget", "--architecture", "nrho", "--crewed", "--json")
    assert code == 0 and json.loads(out)["legs"][1]["leg"] == "TLI→NRHO"
    code, out, _ = run_cli("access", "porkchop", "--days", "3", "--tofs", "5", "--json")
    assert code == 0 and 3.1 < json.loads(out)["best"]["tli_dv_km_s"] < 3.2


def test_errors_are_one_line(run_cli):
    code, _, err = run_cli("access", "windows", "--inclination", "5")
    assert code == 2 and err.startswith("moonbase: error:") and err.count("\n") == 1
    code, _, err = run_cli("access", "windows", "--inclination", "30", "--azimuth-min", "120", "--azimuth-max", "130")
    assert code == 2 and "--azimuth-limits" in err
    code, _, err = run_cli("access", "budget", "--architecture", "slingshot")
    assert code == 2 and "direct-llo" in err
    code, _, err = run_cli("access", "transfer", "--inclination", "10", "--date", "2030-01-10")
    assert code == 2 and "declination" in err
