"""Writing results so that they appear whole or not at all, and never over a user's own files.

* A folder output (``plan --out``, ``cola --out``, ``screen --cdm-dir``) is built in a hidden staging
  folder beside the target and swapped in at the end; it carries a marker file (:data:`MARKER`) saying
  which kind of output it is. An existing target is replaced only if it is empty or a Moonbase output of
  the same kind (or with ``--force``); the current folder, a folder above it, the home folder and ``''``
  are always refused.
* A single file is written to a temporary sibling and renamed over the target.
* Staging folders and temporary files are registered while they exist, so an interrupt (SIGINT, SIGTERM,
  SIGHUP: see :func:`interrupt_handler`) removes them; the swap itself runs with signals deferred, so an
  interrupt lands before it or after it, never half-way.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
import shutil
import math
import signal
import sys
import tempfile
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from .errors import Interrupted, MoonbaseError

#: The marker file in every folder Moonbase writes: {"kind", "moonbase_version", "written_utc"}.
MARKER = ".moonbase-output.json"

_live: set[Path] = set()          # staging folders and temporary files that exist right now
_defer_depth = 0                  # > 0 while a swap must not be interrupted
_pending: list[int] = []          # signals received while deferred
_received: list[int] = []         # every signal received, in case a C callback swallowed the exception


def to_jsonable(value):
    """numpy scalars/arrays and datetimes → plain JSON types (NaN → null)."""
    np = sys.modules.get("numpy")  # a numpy value exists only once numpy is imported: the CLI starts without it
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if np is not None and isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if np is not None and isinstance(value, np.datetime64):
        return f"{np.datetime_as_string(value, unit='s')}Z"
    if isinstance(value, _dt.datetime):  # e.g. a TOML date-time in a scenario
        utc = value.astimezone(_dt.timezone.utc) if value.tzinfo else value
        return utc.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) or (np is not None and isinstance(value, np.floating)):
        number = float(value)
        return None if not math.isfinite(number) else number
    if np is not None and isinstance(value, np.integer):
        return int(value)
    if np is not None and isinstance(value, np.bool_):
        return bool(value)
    return value


def dumps_json(value, indent: int | None = 2) -> str:
    return json.dumps(to_jsonable(value), indent=indent, ensure_ascii=False)


def columns_to_csv(columns: dict) -> str:
    """A dict of equal-length columns (numpy arrays or lists) → CSV text with a header row."""
    import numpy as np

    names = list(columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    cells = [to_jsonable(np.asarray(columns[n])) if not isinstance(columns[n], list) else columns[n] for n in names]
    for row in zip(*cells):
        writer.writerow(["" if v is None else (f"{v:.6f}" if isinstance(v, float) else v) for v in row])
    return buffer.getvalue()


# -- signals ------------------------------------------------------------------------------------------------------
def interrupt_handler(signum, frame) -> None:
    """Signal handler (installed by the CLI): raise :class:`Interrupted`, or hold it until a swap is done.

    The signal is also remembered: raised inside a ctypes callback (numba loading a compiled kernel), the
    exception is printed as "ignored" and lost, so :func:`raise_if_interrupted` raises it again at the next
    checkpoint (before any output is written, and when the command ends).
    """
    _received.append(signum)
    if _defer_depth:
        _pending.append(signum)
        return
    raise Interrupted(signum)


@contextmanager
def signals_deferred():
    """Run a block that must not be cut in two; a signal received meanwhile is raised when it ends."""
    global _defer_depth
    _defer_depth += 1
    try:
        yield
    finally:
        _defer_depth -= 1
        if _defer_depth == 0 and _pending:
            signum = _pending[0]
            _pending.clear()
            raise Interrupted(signum)


def raise_if_interrupted() -> None:
    """Raise :class:`Interrupted` if a signal arrived whose exception was lost on the way."""
    if _received:
        raise Interrupted(_received[0])


def reset_interrupts() -> None:
    """Forget earlier signals (the CLI calls this when a command starts)."""
    _received.clear()
    _pending.clear()


def remove_leftovers() -> None:
    """Remove every staging folder and temporary file still registered (after an interrupt or a crash)."""
    for path in list(_live):
        _remove(path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
    _live.discard(path)


# -- checks before work starts ------------------------------------------------------------------------------------
def _describe_os_error(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _resolved(target, option: str, what: str) -> Path:
    text = "" if target is None else str(target)
    if not text.strip():
        raise MoonbaseError(f"{option} '': give a {what} name, e.g. {option} moonbase-output")
    if "\x00" in text:
        raise MoonbaseError(f"{option} contains a NUL character; give an ordinary {what} name")
    try:
        return Path(text).expanduser().resolve()
    except (OSError, RuntimeError) as exc:
        raise MoonbaseError(f"{option} {text}: cannot be resolved ({exc}); give another {what}") from None


def _check_parent(path: Path, option: str, may_create: bool = False) -> None:
    """The folder of ``path`` is writable; with ``may_create``, it may also be missing in a writable folder.

    A folder output may name one missing level (``--out moonbase-out/plan``: created when it is written); a
    single file's folder must exist, so that a mistyped folder is an error, not a new folder.
    """
    parent = path.parent
    if may_create and not parent.exists() and parent.parent.is_dir() and not parent.is_symlink():
        parent = parent.parent
    if not parent.exists():
        raise MoonbaseError(f"{option} {path}: its folder {parent} does not exist; create it first or choose another path")
    if not parent.is_dir():
        raise MoonbaseError(f"{option} {path}: {parent} is a file, not a folder; choose another path")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise MoonbaseError(f"{option} {path}: the folder {parent} is not writable; choose a folder you can write to")


def check_output_file(target, option: str = "--out", suffixes: tuple[str, ...] = ()) -> Path:
    """Check a single-file output before work starts: a file path (not a folder) in a writable folder."""
    path = _resolved(target, option, "file")
    if suffixes and path.suffix.lower() not in suffixes:
        raise MoonbaseError(f"{option} {target}: expected a {' or '.join(suffixes)} file name")
    if path.is_dir():
        raise MoonbaseError(f"{option} {target}: is a folder; give a file name (e.g. {Path(str(target)) / ('out' + (suffixes[0] if suffixes else '.csv'))})")
    _check_parent(path, option)
    if path.exists() and not os.access(path, os.W_OK):
        raise MoonbaseError(f"{option} {target}: the file exists and is not writable; choose another name")
    return path


def check_files_folder(target, names, option: str = "--out") -> Path:
    """Check a folder that named files are written into (it may hold other files, which are kept)."""
    path = _resolved(target, option, "folder")
    if path.exists() and not path.is_dir():
        raise MoonbaseError(f"{option} {target}: is a file; give a folder")
    if path.is_dir():
        for name in names:
            check_output_file(path / name, option)
    else:
        _check_parent(path, option)
    return path


def _protected(path: Path) -> str | None:
    """Why ``path`` may never be replaced as a whole, or None."""
    cwd = Path.cwd().resolve()
    if path == cwd:
        return "is the current folder"
    if path in cwd.parents:
        return "contains the current folder"
    home = Path.home().resolve()
    if path == home or path in home.parents:
        return "is the home folder" if path == home else "contains the home folder"
    if path.parent == path:
        return "is the root folder"
    return None


def read_marker(folder: Path) -> dict | None:
    """The marker of a Moonbase output folder, or None when ``folder`` is not one."""
    try:
        return json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def check_output_dir(target, kind: str, option: str = "--out", force: bool = False) -> Path:
    """Check a folder output before work starts; returns the resolved path.

    Refused: ``''``, ``.``, a folder that holds the current or home folder, a file, a folder whose parent is
    missing or read-only, and an existing folder that is neither empty nor a Moonbase ``kind`` output (unless
    ``force``).
    """
    path = _resolved(target, option, "folder")
    reason = _protected(path)
    if reason:
        raise MoonbaseError(f"{option} {target}: {reason} and will not be replaced; give a new folder name, "
                            f"e.g. {option} moonbase-{kind}")
    if path.exists() and not path.is_dir():
        raise MoonbaseError(f"{option} {target}: is a file; give a folder name (a new one, or a previous {kind} output)")
    _check_parent(path, option, may_create=True)
    if path.is_dir():
        marker = read_marker(path)
        try:
            empty = next(path.iterdir(), None) is None
        except OSError as exc:
            raise MoonbaseError(f"{option} {target}: cannot be listed ({_describe_os_error(exc)}); choose another folder") from None
        if marker is not None and marker.get("kind") != kind and not force:
            raise MoonbaseError(f"{option} {target}: holds a Moonbase {marker.get('kind')!s} output, not a {kind} output; "
                                "choose another folder or add --force to replace it")
        if marker is None and not empty and not force:
            raise MoonbaseError(f"{option} {target}: exists and is not a Moonbase {kind} output (no {MARKER}); "
                                "choose a new folder, or add --force to replace it and everything in it")
    return path


# -- writing ------------------------------------------------------------------------------------------------------
def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def temporary_sibling(folder: Path, name: str, suffix: str = ".tmp") -> Path:
    """A new empty file ``.NAME.XXXX.SUFFIX`` in ``folder`` with an ordinary file's mode (0644 under umask 022).

    ``tempfile.mkstemp`` makes it private (0600), and a rename would carry that mode over to the result.
    """
    handle, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=suffix)
    try:
        os.fchmod(handle, 0o666 & ~_umask())
    finally:
        os.close(handle)
    return Path(tmp)


@contextmanager
def atomic_file(target, option: str = "--out"):
    """Yield a temporary path beside ``target``; on success it is renamed over ``target``, on failure removed."""
    path = check_output_file(target, option)
    try:
        tmp = temporary_sibling(path.parent, path.name)  # check_output_file: the folder exists
    except OSError as exc:
        raise MoonbaseError(f"{option} {target}: cannot write in {path.parent} ({_describe_os_error(exc)})") from None
    _live.add(tmp)
    try:
        raise_if_interrupted()
        yield tmp
        raise_if_interrupted()
        with signals_deferred():
            os.replace(tmp, path)
            _live.discard(tmp)
    except OSError as exc:
        raise MoonbaseError(f"{option} {target}: could not be written ({_describe_os_error(exc)}); "
                            "check the free space and permissions") from None
    finally:
        if tmp in _live:
            with signals_deferred():
                _remove(tmp)


def write_text_atomic(path: str | Path, text: str, option: str = "--out") -> Path:
    """Write a file through a temporary sibling and a rename (the folder must exist or have an existing parent)."""
    path = Path(path)
    if not path.parent.exists() and path.parent.parent.is_dir():
        try:
            path.parent.mkdir()
        except OSError as exc:
            raise MoonbaseError(f"{option} {path.parent}: cannot create the folder ({_describe_os_error(exc)})") from None
    with atomic_file(path, option) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def _make_parent(path: Path) -> Path | None:
    """Create the missing folder of ``path`` (one level, see :func:`_check_parent`); returns it if it was created."""
    if path.parent.is_dir():
        return None
    path.parent.mkdir()
    return path.parent


def _remove_if_empty(folder: Path | None) -> None:
    """Remove a folder this write created, if the write failed and left it empty."""
    if folder is not None:
        try:
            folder.rmdir()
        except OSError:
            pass


def _write_marker(folder: Path, kind: str) -> None:
    from . import __version__

    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    (folder / MARKER).write_text(json.dumps({"kind": kind, "moonbase_version": __version__, "written_utc": stamp}) + "\n",
                                 encoding="utf-8")


@contextmanager
def atomic_directory(target: str | Path, kind: str = "output", force: bool = False, option: str = "--out"):
    """Yield a staging folder; on success it replaces ``target`` whole (with a marker), on failure it vanishes.

    ``target`` is checked by :func:`check_output_dir` (again, in case it changed while the work ran). An
    existing ``target`` is kept until the new one is complete, then swapped out and removed.
    """
    target = check_output_dir(target, kind, option, force)
    try:
        created = _make_parent(target)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    except OSError as exc:
        raise MoonbaseError(f"{option} {target}: cannot write in {target.parent} ({_describe_os_error(exc)})") from None
    _live.add(staging)
    staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; the result should be an ordinary folder
    try:
        raise_if_interrupted()
        yield staging
        raise_if_interrupted()
        _write_marker(staging, kind)
        with signals_deferred():
            _swap_in(staging, target, option)
    except OSError as exc:
        raise MoonbaseError(f"{option} {target}: could not be written ({_describe_os_error(exc)}); "
                            "check the free space and permissions") from None
    finally:
        if staging in _live:
            with signals_deferred():
                _remove(staging)
                _remove_if_empty(created)


def _swap_in(staging: Path, target: Path, option: str) -> None:
    """Replace ``target`` by ``staging``: the old folder is moved aside first and put back if the rename fails."""
    old = None
    if target.exists():
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
        _live.add(old)
    try:
        os.replace(staging, target)
    except OSError:
        if old is not None:
            os.replace(old, target)
            _live.discard(old)
        raise
    _live.discard(staging)
    if old is not None:
        _remove(old)


#: The signals the CLI turns into a clean stop (exit status 128 + the signal number).
INTERRUPT_SIGNALS = tuple(s for s in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM", "SIGHUP")) if s is not None)
