"""Writing results so that they appear whole or not at all."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .errors import MoonbaseError


def to_jsonable(value):
    """numpy scalars/arrays and datetimes → plain JSON types (NaN → null)."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, np.datetime64):
        return f"{np.datetime_as_string(value, unit='s')}Z"
    if isinstance(value, (np.floating, float)):
        number = float(value)
        return None if not np.isfinite(number) else number
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def dumps_json(value, indent: int | None = 2) -> str:
    return json.dumps(to_jsonable(value), indent=indent, ensure_ascii=False)


def columns_to_csv(columns: dict[str, np.ndarray | list]) -> str:
    """A dict of equal-length columns → CSV text with a header row."""
    names = list(columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    cells = [to_jsonable(np.asarray(columns[n])) if not isinstance(columns[n], list) else columns[n] for n in names]
    for row in zip(*cells):
        writer.writerow(["" if v is None else (f"{v:.6f}" if isinstance(v, float) else v) for v in row])
    return buffer.getvalue()


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write a file through a temporary sibling and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@contextmanager
def atomic_directory(target: str | Path):
    """Yield a staging folder; on success it replaces ``target`` whole, on failure it vanishes.

    An existing ``target`` is kept until the new one is complete, then swapped out.
    """
    target = Path(target).resolve()
    if target.exists() and not target.is_dir():
        raise MoonbaseError(f"--out {target} exists and is not a directory; choose another path")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; the result should be an ordinary folder
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
