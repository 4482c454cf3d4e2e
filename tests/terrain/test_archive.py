"""Fetching LOLA products: against a local HTTP server started here (never the internet)."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from moonbase.cli.main import main
from moonbase.errors import MoonbaseError
from moonbase.terrain.archive import Product, fetch_product, product_status
from moonbase.terrain.cache import fetched_dem_paths
from moonbase.terrain.dem import read_dem

from .synthetic import polar_dem
from .test_dem import _write_pds3


class _Server:
    """Serves files from a dict; can cut the first response of a file short, honours Range requests."""

    def __init__(self, files: dict[str, bytes]):
        self.files = files
        self.cut_first = set()
        self.requests: list[tuple[str, str | None]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                name = self.path.rsplit("/", 1)[-1]
                server.requests.append((name, self.headers.get("Range")))
                if name not in server.files:
                    self.send_error(404)
                    return
                body = server.files[name]
                start = int(self.headers["Range"].split("=")[1].rstrip("-")) if self.headers.get("Range") else 0
                self.send_response(206 if start else 200)
                self.send_header("Content-Length", str(len(body) - start))
                self.end_headers()
                if name in server.cut_first:
                    server.cut_first.discard(name)
                    self.wfile.write(body[start:start + (len(body) - start) // 2])
                    self.wfile.flush()
                    self.connection.shutdown(2)  # drop the connection mid-file
                    return
                self.wfile.write(body[start:])

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/lola/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def product_files(tmp_path):
    """A small LOLA-layout product (label + int16 image) to serve."""
    dem = polar_dem(lambda lat, lon, x, y: 100.0 * np.sin(x / 3000.0), 20_000.0, 250.0)
    source = tmp_path / "source"
    source.mkdir()
    _write_pds3(source, dem, np.round(dem.heights_m / 0.5).astype(np.int16), name="LDEM_80S_240M")
    return {p.name: p.read_bytes() for p in source.iterdir()}


def test_fetch_resumes_an_interrupted_download_and_pins_the_checksum(product_files, tmp_path):
    with _Server(product_files) as server:
        server.cut_first.add("LDEM_80S_240M.IMG")
        label = fetch_product("LDEM_80S_240M", tmp_path / "cache", server.url, show_progress=False)
    image_requests = [r for r in server.requests if r[0] == "LDEM_80S_240M.IMG"]
    assert len(image_requests) == 2 and image_requests[0][1] is None and image_requests[1][1].startswith("bytes=")
    assert int(image_requests[1][1].split("=")[1].rstrip("-")) == len(product_files["LDEM_80S_240M.IMG"]) // 2
    image = label.with_suffix(".IMG")
    assert image.read_bytes() == product_files["LDEM_80S_240M.IMG"] and not image.with_suffix(".IMG.part").exists()
    manifest = json.loads((tmp_path / "cache" / "terrain" / "manifest.json").read_text())["LDEM_80S_240M"]
    assert manifest["sha256"] == hashlib.sha256(product_files["LDEM_80S_240M.IMG"]).hexdigest()
    assert "trust on first use" in manifest["sha256_source"]
    assert fetched_dem_paths(tmp_path / "cache") == [label]
    assert read_dem(label).shape == (160, 160)


def test_a_corrupted_download_is_rejected_against_a_pinned_checksum(product_files, tmp_path):
    catalogue = {"LDEM_80S_240M": Product("LDEM_80S_240M", "test", sha256=hashlib.sha256(b"the real bytes").hexdigest())}
    with _Server(product_files) as server, pytest.raises(MoonbaseError, match="does not match the pinned"):
        fetch_product("LDEM_80S_240M", tmp_path / "cache", server.url, catalogue=catalogue, show_progress=False)
    assert not (tmp_path / "cache" / "terrain" / "LDEM_80S_240M.IMG").exists()
    assert fetched_dem_paths(tmp_path / "cache") == []


def test_a_file_corrupted_in_the_cache_is_fetched_again(product_files, tmp_path):
    with _Server(product_files) as server:
        label = fetch_product("LDEM_80S_240M", tmp_path / "cache", server.url, show_progress=False)
        image = label.with_suffix(".IMG")
        corrupted = bytearray(image.read_bytes())
        corrupted[10] ^= 0xFF
        image.write_bytes(bytes(corrupted))
        fetch_product("LDEM_80S_240M", tmp_path / "cache", server.url, show_progress=False)
    assert image.read_bytes() == product_files["LDEM_80S_240M.IMG"]
    assert [r[0] for r in server.requests].count("LDEM_80S_240M.IMG") == 2


def test_a_changed_product_fails_against_the_checksum_pinned_on_first_use(product_files, tmp_path):
    with _Server(product_files) as server:
        label = fetch_product("LDEM_80S_240M", tmp_path / "cache", server.url, show_progress=False)
        label.with_suffix(".IMG").unlink()
        changed = bytearray(product_files["LDEM_80S_240M.IMG"])
        changed[0] ^= 0x01
        server.files["LDEM_80S_240M.IMG"] = bytes(changed)
        with pytest.raises(MoonbaseError, match="pinned"):
            fetch_product("LDEM_80S_240M", tmp_path / "cache", server.url, show_progress=False)


def test_offline_and_unknown_names_are_one_line_errors(tmp_path, capsys):
    def run(*args):
        with pytest.raises(SystemExit) as info:
            main(list(args))
        return info.value.code, capsys.readouterr().err

    code, err = run("data", "fetch", "LDEM_80S_240M", "--cache-dir", str(tmp_path), "--base-url", "http://127.0.0.1:9/none/")
    assert code == 2 and "offline" in err and len(err.strip().splitlines()) == 1
    code, err = run("data", "fetch", "LDEM_1M", "--cache-dir", str(tmp_path))
    assert code == 2 and "LDEM_80S_240M" in err


def test_data_cli_fetch_then_list_and_horizon_uses_the_fetched_dem(product_files, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MOONBASE_CACHE", str(tmp_path / "cache"))
    with _Server(product_files) as server:
        with pytest.raises(SystemExit) as info:
            main(["data", "fetch", "LDEM_80S_240M", "--base-url", server.url])
    assert (info.value.code or 0) == 0
    with pytest.raises(SystemExit):
        main(["data", "list", "--json"])
    listing = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert "trust on first use" in listing["checksum_note"]
    assert {p["name"]: p["fetched"] for p in listing["products"]}["LDEM_80S_240M"] is True
    with pytest.raises(SystemExit):
        main(["horizon", "--lat", "-89.9", "--lon", "0", "--height", "2", "--json", "--azimuths", "72", "--max-distance", "10"])
    assert "LDEM_80S_240M.IMG" in json.loads(capsys.readouterr().out)["source"]
    assert product_status(tmp_path / "cache")[0]["fetched"]
