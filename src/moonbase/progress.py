"""Progress of long work: a bar on a terminal, plain lines on stderr elsewhere (a log, a pipe, CI).

Off a terminal a line is printed at each further 10 % (``moonbase: 40% comms (12 s)``), never two closer
than :data:`MIN_INTERVAL_S`, and a line every :data:`QUIET_INTERVAL_S` while one long step runs, so a
log shows the work is alive without a line per epoch. The first progress display of a process whose
numba cache holds no compiled kernel yet says that the kernels are being compiled, once: that is why a
first run takes minutes longer than the next.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

#: Off a terminal: the least time between two progress lines [s], and the longest silence while work runs [s].
MIN_INTERVAL_S = 2.0
QUIET_INTERVAL_S = 30.0
#: Off a terminal: a line at each further step of this fraction.
STEP_FRACTION = 0.1

COMPILING_MESSAGE = "moonbase: compiling numerical kernels (first run only; later runs load them from the cache)"

_told_compiling = False


def kernel_cache_folders() -> list[Path]:
    """Where numba keeps the compiled kernels of ``moonbase.kernels`` (``cache=True``).

    ``$NUMBA_CACHE_DIR/kernels_<sha1 of the source folder>`` when that variable is set, else the package's
    ``kernels/__pycache__`` or the user-wide cache (numba.core.caching's cache locators, in their order).
    """
    import hashlib

    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kernels")  # as numba names it: abspath
    subpath = f"kernels_{hashlib.sha1(source.encode()).hexdigest()}"
    cache_dir = os.environ.get("NUMBA_CACHE_DIR")
    if cache_dir:
        return [Path(cache_dir) / subpath]
    # In the source tree when it is writable, else the user-wide cache (~/.cache/numba on Linux).
    return [Path(source) / "__pycache__", Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "numba" / subpath]


def kernels_compiled() -> bool:
    """True when numba's cache holds an index (``*.nbi``) of at least one of Moonbase's kernels."""
    for folder in kernel_cache_folders():
        try:
            if any(folder.glob("*.nbi")):
                return True
        except OSError:
            continue
    return False


def tell_if_compiling() -> None:
    """Print :data:`COMPILING_MESSAGE` on stderr once per process, when no kernel is compiled yet."""
    global _told_compiling
    if not _told_compiling and not kernels_compiled():
        print(COMPILING_MESSAGE, file=sys.stderr, flush=True)
    _told_compiling = True


class PlainProgress:
    """The part of ``rich.progress.Progress`` Moonbase uses, as throttled plain lines on stderr."""

    def __init__(self, stream=None, clock=time.monotonic, counts: bool = True):
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.counts = counts
        self.started = clock()
        self.tasks: dict[int, dict] = {}
        self.last_line_at: float | None = None

    def add_task(self, description: str, total: float | None = None, **_) -> int:
        task = len(self.tasks)
        self.tasks[task] = {"description": description, "total": total, "completed": 0.0, "step": -1}
        return task

    def advance(self, task: int, advance: float = 1.0) -> None:
        self.update(task, advance=advance)

    def update(self, task: int, completed: float | None = None, advance: float | None = None,
               description: str | None = None, total: float | None = None, **_) -> None:
        state = self.tasks[task]
        if total is not None:
            state["total"] = total
        if completed is not None:
            state["completed"] = float(completed)
        if advance is not None:
            state["completed"] += float(advance)
        if description is not None:
            state["description"] = description
        self._maybe_print(state)

    def _maybe_print(self, state: dict) -> None:
        now = self.clock()
        total = state["total"]
        fraction = min(max(state["completed"] / total, 0.0), 1.0) if total else None
        step = -1 if fraction is None else int(fraction / STEP_FRACTION + 1e-9)
        since = None if self.last_line_at is None else now - self.last_line_at
        done = fraction is not None and fraction >= 1.0
        if since is not None and since < MIN_INTERVAL_S and not (done and step > state["step"]):
            return
        if since is not None and step <= state["step"] and since < QUIET_INTERVAL_S:
            return
        state["step"] = step
        self.last_line_at = now
        elapsed = f"{now - self.started:.0f} s"
        if fraction is None:
            text = f"moonbase: {state['description']} ({elapsed})"
        elif self.counts:
            text = (f"moonbase: {state['description']} {fraction:.0%} "
                    f"({state['completed']:,.0f}/{total:,.0f}, {elapsed})")
        else:
            text = f"moonbase: {fraction:.0%} {state['description']} ({elapsed})"
        print(text, file=self.stream, flush=True)


class _Silent:
    def add_task(self, *args, **kwargs) -> int:
        return 0

    def advance(self, *args, **kwargs) -> None:
        pass

    def update(self, *args, **kwargs) -> None:
        pass


@contextmanager
def progress_bar(enabled: bool = True, counts: bool = True):
    """A rich ``Progress`` on a terminal's stderr, plain lines when stderr is not a terminal, nothing if not ``enabled``."""
    if not enabled:
        yield _Silent()
        return
    tell_if_compiling()
    if not sys.stderr.isatty():
        yield PlainProgress(counts=counts)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn() if counts else TaskProgressColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        yield progress


@contextmanager
def progress_callback(enabled: bool = True):
    """A ``(fraction, message)`` callback drawing one bar on a terminal, plain lines elsewhere (see :func:`progress_bar`).

    The same callback shape serves a web page (``moonbase.plan.run_plan(..., progress=...)``).
    """
    steps = 1000
    with progress_bar(enabled, counts=False) as progress:
        task = progress.add_task("starting", total=steps)

        def report(fraction: float, message: str) -> None:
            progress.update(task, completed=round(min(max(fraction, 0.0), 1.0) * steps), description=message)

        yield report
