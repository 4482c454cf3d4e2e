"""`moonbase scenarios NAME --toml` prints a scenario file a user can save, edit and run."""

from __future__ import annotations

import tomllib

import pytest

from moonbase.scenario import builtin_scenarios, load_scenario


@pytest.mark.parametrize("name", sorted(builtin_scenarios()))
def test_printed_toml_loads_back_to_the_builtin(name, tmp_path, run_cli):
    code, out, err = run_cli("scenarios", name, "--toml")
    assert code == 0, err
    data = tomllib.loads(out)  # valid TOML
    assert data["name"] == name
    assert f"moonbase/scenarios/{name}.toml" in out.splitlines()[0]  # says where the built-in lives
    saved = tmp_path / "mine.toml"
    saved.write_text(out, encoding="utf-8")
    assert load_scenario(saved) == load_scenario(name)


def test_an_edited_copy_runs_with_the_edit(tmp_path, run_cli):
    _, out, _ = run_cli("scenarios", "ilrs", "--toml")
    edited = out.replace("observer_height_m = 2.0", "observer_height_m = 5.0")
    assert edited != out
    (tmp_path / "mine.toml").write_text(edited, encoding="utf-8")
    code, shown, _ = run_cli("scenarios", str(tmp_path / "mine.toml"), "--json")
    assert code == 0 and '"observer_height_m": 5.0' in shown


@pytest.mark.parametrize("args", [["scenarios", "--toml"], ["scenarios", "ilrs", "--toml", "--json"]])
def test_toml_needs_one_name_and_no_json(args, run_cli):
    code, out, err = run_cli(*args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "--toml" in err and "Traceback" not in err
