"""A progress bar for long work, shown on a terminal and silent elsewhere."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn


@contextmanager
def progress_bar(enabled: bool = True, counts: bool = True):
    """A rich ``Progress`` on stderr; disabled when stderr is not a terminal or ``enabled`` is false."""
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn() if counts else TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not (enabled and sys.stderr.isatty()),
    )
    with progress:
        yield progress


@contextmanager
def progress_callback(enabled: bool = True):
    """A ``(fraction, message)`` callback drawing one bar on a terminal (see :func:`progress_bar`).

    The same callback shape serves a web page (``moonbase.plan.run_plan(..., progress=...)``).
    """
    steps = 1000
    with progress_bar(enabled, counts=False) as progress:
        task = progress.add_task("starting", total=steps)

        def report(fraction: float, message: str) -> None:
            progress.update(task, completed=round(min(max(fraction, 0.0), 1.0) * steps), description=message)

        yield report
