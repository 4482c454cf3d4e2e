"""How much memory (and, where it can be told, time) a piece of work needs, checked before it starts.

Every command whose work grows with epochs, sites, pixels, objects or cells estimates its peak memory from
those counts and refuses, in one line, work that would not fit in the memory limit, giving the estimate and
the largest period (or the coarsest step) that fits. The limit is, in order: the ``--memory-limit`` option
(``moonbase --memory-limit 8GB COMMAND ...``), the ``MOONBASE_MEMORY_LIMIT`` setting (read when the check
runs, never at import), or 80 % of the memory available now (``psutil.virtual_memory().available``, else
``MemAvailable`` in ``/proc/meminfo``).

The per-epoch and per-item figures below are peak resident-set growth measured with ``ru_maxrss`` on
100,000 and 400,000 epochs (one site, connecting-ridge at 10 m, built-in horizon; Python 3.11, numpy 1.26,
a loaded 2-core machine), rounded up by about 20 %.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, WorkTooLargeError

#: Share of the available memory a command may plan to use (the rest is the interpreter, libraries, margin).
AVAILABLE_SHARE = 0.8
#: Fixed memory of an analysis besides its per-epoch arrays: interpreter, numpy/numba/skyfield, kernels [bytes]
#: (measured: ~220 MB resident before the first epoch).
BASE_BYTES = 250e6

#: Peak bytes per epoch [B] (measured growth per epoch between 100,000 and 400,000 epochs, then the overall
#: per-epoch figure at 400,000 epochs, whichever is larger, plus ~20 %):
PER_EPOCH_BYTES = {
    "sky": 540,        # LunarEphemeris.moon_sky: 295 B/epoch slope, 440 B/epoch overall at 400,000
    "site": 540,       # moon_sky + one site's visibility series and statistics: 440 B/epoch at 400,000
    "windows": 660,    # site + candidate starts and their reasons, CSV text: 548 B/epoch at 400,000
    "power": 620,      # site + array output, load profile and storage simulation: 511 B/epoch at 400,000
    "comms": 27_600,   # DTE per station and relay propagation: 23,000 B/epoch at 400,000 (network dsn + 1 relay)
    "ephem": 6_000,    # records as Python dicts and their JSON text: 5,000 B/epoch at 400,000
}
#: A plan runs every section on the same epochs: measured on the built-in ``ilrs`` scenario (hourly), 302 MB
#: of growth for 8,761 epochs and 907 MB for 35,065 epochs, i.e. 23.5 kB per epoch (the communications
#: section's networks and relays dominate); 28 kB used.
PLAN_PER_EPOCH_BYTES = 28_000
#: A map's per-epoch tables hold each body's azimuth and elevation at every 32-pixel block corner, and the
#: (epoch, block) lists: measured 8.5 GB for 163,000 hourly epochs on the 1536 x 1536 tile (2,401 corners),
#: i.e. 21.7 B per corner and epoch; 24 B used.
MAP_BYTES_PER_CORNER_EPOCH = 24.0
#: A map's time on two cores: the horizon sweep, 89 s for the 1536 x 1536 tile in 720 azimuths, plus the
#: accumulation, 1.7e-9 s per epoch and pixel (README figures: 2 min for 8,766 epochs, 12.5 min for 163,000).
MAP_SWEEP_SECONDS_PER_PIXEL_AZIMUTH = 89.0 / (1536 * 1536 * 720)
MAP_SECONDS_PER_EPOCH_PIXEL = 1.7e-9
#: Conjunction screening: SGP4 position and velocity per object and knot (48 B) and the candidate filters;
#: measured on the 11,645 objects of the 2026-05-30 CelesTrak files: 301 MB for 6 h and 1,040 MB for 24 h
#: (2-minute knots), i.e. 123 B per object and knot; 150 B used.
SCREEN_BYTES_PER_OBJECT_KNOT = 150.0
#: Launch COLA: each candidate's position every second of window + coverage (position, velocity, rotated
#: copy: ~100 B, from the array shapes, not measured) and its closest approach per launch second (16 B).
COLA_BYTES_PER_OBJECT_SECOND = 100.0
COLA_BYTES_PER_OBJECT_LAUNCH = 16.0
#: A best-cell search keeps every cell's visibility series (9 float64/datetime arrays): 72 B per cell-epoch,
#: and one exact horizon per cell (0.07 s each on one core, `benchmarks/bench_terrain.py`).
SEARCH_BYTES_PER_CELL_EPOCH = 80.0
SEARCH_SECONDS_PER_CELL = 0.07

_override: float | None = None
_SIZE = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*([kmgt]?i?b?)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12}


def parse_size(text: str, option: str = "--memory-limit") -> float:
    """``'8GB'``, ``'500MB'``, ``'24G'``, ``'2GiB'`` or a number of bytes → bytes."""
    match = _SIZE.match(str(text))
    if not match:
        raise InputError(option, text, "a memory size such as 8GB, 500MB or 24G")
    unit = (match.group(2) or "").lower()
    binary = "i" in unit
    unit = unit.replace("i", "").replace("b", "")
    value = float(match.group(1)) * (1024 ** " kmgt".index(unit) if binary and unit else _UNITS[unit])
    if not value > 0:
        raise InputError(option, text, "a memory size above zero")
    return value


def set_memory_limit(text: str | None) -> None:
    """The ``--memory-limit`` option: overrides the setting and the machine's available memory."""
    global _override
    _override = None if text is None else parse_size(text)


def _available_bytes() -> float | None:
    try:
        import psutil

        return float(psutil.virtual_memory().available)
    except Exception:  # psutil missing or unsupported here: fall back to the kernel's own figure
        pass
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return float(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def memory_limit() -> tuple[float, str]:
    """(limit [bytes], where it comes from)."""
    if _override is not None:
        return _override, "--memory-limit"
    setting = os.environ.get("MOONBASE_MEMORY_LIMIT")
    if setting:
        return parse_size(setting, "MOONBASE_MEMORY_LIMIT"), "MOONBASE_MEMORY_LIMIT"
    available = _available_bytes()
    if available is None:
        return math.inf, "unknown available memory"
    return AVAILABLE_SHARE * available, f"{AVAILABLE_SHARE:.0%} of the memory available now"


def gb(value: float) -> str:
    return f"{value / 1e9:.1f} GB" if value >= 1e8 else f"{value / 1e6:.0f} MB"


def duration(seconds: float) -> str:
    """A step or a period in the units a user would type."""
    if seconds >= 86400 * 2:
        return f"{seconds / 86400:,.0f} days"
    if seconds >= 3600:
        return f"{seconds / 3600:.4g}h"
    if seconds >= 60:
        return f"{seconds / 60:.4g}min"
    return f"{seconds:.4g}s"


def step_text(seconds: float) -> str:
    """A step rounded up to a whole number of the largest fitting unit, as ``--step`` accepts it."""
    if seconds < 600:
        return f"{math.ceil(seconds)}s"
    if seconds < 2 * 3600:
        return f"{math.ceil(seconds / 60)}min"
    if seconds < 2 * 86400:
        return f"{math.ceil(seconds / 3600)}h"
    return f"{math.ceil(seconds / 86400)}d"


@dataclass(frozen=True)
class WorkSize:
    """An estimate: ``fixed + per_epoch * epochs`` bytes, and the time if known [s]."""

    what: str
    epochs: int
    step_s: float
    per_epoch_bytes: float
    fixed_bytes: float = BASE_BYTES
    seconds: float | None = None
    unit: str = "epochs"

    @property
    def bytes(self) -> float:
        return self.fixed_bytes + self.per_epoch_bytes * self.epochs

    def describe(self) -> str:
        time = f", about {duration(self.seconds)} of computing" if self.seconds else ""
        return f"{self.what}: {self.epochs:,} {self.unit} need about {gb(self.bytes)}{time}"


def check(work: WorkSize, step_option: str | None = "--step", period_option: str = "--start/--end") -> WorkSize:
    """Refuse ``work`` when its memory exceeds the limit, saying what would fit; returns ``work`` otherwise.

    ``step_option`` None: the step is not the user's to choose, so only the longest period is suggested.
    """
    limit, source = memory_limit()
    if work.bytes <= limit:
        return work
    room = limit - work.fixed_bytes
    fits = int(room // work.per_epoch_bytes) if room > 0 and work.per_epoch_bytes > 0 else 0
    if fits < 2:
        advice = "even its fixed part does not fit; raise --memory-limit"
    else:
        span_s = (work.epochs - 1) * work.step_s
        longest = (fits - 1) * work.step_s
        coarsest = span_s / (fits - 1)
        if step_option is None:
            advice = f"the longest period that fits is {duration(longest)} ({period_option}); or raise --memory-limit"
        else:
            advice = (f"the largest period that fits at {step_option} {step_text(work.step_s)} is {duration(longest)} "
                      f"({period_option}); for this period use {step_option} {step_text(coarsest)} or coarser; "
                      "or raise --memory-limit")
    raise WorkTooLargeError(f"{work.describe()}, over the limit of {gb(limit)} ({source}): {advice}",
                            work.bytes, limit)


def check_bytes(what: str, estimate_bytes: float, advice: str) -> float:
    """Refuse work of ``estimate_bytes`` that has no period to shorten (pixels, objects, cells)."""
    limit, source = memory_limit()
    if estimate_bytes > limit:
        raise WorkTooLargeError(f"{what} needs about {gb(estimate_bytes)}, over the limit of {gb(limit)} ({source}): "
                                f"{advice}, or set --memory-limit", estimate_bytes, limit)
    return estimate_bytes


def epochs_work(kind: str, epochs: int, step_s: float, sites: int = 1, what: str | None = None) -> WorkSize:
    """The work of ``kind`` (a key of :data:`PER_EPOCH_BYTES`, or ``"plan"``) for ``epochs`` at ``sites`` sites."""
    per_epoch = PLAN_PER_EPOCH_BYTES if kind == "plan" else PER_EPOCH_BYTES[kind]
    if sites > 1:  # sites are taken one after another on the same sky: one site's series alive at a time
        per_epoch = PER_EPOCH_BYTES["sky"] + (per_epoch - PER_EPOCH_BYTES["sky"]) * 2
    return WorkSize(what or kind, int(epochs), float(step_s), float(per_epoch))


def map_work(rows: int, cols: int, epochs: int, step_s: float, bodies: int, block: int, bitset_copies: int = 0,
             azimuths: int = 720) -> WorkSize:
    """A visibility map of ``rows`` x ``cols`` pixels over ``epochs``: per-epoch body tables, sums and bitsets."""
    corners = (-(-rows // block) + 1) * (-(-cols // block) + 1)
    per_epoch = (PER_EPOCH_BYTES["sky"] + MAP_BYTES_PER_CORNER_EPOCH * corners * bodies
                 + bitset_copies * bodies * rows * cols / 8.0)
    sums = rows * cols * 12.0 * bodies * 4  # float64 sum + int32 count per body, per running task and total
    seconds = rows * cols * (azimuths * MAP_SWEEP_SECONDS_PER_PIXEL_AZIMUTH + epochs * bodies * MAP_SECONDS_PER_EPOCH_PIXEL)
    return WorkSize(f"a map of {rows:,} x {cols:,} pixels", int(epochs), float(step_s), per_epoch, BASE_BYTES + sums,
                    seconds=seconds)
