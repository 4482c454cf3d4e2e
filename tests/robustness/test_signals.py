"""SIGINT, SIGTERM and SIGHUP at several moments: one "interrupted" line, exit 128 + signal, nothing left behind.

Each case runs ``moonbase`` in a subprocess (through ``signal_driver.py``, which picks the moment): inside a
parallel numba kernel (the signal sent from here while it runs), half-way through writing an output folder, as
the finished folder is swapped in, and while a single file is written. A previous output in the target folder
must survive an interrupted write whole.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

DRIVER = Path(__file__).with_name("signal_driver.py")
SRC = Path(__file__).resolve().parents[2] / "src"
COLA = ["cola", "--site", "wenchang", "--inclination", "41.5", "--altitude-km", "200",
        "--window-start", "2026-05-30T18:00", "--window-minutes", "1", "--coverage-minutes", "10", "--packaged"]
TIMEOUT_S = 240  # a loaded 2-core machine takes ~15 s per run


def _start(moment: str, signame: str, trace: Path, args: list[str], cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
           "MOONBASE_CACHE": str(cwd / "cache")}
    return subprocess.Popen([sys.executable, str(DRIVER), moment, signame, str(trace), "--", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen) -> tuple[int, str]:
    try:
        _, err = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail("the interrupted command did not stop")
    return process.returncode, err


def _assert_interrupted(code: int, err: str, signame: str, folder: Path) -> None:
    assert code == 128 + getattr(signal, signame), err
    assert err.strip().splitlines() == ["moonbase: interrupted"], err
    leftovers = [p.name for p in folder.rglob(".*") if p.name.endswith(".tmp") or ".old-" in p.name]
    assert not leftovers, leftovers


def _previous_cola(folder: Path) -> Path:
    """A previous COLA output (its marker and one file), to be kept whole when the new one is interrupted."""
    out = folder / "cola-out"
    out.mkdir()
    (out / ".moonbase-output.json").write_text(json.dumps({"kind": "cola", "moonbase_version": "0", "written_utc": "x"}))
    (out / "cola.json").write_text('{"previous": true}')
    return out


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_signal_inside_a_numba_kernel(signame, tmp_path):
    trace = tmp_path / "trace.txt"
    process = _start("kernel", signame, trace, ["ephem", "--site", "change7", "--start", "2030-01-01",
                                                 "--end", "2030-01-02", "--json"], tmp_path)
    deadline = time.monotonic() + TIMEOUT_S
    while not trace.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert trace.exists(), process.communicate()[1]
    time.sleep(0.05)
    process.send_signal(getattr(signal, signame))
    code, err = _finish(process)
    _assert_interrupted(code, err, signame, tmp_path)
    assert "finished" not in trace.read_text()  # the signal arrived while the kernel ran


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_signal_while_the_output_folder_is_written_keeps_the_previous_one(signame, tmp_path):
    out = _previous_cola(tmp_path)
    process = _start("write", signame, tmp_path / "trace", [*COLA, "--out", str(out)], tmp_path)
    code, err = _finish(process)
    _assert_interrupted(code, err, signame, tmp_path)
    assert json.loads((out / "cola.json").read_text()) == {"previous": True}
    assert sorted(p.name for p in out.iterdir()) == [".moonbase-output.json", "cola.json"]


def test_signal_during_the_swap_waits_until_the_new_folder_is_whole(tmp_path):
    out = _previous_cola(tmp_path)
    process = _start("swap", "SIGTERM", tmp_path / "trace", [*COLA, "--out", str(out)], tmp_path)
    code, err = _finish(process)
    _assert_interrupted(code, err, "SIGTERM", tmp_path)
    assert "launch_seconds" in json.loads((out / "cola.json").read_text())  # the new output, complete
    assert {"intervals.csv", "closest.csv", "seconds.csv", "timeline.html"} <= {p.name for p in out.iterdir()}


def test_signal_while_a_single_file_is_written_leaves_no_partial_file(tmp_path):
    process = _start("file", "SIGHUP", tmp_path / "trace", ["horizon", "--site", "change7", "--format", "csv",
                                                             "--out", "h.csv"], tmp_path)
    code, err = _finish(process)
    _assert_interrupted(code, err, "SIGHUP", tmp_path)
    assert not (tmp_path / "h.csv").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
