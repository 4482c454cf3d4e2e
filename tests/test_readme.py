"""Docs that run: every `moonbase ...` line of the README is executed, and the Python example too."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from moonbase.cli.main import main

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(), flags=re.S)


def _cli_lines() -> list[str]:
    lines = []
    for block in _blocks("console") + _blocks("bash"):
        for line in block.splitlines():
            for part in line.split("&&"):
                part = part.strip()
                if part.startswith("moonbase "):
                    lines.append(part)
    return lines


def test_readme_has_the_two_quick_start_commands():
    bash = _blocks("bash")
    assert len(bash) == 2
    assert "moonbase plan" in bash[0] and "pytest" in bash[1]


@pytest.mark.parametrize("line", _cli_lines())
def test_readme_cli_example_runs(line, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "moonbase-out").mkdir()  # as the quick start's `moonbase plan --out moonbase-out/ilrs` leaves it
    args = shlex.split(line)[1:]
    with pytest.raises(SystemExit) as info:
        main(args)
    assert (info.value.code or 0) == 0, capsys.readouterr().err
    if args[0] == "plan" and "--out" in args:
        out = tmp_path / args[args.index("--out") + 1]
        assert (out / "report.html").is_file() and (out / "plan.json").is_file()


#: Options that name a file or folder a command writes; commands that write by default without them.
_WRITING_OPTIONS = ("--out", "--ics", "--csv", "--trajectory", "--cdm-dir")
_WRITES_BY_DEFAULT = (("plan",), ("cola",), ("horizon", "--format"))


def test_readme_examples_write_into_an_ignored_folder():
    ignored = (REPO / ".gitignore").read_text().splitlines()
    assert "moonbase-out/" in ignored
    writing = 0
    for line in _cli_lines():
        args = shlex.split(line)[1:]
        if "--schema" in args:
            continue
        for option in _WRITING_OPTIONS:
            if option in args:
                assert args[args.index(option) + 1].startswith("moonbase-out/"), line
                writing += 1
        for command in _WRITES_BY_DEFAULT:
            if args[0] == command[0] and all(c in args for c in command[1:]):
                assert "--out" in args, f"{line}: give --out moonbase-out/... (the default lands in the checkout)"
    assert writing >= 6


def _run_python_block(index: int, capsys) -> tuple[dict, str]:
    namespace: dict = {}
    exec(compile(_blocks("python")[index], str(README), "exec"), namespace)
    return namespace, capsys.readouterr().out


def test_readme_has_the_two_python_examples():
    blocks = _blocks("python")
    assert len(blocks) == 2 and "sky_at_site" in blocks[0] and "site(" in blocks[1]


def test_readme_python_example_runs(capsys):
    namespace, out = _run_python_block(0, capsys)
    sun_max = namespace["view"]["sun"].elevation_deg.max()
    earth_min = namespace["view"]["earth"].elevation_deg.min()
    # At 89.45° S the Sun rises at most colatitude 0.55° + the 1.54° tilt of the lunar equator to the
    # ecliptic; the Earth sinks at most 0.55° + ~6.7° of optical libration in latitude below.
    assert 1.5 < sun_max < 2.2 and -7.6 < earth_min < -5.0
    assert out.split() == [repr(float(sun_max)), repr(float(earth_min))]


def test_readme_notebook_example_matches_the_models(capsys):
    from moonbase.comms.analysis import analyse_comms
    from moonbase.environment.site import assess
    from moonbase.ephemeris import LunarEphemeris
    from moonbase.sites import get_site
    from moonbase.terrain.builtin import builtin_horizon
    from moonbase.timegrid import utc_grid

    namespace, out = _run_python_block(1, capsys)
    light, earth, link, power = (namespace[k] for k in ("light", "earth", "link", "power"))
    point = get_site("connecting-ridge").point(2.0)
    sky = LunarEphemeris.default().moon_sky(utc_grid("2018-10-22", "2019-10-22", "1h"))
    stats = assess(sky, point, builtin_horizon(point)).statistics
    assert light.sun_any_pct == stats["sun_any_pct"] and earth.earth_any_pct == stats["earth_any_pct"]
    assert light.longest_dark_h == stats["longest_dark_h"] and light.epochs == 8761
    mast = get_site("connecting-ridge").point(10.0)
    comms_sky = LunarEphemeris.default().moon_sky(utc_grid("2030-01-01", "2030-02-01", "10min"))
    record = analyse_comms(comms_sky, mast, builtin_horizon(mast), ["dsn"], ["queqiao-2"])
    assert link.dte.dte_pct == record["dte_pct"] and link.comms_pct == record["comms_pct"]
    assert link.relays["queqiao-2"].relay_pct == record["relays"]["queqiao-2"]["relay_pct"]
    assert power.best.system_mass_kg == min(o.system_mass_kg for o in power.options if o.feasible)
    assert power.mast_height_m == 10.0 and power.utc.size == 8761
    assert f"Sun {light.sun_any_pct:.1f} %" in out and f"DTE {link.dte.dte_pct:.1f} %" in out


def test_doctests_in_public_modules():
    import doctest

    import moonbase.api
    import moonbase.coords
    import moonbase.ephemeris
    import moonbase.partners
    import moonbase.race
    import moonbase.terrain.horizon

    for module in (moonbase.coords, moonbase.ephemeris, moonbase.api, moonbase.terrain.horizon, moonbase.partners,
                   moonbase.race):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__
