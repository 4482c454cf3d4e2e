"""Fetching the official LOLA DEM products from the PDS Geosciences Node into the user cache.

``fetch_product("LDEM_80S_240M")`` downloads the PDS3 label, reads from it the exact size of
the image, then downloads the IMG resumably (HTTP ``Range`` on a ``.part`` file, automatic
retries), with a progress bar, and checks size and SHA-256. The PDS does not publish SHA-256
sums for these products, so unless the catalogue pins one, the checksum is computed and
pinned on first download (trust on first use) in the cache manifest; every later fetch or
``verify`` compares against it. The sizes are checked against the label (authoritative) and the
HTTP Content-Length.

Product locations: PDS Geosciences Node, LRO LOLA archive ``LRO-L-LOLA-4-GDR-V1.0``, polar
GDR products under ``lrolol_1xxx/data/lola_gdr/polar/img/`` (recalled [M]: if the Node moves
them, pass ``--base-url``).
"""

from __future__ import annotations

import hashlib
import re
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import InputError, MoonbaseError
from ..progress import progress_bar
from .cache import read_manifest, terrain_dir, write_manifest

#: The PDS Geosciences Node directory of the LOLA polar GDR products (recalled [M]; see module docstring).
PDS_LOLA_POLAR_URL = "https://pds-geosciences.wustl.edu/lro/lro-l-lola-3-rdr-v1/lrolol_1xxx/data/lola_gdr/polar/img/"
#: Download tuning (implementation choices, not physical figures): 1 MiB reads, 3 retries, 30 s timeout.
CHUNK_BYTES = 1 << 20
RETRIES = 3
TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Product:
    """A LOLA DEM product: name, what it covers, and what is known of its size and checksum."""

    name: str
    description: str
    size_bytes: int | None = None  # the IMG; None = known only from the label
    size_source: str = ""
    sha256: str | None = None  # pinned checksum of the IMG if published; None = trust on first use
    base_url: str = PDS_LOLA_POLAR_URL

    def urls(self, base_url: str | None = None) -> dict[str, str]:
        base = (base_url or self.base_url).rstrip("/") + "/"
        return {"label": f"{base}{self.name}.LBL", "image": f"{base}{self.name}.IMG"}


PRODUCTS = {
    p.name: p for p in (
        Product("LDEM_80S_240M", "south pole, poleward of 80°S, 240 m/px, polar stereographic, int16 0.5 m/DN"),
        Product("LDEM_75S_120M", "south pole, poleward of 75°S, 120 m/px, polar stereographic, int16 0.5 m/DN",
                116_250_752, "7624 x 7624 int16, from the product's PDS3 label (LRO-L-LOLA-4-GDR-V1.0, PDS Geosciences Node) [R]"),
        Product("LDEM_80S_20M", "south pole, poleward of 80°S, 20 m/px, polar stereographic (large: gigabytes)"),
        Product("LDEM_875S_5M", "south pole, poleward of 87.5°S, 5 m/px, polar stereographic (large: gigabytes)"),
    )
}

TOFU_CAVEAT = ("the PDS publishes no SHA-256 for these products: unless pinned here, the checksum is computed and "
               "pinned on first download (trust on first use) and checked on every later fetch")


def get_product(name: str, catalogue: dict[str, Product] | None = None) -> Product:
    catalogue = PRODUCTS if catalogue is None else catalogue
    key = name.upper().removesuffix(".IMG").removesuffix(".LBL")
    if key not in catalogue:
        raise InputError("product", name, f"one of {', '.join(catalogue)} (see `moonbase data list`)")
    return catalogue[key]


def _open(url: str, start: int = 0):
    request = urllib.request.Request(url, headers={"User-Agent": "moonbase (lunar station planning)"})
    if start:
        request.add_header("Range", f"bytes={start}-")
    try:
        return urllib.request.urlopen(request, timeout=TIMEOUT_S)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and start:
            return None  # nothing left to send: the part file is already whole
        raise MoonbaseError(f"{url}: HTTP {exc.code} {exc.reason}; the product may have moved (try base_url=)") from None
    except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise MoonbaseError(f"cannot reach {url} ({reason}); are you offline? Moonbase works offline with its built-in "
                            "site horizons, or give local DEMs with dem_paths=[PATH, ...]") from None


def download(url: str, target: Path, expected_size: int | None = None, progress=None, label: str = "") -> Path:
    """Download ``url`` to ``target`` through ``target.part``, resuming a partial file; retries on drops."""
    part = target.with_name(target.name + ".part")
    task = progress.add_task(label or target.name, total=expected_size) if progress is not None else None
    last_error = None
    for attempt in range(RETRIES):
        start = part.stat().st_size if part.exists() else 0
        if expected_size is not None and start == expected_size:
            break
        response = _open(url, start)
        if response is None:
            break
        with response:
            resumed = start and response.status == 206
            total = response.headers.get("Content-Length")
            if expected_size is None and total is not None:
                expected_size = int(total) + (start if resumed else 0)
                if progress is not None:
                    progress.update(task, total=expected_size)
            mode = "ab" if resumed else "wb"
            done = start if resumed else 0
            try:
                with open(part, mode) as stream:
                    while block := response.read(CHUNK_BYTES):
                        stream.write(block)
                        done += len(block)
                        if progress is not None:
                            progress.update(task, completed=done)
            except (OSError, socket.timeout, ConnectionError) as exc:  # includes http.client.IncompleteRead
                last_error = exc
                time.sleep(0.2 * (attempt + 1))
                continue
        size = part.stat().st_size
        if expected_size is None or size >= expected_size:
            break
        last_error = f"connection closed at {size:,} of {expected_size:,} bytes"
    size = part.stat().st_size if part.exists() else 0
    if expected_size is not None and size != expected_size:
        raise MoonbaseError(f"{url}: download stopped at {size:,} of {expected_size:,} bytes ({last_error}); "
                            f"run the same command again to resume from {part.name}")
    part.replace(target)
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(CHUNK_BYTES):
            digest.update(block)
    return digest.hexdigest()


def _image_size_from_label(label_path: Path) -> tuple[int, str]:
    from .pds3 import _SAMPLE_TYPES, parse_label

    label = parse_label(label_path.read_text(encoding="latin-1"))
    image = label.get("IMAGE", {})
    try:
        lines, samples = int(image["LINES"].split()[0]), int(image["LINE_SAMPLES"].split()[0])
        bits = int(image["SAMPLE_BITS"].split()[0])
    except (KeyError, ValueError):
        raise MoonbaseError(f"{label_path}: not a PDS3 image label (no LINES/LINE_SAMPLES/SAMPLE_BITS)") from None
    if image.get("SAMPLE_TYPE", "").upper() not in _SAMPLE_TYPES:
        raise MoonbaseError(f"{label_path}: unsupported SAMPLE_TYPE {image.get('SAMPLE_TYPE')!r}")
    image_file = re.findall(r'"?([^",()]+\.IMG)"?', label.get("^IMAGE", ""), flags=re.I)
    return lines * samples * bits // 8, (image_file[0].strip() if image_file else "")


def fetch_product(name: str, cache_dir: str | Path | None = None, base_url: str | None = None,
                  catalogue: dict[str, Product] | None = None, show_progress: bool = True) -> Path:
    """Fetch (or re-verify) a product into the cache; returns the path of its label."""
    product = get_product(name, catalogue)
    folder = terrain_dir(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(folder)
    record = manifest.get(product.name, {})
    urls = product.urls(base_url)
    label_path, image_path = folder / f"{product.name}.LBL", folder / f"{product.name}.IMG"
    with progress_bar(show_progress) as progress:
        if not label_path.exists():
            download(urls["label"], label_path, progress=progress, label=f"{product.name}.LBL")
        expected, image_name = _image_size_from_label(label_path)
        if image_name and image_name.upper() != image_path.name.upper():
            raise MoonbaseError(f"{label_path}: points to {image_name}, expected {image_path.name}")
        if product.size_bytes is not None and product.size_bytes != expected:
            raise MoonbaseError(f"{label_path}: describes a {expected:,}-byte image, the catalogue says "
                                f"{product.size_bytes:,} ({product.size_source}); the label may be corrupted: delete it and retry")
        pinned = product.sha256 or record.get("sha256")
        if image_path.exists() and (image_path.stat().st_size != expected or (pinned and _sha256(image_path) != pinned)):
            image_path.unlink()  # corrupted or truncated in the cache: fetch it again
        if not image_path.exists():
            download(urls["image"], image_path, expected, progress=progress, label=f"{product.name}.IMG")
    size = image_path.stat().st_size
    if size != expected:
        image_path.unlink()
        raise MoonbaseError(f"{image_path}: {size:,} bytes, the label says {expected:,}; deleted, run again")
    digest = _sha256(image_path)
    if pinned and digest != pinned:
        image_path.unlink()
        raise MoonbaseError(f"{urls['image']}: SHA-256 {digest} does not match the pinned {pinned} "
                            "(corrupted download or a changed product); the file was deleted. Run again; if it "
                            "persists, check the product at the PDS Geosciences Node")
    manifest[product.name] = {
        "open": label_path.name, "complete": True, "image": image_path.name, "size_bytes": size, "sha256": digest,
        "sha256_source": "catalogue" if product.sha256 else ("pinned on first download (trust on first use)"
                                                             if not record.get("sha256") else record["sha256_source"]),
        "label_sha256": _sha256(label_path), "source": urls,
        "fetched_utc": record.get("fetched_utc") or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    write_manifest(folder, manifest)
    return label_path


def product_status(cache_dir: str | Path | None = None, catalogue: dict[str, Product] | None = None) -> list[dict]:
    """Each catalogue product with its size, checksum source and whether it is in the cache."""
    folder = terrain_dir(cache_dir)
    manifest = read_manifest(folder)
    rows = []
    for product in (PRODUCTS if catalogue is None else catalogue).values():
        record = manifest.get(product.name, {})
        rows.append({
            "name": product.name, "description": product.description,
            "size_bytes": record.get("size_bytes", product.size_bytes),
            "size_source": "downloaded" if record else (product.size_source or "from the label on download"),
            "sha256": record.get("sha256", product.sha256),
            "sha256_source": record.get("sha256_source", "catalogue" if product.sha256 else "trust on first use"),
            "fetched": bool(record.get("complete")), "path": str(folder / f"{product.name}.LBL") if record else None,
            "url": product.urls()["image"],
        })
    return rows
