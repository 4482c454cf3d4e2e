"""A progress bar for long work, shown on a terminal and silent elsewhere."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress_bar(enabled: bool = True):
    """A rich ``Progress`` on stderr; disabled when stderr is not a terminal or ``enabled`` is false."""
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not (enabled and sys.stderr.isatty()),
    )
    with progress:
        yield progress
