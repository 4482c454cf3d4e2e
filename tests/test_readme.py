"""Docs that run: every `moonbase ...` line of the README is executed, and the Python example too."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from moonbase.cli.main import main

README = Path(__file__).resolve().parents[1] / "README.md"


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
    args = shlex.split(line)[1:]
    with pytest.raises(SystemExit) as info:
        main(args)
    assert (info.value.code or 0) == 0, capsys.readouterr().err
    if args[0] == "plan" and "--out" in args:
        out = tmp_path / args[args.index("--out") + 1]
        assert (out / "report.html").is_file() and (out / "plan.json").is_file()


def test_readme_python_example_runs(capsys):
    for block in _blocks("python"):
        exec(compile(block, str(README), "exec"), {})
    assert capsys.readouterr().out.strip()


def test_doctests_in_public_modules():
    import doctest

    import moonbase.api
    import moonbase.coords
    import moonbase.ephemeris
    import moonbase.partners

    for module in (moonbase.coords, moonbase.ephemeris, moonbase.api, moonbase.partners):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__
