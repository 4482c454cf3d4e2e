"""Every command that writes a file names it, and files and folders get ordinary permissions (umask applies)."""

from __future__ import annotations

import json
import os
import stat
from contextlib import contextmanager

import pytest

from moonbase.output import atomic_directory, temporary_sibling, write_text_atomic


@contextmanager
def umask(mask: int):
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("mask, file_mode, folder_mode", [(0o022, 0o644, 0o755), (0o027, 0o640, 0o750)])
def test_atomic_writes_have_ordinary_modes(tmp_path, mask, file_mode, folder_mode):
    with umask(mask):
        written = write_text_atomic(tmp_path / "one.csv", "a,b\n1,2\n")
        with atomic_directory(tmp_path / "out", "test") as staging:
            (staging / "inside.txt").write_text("x", encoding="utf-8")
        sibling = temporary_sibling(tmp_path, "x.tif")
    assert mode(written) == file_mode  # tempfile.mkstemp alone gives 0600
    assert mode(tmp_path / "out") == folder_mode  # tempfile.mkdtemp alone gives 0700
    assert mode(tmp_path / "out" / "inside.txt") == file_mode
    assert mode(sibling) == file_mode and sibling.name.startswith(".x.tif.")


WINDOWS = ("windows", "--site", "connecting-ridge", "--start", "2030-01-01", "--end", "2030-01-05", "--step", "6h")


def test_windows_names_the_files_it_wrote(tmp_path, run_cli):
    ics, csv = tmp_path / "w.ics", tmp_path / "w.csv"
    with umask(0o022):
        code, out, _ = run_cli(*WINDOWS, "--ics", ics, "--csv", csv)
    assert code == 0
    assert f"wrote {csv} (13 candidate starts" in out and f"wrote {ics} (1 window(s)" in out
    assert ics.read_text().startswith("BEGIN:VCALENDAR") and mode(ics) == 0o644 and mode(csv) == 0o644


def test_with_json_the_written_file_is_named_on_stderr(tmp_path, run_cli):
    ics = tmp_path / "w.ics"
    code, out, err = run_cli(*WINDOWS, "--ics", ics, "--json")
    assert code == 0
    assert json.loads(out)["candidates"] == 13  # stdout stays one JSON document
    assert f"wrote {ics}" in err


def test_horizon_file_is_named(tmp_path, run_cli):
    path = tmp_path / "h.aem"
    code, out, _ = run_cli("horizon", "--site", "connecting-ridge", "--format", "aem", "--out", path)
    assert code == 0 and out.startswith(f"wrote {path} (720 azimuths") and path.stat().st_size > 0


def test_one_missing_folder_level_is_created_and_removed_again_on_failure(tmp_path):
    written = write_text_atomic(tmp_path / "moonbase-out" / "one.csv", "a\n")
    assert written.read_text() == "a\n"
    with atomic_directory(tmp_path / "fresh" / "plan", "plan") as staging:
        (staging / "x.txt").write_text("x", encoding="utf-8")
    assert (tmp_path / "fresh" / "plan" / "x.txt").is_file()
    with pytest.raises(RuntimeError):
        with atomic_directory(tmp_path / "failed" / "plan", "plan"):
            raise RuntimeError("work failed")
    assert not (tmp_path / "failed").exists()  # nothing left of a failed output, not even its folder


def test_a_single_files_missing_folder_is_an_error(tmp_path, run_cli):
    code, out, err = run_cli("horizon", "--site", "connecting-ridge", "--format", "csv", "--out", tmp_path / "typo" / "h.csv")
    assert code == 2 and "does not exist" in err and not (tmp_path / "typo").exists()
