"""The plan's summary as plain text lines for the terminal: the same headlines and formatter as the report.

    >>> from moonbase.contract import Figure, Status
    >>> from moonbase.summary import Headline, Station
    >>> where = Station("Demo", "change7", -88.8, 123.4, 2.0, 10.0, "2030-01-01", "2031-01-01", "1h")
    >>> line = Headline("power", "Power", Status.OK, "The lightest system is fission.",
    ...                 (Figure("system_mass_kg", "System mass", 12_345.6, "kg"),), period="2030-01-01 to 2031-01-01")
    >>> print("\\n".join(summary_lines(where, [line])))
    Demo
    Where: change7 (88.800° S, 123.400° E), observer 2 m, mast 10 m
    When: 2030-01-01 to 2031-01-01 (every 1h)
    Power (2030-01-01 to 2031-01-01)
      The lightest system is fission.
      System mass: 12.3 t
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from ..contract import Status
from ..summary import Headline, Station
from .format import format_figure, format_text, has_value, humanise

WIDTH = 100


def summary_lines(where: Station, headlines: Sequence[Headline], width: int = WIDTH) -> list[str]:
    """Where and when, then each headline with figures (or a failure): its title, answer and figures, indented."""
    lines = [where.title, f"Where: {where.where}, {where.heights}", f"When: {where.period} (every {where.step})"]
    for headline in headlines:
        if not headline.figures and headline.status != Status.FAILED:
            continue
        lines.append(f"{headline.title} ({headline.period})" if headline.period else headline.title)
        if headline.status == Status.FAILED:
            lines.append(f"  failed: {headline.error or 'see the report'}")
            continue
        if headline.answer:
            lines += textwrap.wrap(format_text(headline.answer), width, initial_indent="  ", subsequent_indent="  ")
        lines += [f"  {f.label or humanise(f.key)}: {format_figure(f)}" for f in headline.figures if has_value(f)]
    return lines
