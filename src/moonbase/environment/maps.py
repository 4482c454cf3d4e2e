"""Sunlight and Earth-visibility maps: every pixel of a polar DEM, streamed azimuth by azimuth, on dask.

For each pair of consecutive horizon slices (map bearings α_k, α_k+1) from the sweep of
:class:`moonbase.terrain.sweep.HorizonSweep`, each epoch whose Sun (or Earth) stands at a grid azimuth
between them at a pixel adds that pixel's visible disk fraction (:mod:`moonbase.kernels.maps`).
The pixels × azimuths cube is never held: only two slices at a time.

The work is split into *azimuth chunks*: every (epoch, pixel) pair belongs to exactly one slice pair,
so the chunks' partial sums add up to the map. Each chunk sweeps whole map lines, which keeps the
far-field terrain march shared by every pixel of a line (spatial tiles would repeat it per tile).
Chunks run as dask tasks: local threads by default, or a dask.distributed cluster by address.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from ..errors import InputError, MoonbaseError
from ..ephemeris import MoonSky
from ..geometry import SurfacePoint, sky_at_sites
from ..kernels.maps import accumulate_slice, count_joint, horizon_bounds
from ..terrain.horizon import DEFAULT_AZIMUTHS
from ..terrain.sweep import HorizonSweep

KINDS = ("sunlight", "earth", "sun-and-earth")
#: Pixels per side of a block within which a body's azimuth and elevation are interpolated bilinearly:
#: 32 px of 240 m (7.7 km) subtend 0.25° at the Moon's centre, so the interpolation error is ~1e-4°.
BLOCK = 32
#: Epochs per batch when listing which blocks each slice pair visits (bounds the temporary memory: ~0.5 GB).
EPOCH_BATCH = 8766
#: Most bytes for the per-epoch visibility bitsets that sun-and-earth maps need.
MAX_BITSET_BYTES = 6_000_000_000


@dataclass
class BodyTable:
    """A body's grid azimuth and elevation at block corners for every epoch, and its angular radius."""

    gamma: np.ndarray   # (T, R+1, C+1) float32 [deg, 0-360]
    elev: np.ndarray    # (T, R+1, C+1) float32 [deg]
    radius: np.ndarray  # (T,) float64 [deg]


def _corner_points(sweep: HorizonSweep, block: int):
    rows, cols = sweep.shape
    n_r, n_c = -(-rows // block), -(-cols // block)
    corner_rows = np.minimum(np.arange(n_r + 1) * block, rows) - 0.5  # pixel-edge positions in pixel units
    corner_cols = np.minimum(np.arange(n_c + 1) * block, cols) - 0.5
    rr, cc = np.meshgrid(corner_rows, corner_cols, indexing="ij")
    lat, lon = sweep.pixel_latlon(rr, cc)
    bearing = sweep.north_bearing_deg(rr, cc)
    return n_r, n_c, lat, lon, bearing


def body_table(sweep: HorizonSweep, sky: MoonSky, body: str, block: int = BLOCK) -> BodyTable:
    n_r, n_c, lat, lon, bearing = _corner_points(sweep, block)
    points = [SurfacePoint(float(a), float(b), 0.0) for a, b in zip(lat.ravel(), lon.ravel())]
    track = sky_at_sites(sky, points, dtype=np.float32, with_range=False)[body]
    shape = (n_r + 1, n_c + 1)
    gamma = np.mod(track.azimuth_deg + bearing.ravel()[:, None].astype(np.float32), 360.0).T.reshape(-1, *shape)
    elev = track.elevation_deg.T.reshape(-1, *shape)
    return BodyTable(np.ascontiguousarray(gamma, np.float32), np.ascontiguousarray(elev, np.float32),
                     np.ascontiguousarray(track.angular_radius_deg[0], np.float64))


def slice_entries(table: BodyTable, n_azimuths: int, epoch_batch: int = EPOCH_BATCH) -> list[tuple]:
    """Which (epoch, block) pairs each slice pair visits, as one CSR per batch of epochs.

    Each CSR is ``(offsets (n+1,), epochs, blocks)``: slice pair k visits ``epochs[offsets[k]:offsets[k+1]]``
    (global epoch indices) with the matching blocks, ordered by block, then epoch. Batches bound the
    temporary memory of long periods (an 18.6-year hourly table would otherwise need ~20 GB to sort).
    """
    return [_slice_entries_batch(table.gamma, start, min(start + epoch_batch, table.gamma.shape[0]), n_azimuths)
            for start in range(0, table.gamma.shape[0], epoch_batch)]


def _slice_entries_batch(gamma: np.ndarray, start: int, stop: int, n_azimuths: int):
    g = gamma[start:stop]
    step = 360.0 / n_azimuths
    corners = np.stack([g[:, :-1, :-1], g[:, :-1, 1:], g[:, 1:, :-1], g[:, 1:, 1:]], axis=0)
    base = corners[0]
    unwrapped = corners + 360.0 * np.round((base - corners) / 360.0)
    lo = unwrapped.min(axis=0)
    hi = unwrapped.max(axis=0)
    k0 = np.floor(lo / step).astype(np.int64)
    k1 = np.floor(hi / step).astype(np.int64)
    span = k1 - k0
    n_t, n_r, n_c = lo.shape
    t_index = np.broadcast_to(np.arange(start, stop)[:, None, None], lo.shape)
    b_index = np.broadcast_to((np.arange(n_r)[:, None] * n_c + np.arange(n_c)[None, :])[None], lo.shape)
    slices, epochs, blocks = [], [], []
    for extra in range(int(span.max()) + 1):
        mask = span >= extra
        slices.append((k0[mask] + extra) % n_azimuths)
        epochs.append(t_index[mask])
        blocks.append(b_index[mask])
    slices, epochs, blocks = np.concatenate(slices), np.concatenate(epochs), np.concatenate(blocks)
    # By slice pair, then block, then epoch: a block's epochs follow one another, so its pixels stay in cache.
    order = np.argsort((slices * (n_r * n_c) + blocks) * n_t + (epochs - start), kind="stable")
    offsets = np.concatenate([[0], np.cumsum(np.bincount(slices, minlength=n_azimuths))])
    return offsets, epochs[order].astype(np.int32), blocks[order].astype(np.int32)


def accumulate_chunk(sweep: HorizonSweep, first: int, last: int, n_azimuths: int, tables: dict, entries: dict,
                     n_epochs: int, keep_bits: bool, progress=None) -> dict:
    """Partial sums for slice pairs ``first .. last-1`` (bearings α_first .. α_last); ``progress(1)`` after each."""
    rows, cols = sweep.shape
    step = 360.0 / n_azimuths
    n_block_cols = -(-cols // BLOCK)
    out = {}
    for body in tables:
        out[body] = {"sum": np.zeros((rows, cols)), "any": np.zeros((rows, cols), np.int32),
                     "bits": np.zeros((rows, cols, (n_epochs + 7) // 8) if keep_bits else (0, 0, 0), np.uint8)}
    previous = sweep.direction(first * step)
    for k in range(first, last):
        current = sweep.direction(((k + 1) % n_azimuths) * step)
        bounds = horizon_bounds(previous, current, BLOCK, n_block_cols)
        for body, table in tables.items():
            batches = entries[body]
            epochs = np.concatenate([e[o[k]:o[k + 1]] for o, e, _ in batches])
            blocks = np.concatenate([b[o[k]:o[k + 1]] for o, _, b in batches])
            accumulate_slice(previous, current, bounds, k * step, (k + 1) * step, epochs, blocks, BLOCK, n_block_cols,
                             table.gamma, table.elev, table.radius, out[body]["sum"], out[body]["any"], out[body]["bits"])
        previous = current
        if progress is not None:
            progress(1)
    return out


def _merge_into(total: dict | None, part: dict) -> dict:
    """Add one task's partial sums to the running total (the first part becomes the total)."""
    if total is None:
        return part
    for body, acc in part.items():
        total[body]["sum"] += acc["sum"]
        total[body]["any"] += acc["any"]
        if acc["bits"].size:
            total[body]["bits"] |= acc["bits"]
    return total


def _check_bitset_memory(rows: int, cols: int, n_epochs: int, copies: int) -> None:
    """Refuse a sun-and-earth map whose per-epoch bitsets (two bodies, ``copies`` alive at once) exceed the limit."""
    per_copy = 2 * rows * cols * -(-n_epochs // 8)
    if copies * per_copy > MAX_BITSET_BYTES:
        most_epochs = 8 * (MAX_BITSET_BYTES // (copies * 2 * rows * cols))
        raise InputError("period", f"{n_epochs:,} epochs", f"at most {most_epochs:,} epochs for a sun-and-earth map of "
                         f"{rows}x{cols} pixels ({copies} x {per_copy / 1e9:.1f} GB of visibility bitsets; limit "
                         f"{MAX_BITSET_BYTES / 1e9:g} GB): use a coarser step=, a shorter period or a smaller window=")


def visibility_map(sweep: HorizonSweep, sky: MoonSky, kind: str, n_azimuths: int = DEFAULT_AZIMUTHS,
                   chunks: int = 8, scheduler: str | None = None, progress=None):
    """The map as an ``xarray.Dataset`` of percentages on the sweep's window (y, x in map metres).

    ``progress(n)``, if given, is called as slice pairs complete (``n_azimuths`` in all): one at a time on
    local threads, a whole chunk at a time from a cluster.
    """
    import dask
    import xarray as xr

    if kind not in KINDS:
        raise InputError("kind", kind, f"one of {', '.join(KINDS)}")
    bodies = {"sunlight": ["sun"], "earth": ["earth"], "sun-and-earth": ["sun", "earth"]}[kind]
    n_epochs = len(sky)
    keep_bits = kind == "sun-and-earth"
    rows, cols = sweep.shape
    workers = os.cpu_count() or 1
    if keep_bits:  # bitsets alive at once: one per running task and the running total (the client's, on a cluster)
        _check_bitset_memory(rows, cols, n_epochs, copies=2 if scheduler else workers + 1)
    tables = {body: body_table(sweep, sky, body) for body in bodies}
    entries = {body: slice_entries(tables[body], n_azimuths) for body in bodies}
    bounds = np.linspace(0, n_azimuths, min(chunks, n_azimuths) + 1).astype(int)
    tasks = [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:]) if b > a]
    total = None
    if scheduler:
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise MoonbaseError("maps on a cluster need dask.distributed: pip install 'moonbase[cluster]' "
                                "(or leave scheduler= unset for local threads)") from None

        with Client(scheduler) as client:
            shared = client.scatter([sweep, tables, entries], broadcast=True)
            futures = [client.submit(accumulate_chunk, shared[0], a, b, n_azimuths, shared[1], shared[2], n_epochs,
                                     keep_bits, pure=False) for a, b in tasks]
            spans = {future.key: b - a for future, (a, b) in zip(futures, tasks)}
            for future in as_completed(futures):
                total = _merge_into(total, future.result())
                if progress is not None:
                    progress(spans[future.key])
    else:  # in waves of one task per thread, merged as they end, so only that many partial sums are alive
        for first in range(0, len(tasks), workers):
            wave = [dask.delayed(accumulate_chunk)(sweep, a, b, n_azimuths, tables, entries, n_epochs, keep_bits, progress)
                    for a, b in tasks[first:first + workers]]
            for part in dask.compute(*wave, scheduler="threads", num_workers=workers):
                total = _merge_into(total, part)
    valid = np.isfinite(sweep.heights)
    data = {}
    for body in bodies:
        label = "sun" if body == "sun" else "earth"
        data[f"{label}_any_pct"] = np.where(valid, 100.0 * total[body]["any"] / n_epochs, np.nan)
        data[f"{label}_mean_disk_pct"] = np.where(valid, 100.0 * total[body]["sum"] / n_epochs, np.nan)
    if keep_bits:
        joint = np.zeros((rows, cols), np.int32)
        count_joint(total["sun"]["bits"], total["earth"]["bits"], joint)
        data["sun_and_earth_pct"] = np.where(valid, 100.0 * joint / n_epochs, np.nan)
    x0, y0, dx, dy = sweep.geotransform
    coords = {"y": y0 + (np.arange(rows) + 0.5) * dy, "x": x0 + (np.arange(cols) + 0.5) * dx}
    dataset = xr.Dataset({k: (("y", "x"), v.astype(np.float32)) for k, v in data.items()}, coords=coords)
    dataset.attrs.update({"kind": kind, "epochs": n_epochs, "start": str(sky.utc[0]), "end": str(sky.utc[-1]),
                          "observer_height_m": sweep.observer_height_m, "n_azimuths": n_azimuths,
                          "geotransform": list(sweep.geotransform), "crs": sweep.region.projection.proj4()})
    return dataset


def headline(kind: str) -> str:
    """The variable a map of ``kind`` is about."""
    return {"sunlight": "sun_any_pct", "earth": "earth_any_pct", "sun-and-earth": "sun_and_earth_pct"}[kind]
