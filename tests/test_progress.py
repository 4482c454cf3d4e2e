"""Progress off a terminal: plain, throttled lines on stderr; the first run says it compiles the kernels."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from moonbase import progress
from moonbase.progress import COMPILING_MESSAGE, MIN_INTERVAL_S, PlainProgress, kernel_cache_folders

SRC = Path(__file__).resolve().parents[1] / "src"


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_plain_lines_at_each_tenth_and_never_closer_than_the_minimum_interval():
    clock, stream = FakeClock(), io.StringIO()
    bar = PlainProgress(stream, clock, counts=False)
    task = bar.add_task("starting", total=1000)
    times = []
    for k in range(1001):  # 1,000 updates over 100 s
        clock.now = k * 0.1
        before = stream.getvalue().count("\n")
        bar.update(task, completed=k, description="comms")
        if stream.getvalue().count("\n") > before:
            times.append(clock.now)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "moonbase: 0% comms (0 s)" and lines[-1] == "moonbase: 100% comms (100 s)"
    assert [int(re.search(r"(\d+)%", line).group(1)) for line in lines] == list(range(0, 101, 10))
    assert min(b - a for a, b in zip(times, times[1:])) >= MIN_INTERVAL_S


def test_fast_work_prints_few_lines_and_a_long_step_still_shows_life():
    clock, stream = FakeClock(), io.StringIO()
    bar = PlainProgress(stream, clock)
    task = bar.add_task("sites", total=100)
    for k in range(100):  # all within 1 s: the first line and the last
        clock.now = k * 0.01
        bar.advance(task)
    assert stream.getvalue().splitlines() == ["moonbase: sites 1% (1/100, 0 s)", "moonbase: sites 100% (100/100, 1 s)"]
    clock, stream = FakeClock(), io.StringIO()
    bar = PlainProgress(stream, clock, counts=False)
    task = bar.add_task("starting", total=10)
    for second in range(0, 121):  # one step that takes two minutes
        clock.now = float(second)
        bar.update(task, completed=5, description="horizon")
    assert len(stream.getvalue().splitlines()) == 5  # at 0, 30, 60, 90 and 120 s


def test_the_cache_folders_are_numbas():
    from moonbase.kernels import chebyshev

    assert Path(chebyshev._serial._cache._cache_path) in kernel_cache_folders()


def _subprocess_env(**extra) -> dict:
    return {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}", **extra}


def test_a_long_command_off_a_terminal_prints_plain_lines(tmp_path):
    result = subprocess.run([sys.executable, "-m", "moonbase.cli.main", "sites", "rank", "--start", "2030-01-01",
                             "--end", "2030-01-08", "--step", "6h", "--json"], capture_output=True, text=True,
                            env=_subprocess_env(), cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line != COMPILING_MESSAGE]
    assert lines and all(re.fullmatch(r"moonbase: sites \d+% \(\d+/\d+, \d+ s\)", line) for line in lines), lines
    assert lines[-1].startswith("moonbase: sites 100%")
    assert "\x1b" not in result.stderr and "━" not in result.stderr  # no terminal control codes, no bar


_TWICE = """
from moonbase.progress import progress_callback
for _ in range(2):
    with progress_callback(True) as report:
        report(1.0, "done")
"""


def test_a_cold_kernel_cache_is_announced_once(tmp_path):
    cold = subprocess.run([sys.executable, "-c", _TWICE], capture_output=True, text=True,
                          env=_subprocess_env(NUMBA_CACHE_DIR=str(tmp_path)), timeout=120)
    assert cold.stderr.splitlines().count(COMPILING_MESSAGE) == 1, cold.stderr
    env = _subprocess_env(NUMBA_CACHE_DIR=str(tmp_path))
    probe = subprocess.run([sys.executable, "-c", "from moonbase.progress import kernel_cache_folders as f; print(f()[0])"],
                           capture_output=True, text=True, env=env, timeout=120)
    folder = Path(probe.stdout.strip())
    folder.mkdir(parents=True)
    (folder / "chebyshev._serial-1.py311.nbi").write_bytes(b"")  # an index as numba names them
    warm = subprocess.run([sys.executable, "-c", _TWICE], capture_output=True, text=True, env=env, timeout=120)
    assert COMPILING_MESSAGE not in warm.stderr and "moonbase: 100% done" in warm.stderr


def test_disabled_progress_prints_nothing(capsys):
    with progress.progress_callback(False) as report:
        report(0.5, "half")
    assert capsys.readouterr().err == ""
