"""Folder and file outputs: markers, refusals, --force, atomic replacement, nothing left after a failure."""

from __future__ import annotations

import json
import os

import pytest

from moonbase import output
from moonbase.errors import MoonbaseError
from moonbase.output import MARKER, atomic_directory, check_output_dir, check_output_file, write_text_atomic


def _write(target, kind="plan", force=False, text="new"):
    with atomic_directory(target, kind, force) as staging:
        (staging / "result.txt").write_text(text)
    return target


def test_a_new_folder_gets_its_marker(tmp_path):
    out = _write(tmp_path / "out")
    marker = json.loads((out / MARKER).read_text())
    assert marker["kind"] == "plan" and marker["moonbase_version"] and marker["written_utc"].endswith("Z")
    assert (out / "result.txt").read_text() == "new"


def test_a_previous_output_of_the_same_kind_is_replaced_whole(tmp_path):
    out = _write(tmp_path / "out", text="old")
    (out / "stale.csv").write_text("from the old run")
    _write(out, text="new")
    assert (out / "result.txt").read_text() == "new" and not (out / "stale.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_users_folder_is_refused_unless_forced(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("years of work")
    with pytest.raises(MoonbaseError, match="not a Moonbase plan output.*--force"):
        _write(mine)
    assert (mine / "thesis.tex").read_text() == "years of work"
    _write(mine, force=True)
    assert not (mine / "thesis.tex").exists() and (mine / MARKER).exists()


def test_another_kind_of_output_is_refused(tmp_path):
    out = _write(tmp_path / "out", kind="cola")
    with pytest.raises(MoonbaseError, match="holds a Moonbase cola output, not a plan output"):
        _write(out, kind="plan")


def test_an_empty_folder_is_used(tmp_path):
    (tmp_path / "empty").mkdir()
    assert (_write(tmp_path / "empty") / "result.txt").exists()


@pytest.mark.parametrize("target", ["", " ", ".", "..", "~"])
def test_the_current_parent_home_and_empty_targets_are_always_refused(target, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "keep.txt").write_text("x")
    with pytest.raises(MoonbaseError):
        check_output_dir(target, "plan", force=True)
    assert (tmp_path / "keep.txt").exists()


def test_a_file_where_a_folder_is_needed_and_the_reverse(tmp_path):
    (tmp_path / "file.csv").write_text("x")
    (tmp_path / "folder").mkdir()
    with pytest.raises(MoonbaseError, match="is a file"):
        check_output_dir(tmp_path / "file.csv", "plan", force=True)
    with pytest.raises(MoonbaseError, match="is a folder"):
        check_output_file(tmp_path / "folder")
    with pytest.raises(MoonbaseError, match="does not exist"):
        check_output_file(tmp_path / "missing" / "deeper" / "x.csv")
    with pytest.raises(MoonbaseError, match="is a file, not a folder"):
        check_output_file(tmp_path / "file.csv" / "x.csv")


def test_a_failed_work_leaves_the_previous_output_and_no_staging(tmp_path):
    out = _write(tmp_path / "out", text="old")
    with pytest.raises(RuntimeError):
        with atomic_directory(out, "plan") as staging:
            (staging / "result.txt").write_text("half")
            raise RuntimeError("disk full")
    assert (out / "result.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_final_rename_puts_the_old_output_back_and_removes_the_copy(tmp_path, monkeypatch):
    out = _write(tmp_path / "out", text="old")
    real = os.replace

    def failing(source, target):
        if str(source).endswith(".tmp"):
            raise OSError(28, "No space left on device", str(target))
        return real(source, target)

    monkeypatch.setattr(output.os, "replace", failing)
    with pytest.raises(MoonbaseError, match="could not be written"):
        _write(out, text="new")
    assert (out / "result.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_single_files_are_renamed_into_place_and_never_left_half_written(tmp_path, monkeypatch):
    path = write_text_atomic(tmp_path / "a.csv", "one")
    assert path.read_text() == "one"

    def failing(source, target):
        raise OSError(30, "Read-only file system", str(target))

    monkeypatch.setattr(output.os, "replace", failing)
    with pytest.raises(MoonbaseError, match="a.csv"):
        write_text_atomic(tmp_path / "a.csv", "two")
    assert path.read_text() == "one" and sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_a_signal_during_the_swap_is_held_until_it_is_done(tmp_path):
    from moonbase.errors import Interrupted

    out = _write(tmp_path / "out", text="old")
    real = output._swap_in

    def swap_with_signal(staging, target, option):
        output.interrupt_handler(15, None)  # as if SIGTERM arrived now: held, not raised
        return real(staging, target, option)

    output._swap_in = swap_with_signal
    try:
        with pytest.raises(Interrupted) as info:
            _write(out, text="new")
    finally:
        output._swap_in = real
        output.reset_interrupts()
    assert info.value.exit_code == 143
    assert (out / "result.txt").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_plan_refuses_the_current_folder_before_any_work(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("mine")
    code, _, err = run_cli("plan", "--out", ".")
    assert code == 2 and "current folder" in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
