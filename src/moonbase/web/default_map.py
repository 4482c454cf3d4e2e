"""Map products for the web app: the shipped default map, loading map products, and rendering PNG layers.

A map product is a folder with ``map.npz`` (layers as uint8 in 0.5 % or 0.5° steps, on a grid
downsampled from the DEM) and ``map.json`` (geotransform, CRS, period, DEM checksums, the command
that made it). The default product shipped in ``moonbase/web/data`` was made by::

    moonbase web-map --dem lola_ldem75s120m_pole_240m.tif --dem lola_ldem75s120m_cap_1787m.tif \\
        --start 2030-01-01 --end 2031-01-01 --step 6h --azimuths 360 --downsample 4 --psr --out src/moonbase/web/data

(LOLA LDEM_75S_120M resampled to 240 m, doi:10.17189/1520642). [C] With ``--psr`` the product also has the
permanently shadowed share of each map pixel over one 18.6-year nodal cycle (ground level, the method of
:mod:`moonbase.contention.shadow`, as ``moonbase contention psr``).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import InputError, MoonbaseError
from ..output import atomic_directory, dumps_json

#: Layers of a map product: name → (title, unit, quantisation step, colour map).
LAYERS = {
    "sun_any_pct": ("Sunlight (any part of the disk)", "%", 0.5, "inferno"),
    "earth_any_pct": ("Earth visibility (any part of the disk)", "%", 0.5, "viridis"),
    "slope_deg": ("Slope", "°", 0.25, "magma"),
    "psr_pct": ("Permanently shadowed share of the pixel (18.6-year nodal cycle)", "%", 0.5, "Blues"),
}
#: Top of each layer's colour scale (its unit's natural range).
LAYER_TOP = {"%": 100.0, "°": 30.0}


def _block_mean(values: np.ndarray, factor: int) -> np.ndarray:
    rows, cols = (values.shape[0] // factor) * factor, (values.shape[1] // factor) * factor
    v = values[:rows, :cols].reshape(rows // factor, factor, cols // factor, factor)
    return np.nanmean(v, axis=(1, 3))


def build_map_product(dem_paths: list[Path], start: str, end: str, step: str, out_dir: Path, height_m: float = 2.0,
                      n_azimuths: int = 360, downsample: int = 4, window=None, chunks: int = 8,
                      scheduler: str | None = None, progress=None, command: str = "", psr: bool = False) -> Path:
    """Compute sunlight and Earth visibility (dask, :func:`moonbase.environment.maps.visibility_map`) and slope,
    downsample by ``downsample`` and write ``map.npz`` + ``map.json`` into ``out_dir`` (whole or not at all).

    ``psr``: also the permanently shadowed share of each map pixel over the nodal cycle (ground level; a second
    sweep and the Sun's envelope over 18.6 years, about as long again as the maps).
    ``progress(fraction, message)`` is called as azimuth slices complete.
    """
    from ..environment.maps import visibility_map
    from ..environment.site import moon_sky_for
    from ..terrain.slope import slope_deg
    from ..terrain.source import required_terrain_stack
    from ..terrain.sweep import HorizonSweep
    from ..timegrid import utc_grid

    if not 1 <= downsample <= 16:
        raise InputError("downsample", downsample, "an integer from 1 to 16")
    stack = required_terrain_stack(dem_paths, "a map")
    sweep = HorizonSweep(stack, window, height_m)
    sky = moon_sky_for(utc_grid(start, end, step))
    done = [0]
    total = n_azimuths * (2 if psr else 1)

    def advance(n):
        done[0] += n
        if progress is not None:
            progress(min(done[0] / total, 1.0), f"azimuth slices {done[0]} of {total}")

    both = visibility_map(sweep, sky, "sun-and-earth", n_azimuths, chunks, scheduler, advance)
    r0, r1, c0, c1 = sweep.window
    slope = slope_deg(stack.dems[0])[r0:r1, c0:c1]
    layers = {"sun_any_pct": both["sun_any_pct"].values, "earth_any_pct": both["earth_any_pct"].values, "slope_deg": slope}
    psr_period = None
    if psr:
        from ..contention.shadow import ENVELOPE_STEP, NODAL_CYCLE, shadow_map

        shadow = shadow_map(HorizonSweep(stack, window, 0.0), moon_sky_for(utc_grid(*NODAL_CYCLE, ENVELOPE_STEP)),
                            n_azimuths, progress=advance)
        layers["psr_pct"] = np.where(np.isfinite(shadow.margin_deg), shadow.psr * 100.0, np.nan)
        psr_period = {"start": NODAL_CYCLE[0], "end": NODAL_CYCLE[1], "step": ENVELOPE_STEP, "epochs": shadow.epochs,
                      "observer_height_m": 0.0}
    packed = {}
    for name, values in layers.items():
        small = _block_mean(np.asarray(values, np.float64), downsample)
        quant = LAYERS[name][2]
        packed[name] = np.where(np.isfinite(small), np.clip(np.round(small / quant), 0, 254), 255).astype(np.uint8)
    x0, y0, dx, dy = sweep.geotransform
    meta = {
        "product": "moonbase web map",
        "layers": {k: {"title": v[0], "unit": v[1], "step": v[2]} for k, v in LAYERS.items() if k in packed},
        "geotransform": [x0, y0, dx * downsample, dy * downsample], "shape": list(packed["slope_deg"].shape),
        "crs": sweep.region.projection.proj4(), "period": {"start": start, "end": end, "step": step, "epochs": len(sky)},
        "observer_height_m": height_m, "n_azimuths": n_azimuths, "downsample": downsample, "window": list(sweep.window),
        "dems": stack.provenance(with_checksums=True), "command": command, "psr_period": psr_period,
        "tag": "[C] computed by Moonbase over LOLA terrain (doi:10.17189/1520642)",
    }
    out_dir = Path(out_dir)
    with atomic_directory(out_dir) as staging:
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **packed)
        (staging / "map.npz").write_bytes(buffer.getvalue())
        (staging / "map.json").write_text(dumps_json(meta), encoding="utf-8")
    return out_dir


@dataclass
class MapProduct:
    """A loaded map product: layers in their units (NaN = no data) and the metadata."""

    meta: dict
    layers: dict[str, np.ndarray]

    def latlon_at(self, u: float, v: float) -> tuple[float, float, int, int]:
        """Latitude, longitude [deg] of the pixel at fractional image position (u right, v down, 0-1)."""
        from ..terrain.projection import south_polar_stereographic

        rows, cols = self.meta["shape"]
        if not (0.0 <= u <= 1.0 and 0.0 <= v <= 1.0):
            raise InputError("u/v", (u, v), "fractions from 0 to 1 of the image width and height")
        col, row = min(int(u * cols), cols - 1), min(int(v * rows), rows - 1)
        x0, y0, dx, dy = self.meta["geotransform"]
        lat, lon = south_polar_stereographic().inverse(x0 + (col + 0.5) * dx, y0 + (row + 0.5) * dy)
        return float(lat), float(lon), row, col

    def pixel_of(self, lat_deg: float, lon_deg: float) -> tuple[float, float]:
        """Fractional image position (u, v) of a point (may fall outside 0-1)."""
        from ..terrain.projection import south_polar_stereographic

        x, y = south_polar_stereographic().forward(lat_deg, lon_deg)
        rows, cols = self.meta["shape"]
        x0, y0, dx, dy = self.meta["geotransform"]
        return float((x - x0) / dx / cols), float((y - y0) / dy / rows)


def _folder(folder: Path | None) -> Path:
    return Path(folder) if folder is not None else Path(str(resources.files("moonbase").joinpath("web", "data")))


def load_map_product(folder: Path | None = None) -> MapProduct:
    """The product in ``folder``, or the default one shipped with the package (read once per version of its files)."""
    folder = _folder(folder)
    return _load(str(folder), _stamp(folder))


def _stamp(folder: Path) -> tuple[int, int]:
    """The version of a product's files (their modification times): what the caches are keyed by."""
    try:
        return tuple((folder / name).stat().st_mtime_ns for name in ("map.json", "map.npz"))
    except OSError as exc:
        raise MoonbaseError(f"map product {folder}: cannot be read ({exc}); rebuild it with `moonbase web-map`") from None


@lru_cache(maxsize=16)
def _load(folder: str, stamp: tuple[int, int]) -> MapProduct:
    folder = Path(folder)
    try:
        meta = json.loads((folder / "map.json").read_text(encoding="utf-8"))
        with np.load(folder / "map.npz") as npz:
            raw = {k: npz[k] for k in npz.files}
    except (OSError, ValueError) as exc:
        raise MoonbaseError(f"map product {folder}: cannot be read ({exc}); rebuild it with `moonbase web-map`") from None
    layers = {k: np.where(v == 255, np.nan, v * LAYERS[k][2]) for k, v in raw.items() if k in LAYERS}
    return MapProduct(meta, layers)


@lru_cache(maxsize=64)
def _png_cached(folder: str, stamp: tuple[int, int], layer: str) -> bytes:
    return _render_png(_load(folder, stamp), layer)


def layer_png(folder: Path | None, layer: str) -> bytes:
    """The layer as a coloured PNG (one pixel per product pixel, NaN transparent), cached per version of the files."""
    folder = _folder(folder)
    stamp = _stamp(folder)
    available = _load(str(folder), stamp).layers
    if layer not in available:
        raise InputError("layer", layer, f"one of {', '.join(available)} (the layers of this map product)")
    return _png_cached(str(folder), stamp, layer)


def _render_png(product: MapProduct, layer: str) -> bytes:
    import matplotlib
    from matplotlib import colormaps

    matplotlib.use("Agg")
    from matplotlib import image

    values = product.layers[layer]
    top = LAYER_TOP[LAYERS[layer][1]]
    rgba = colormaps[LAYERS[layer][3]](np.clip(np.nan_to_num(values, nan=0.0) / top, 0, 1))
    rgba[..., 3] = np.where(np.isfinite(values), 1.0, 0.0)
    buffer = io.BytesIO()
    image.imsave(buffer, rgba, format="png")
    return buffer.getvalue()
