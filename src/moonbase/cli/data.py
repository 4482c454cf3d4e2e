"""``moonbase data list`` and ``moonbase data fetch NAME``: the official LOLA DEM products in the user cache."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..output import dumps_json
from ..terrain.archive import TOFU_CAVEAT, fetch_product, product_status
from ..terrain.cache import terrain_dir
from .options import JsonOption, say_written

data_app = typer.Typer(help="LOLA terrain products: list them, fetch them into the user cache.", no_args_is_help=True)

CacheOption = Annotated[Optional[Path], typer.Option("--cache-dir", help="Cache folder (default: $MOONBASE_CACHE or the user cache).")]


@data_app.command("list")
def list_products(cache_dir: CacheOption = None, as_json: JsonOption = False) -> None:
    """The LOLA DEM products Moonbase can fetch, their sizes, checksums and whether they are cached."""
    rows = product_status(cache_dir)
    if as_json:
        typer.echo(dumps_json({"cache": str(terrain_dir(cache_dir)), "checksum_note": TOFU_CAVEAT, "products": rows}))
        return
    typer.echo(f"cache: {terrain_dir(cache_dir)}")
    for row in rows:
        size = f"{row['size_bytes'] / 1e6:,.1f} MB" if row["size_bytes"] else "size from its label"
        state = "fetched" if row["fetched"] else "not fetched"
        sha = f"sha256 {row['sha256'][:16]}… ({row['sha256_source']})" if row["sha256"] else f"sha256: {row['sha256_source']}"
        typer.echo(f"{row['name']:<15} {state:<12} {size:<20} {row['description']}\n{'':<15} {sha}; {row['url']}")
    typer.echo(f"note: {TOFU_CAVEAT}")


@data_app.command("fetch")
def fetch(
    name: Annotated[str, typer.Argument(help="Product name, e.g. LDEM_80S_240M (see `moonbase data list`).")],
    cache_dir: CacheOption = None,
    base_url: Annotated[Optional[str], typer.Option("--base-url", help="Mirror folder holding NAME.LBL and NAME.IMG.")] = None,
) -> None:
    """Download a LOLA product and its label into the cache (resumable; size and SHA-256 checked)."""
    from ..terrain.archive import get_product

    get_product(name)
    if base_url is not None:
        _check_base_url(base_url)
    _check_cache(terrain_dir(cache_dir), "--cache-dir" if cache_dir else "the cache folder ($MOONBASE_CACHE)")
    label = fetch_product(name, cache_dir, base_url)
    say_written(label, detail=" and its image (size and SHA-256 checked; terrain commands now use it when no --dem "
                              "is given)")


def _check_base_url(base_url: str) -> None:
    from urllib.parse import urlparse

    from ..errors import InputError

    parts = urlparse(base_url)
    if parts.scheme not in ("http", "https", "file") or (parts.scheme != "file" and not parts.netloc):
        raise InputError("--base-url", base_url, "an http://, https:// or file:// address of a folder holding NAME.LBL and NAME.IMG")


def _check_cache(folder: Path, option: str) -> None:
    """The cache folder exists and is writable, or can be created (the nearest existing folder is writable)."""
    import os

    from ..errors import MoonbaseError

    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if not probe.is_dir():
        raise MoonbaseError(f"{option} {folder}: {probe} is a file, not a folder; choose another cache folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise MoonbaseError(f"{option} {folder}: {probe} is not writable; choose a cache folder you can write to")


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data")
