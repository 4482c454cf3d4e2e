"""Where fetched terrain products live: a per-user cache directory and its manifest.

The directory is ``$MOONBASE_CACHE`` if set (read at call time), else the platform's user
cache folder (``$XDG_CACHE_HOME/moonbase`` or ``~/.cache/moonbase`` on Linux,
``~/Library/Caches/moonbase`` on macOS, ``%LOCALAPPDATA%\\moonbase\\Cache`` on Windows), with
terrain under ``terrain/``. ``manifest.json`` there records each verified product: its
files, sizes and SHA-256 (pinned on first download when no checksum is published).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..output import dumps_json, write_text_atomic

MANIFEST = "manifest.json"


def user_cache_dir() -> Path:
    """The Moonbase cache folder for this user (not created)."""
    if os.environ.get("MOONBASE_CACHE"):
        return Path(os.environ["MOONBASE_CACHE"]).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "moonbase"
    if sys.platform.startswith("win"):
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "moonbase" / "Cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "moonbase"


def terrain_dir(cache_dir: str | Path | None = None) -> Path:
    return (Path(cache_dir).expanduser() if cache_dir else user_cache_dir()) / "terrain"


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def write_manifest(folder: Path, manifest: dict) -> None:
    write_text_atomic(folder / MANIFEST, dumps_json(manifest))


def fetched_dem_paths(cache_dir: str | Path | None = None) -> list[Path]:
    """Label files of the products fetched and verified in the cache (empty if none)."""
    folder = terrain_dir(cache_dir)
    paths = []
    for name, record in sorted(read_manifest(folder).items()):
        label = folder / record.get("open", "")
        if record.get("complete") and label.is_file():
            paths.append(label)
    return paths
