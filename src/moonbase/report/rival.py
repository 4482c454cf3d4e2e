"""The plan report's short comparison with the scenario's rival (``[race] rival``), from the plan's own data.

``html.render_report`` includes it after the summary::

    summary=join([_summary(plan), rival_html(plan)]),

Its data is :func:`moonbase.compare.rival_block`: the race section's probabilities, the contention section's
same-place pairs and keep-out overlaps, and the named sites the two scenarios share. The rival's own plan
is not run; ``moonbase compare`` does that.
"""

from __future__ import annotations

import re

from .compare import _format
from .markup import Markup, element, join


#: The race section's P(first) labels: "P(ilrs first: first crewed landing)".
_P_FIRST = re.compile(r"^P\((?P<programme>[^ ]+) first: (?P<milestone>.*)\)$")


def _race_table(figures) -> Markup:
    """One row per milestone, one column per programme: P(first)."""
    cells: dict[str, dict[str, object]] = {}
    programmes: list[str] = []
    for f in figures:
        found = _P_FIRST.match(f.label)
        programme, milestone = (found["programme"], found["milestone"]) if found else (f.key, f.label)
        programmes += [programme] if programme not in programmes else []
        cells.setdefault(milestone, {})[programme] = _format(f.value, f.unit, f.digits)
    head = element("tr", element("th", "P(first)"), *(element("th", p) for p in programmes))
    rows = [element("tr", element("td", m), *(element("td", by.get(p, "—")) for p in programmes)) for m, by in cells.items()]
    return element("table", head, *rows, class_="figures")


def rival_html(plan) -> Markup:
    """The block as HTML ("" when the scenario names no rival)."""
    from ..compare import SHARED_WITHIN_KM, rival_block

    block = rival_block(plan)
    if block is None:
        return Markup("")
    name = plan.scenario.name
    parts: list = [element("h3", f"Compared with the rival: {block.rival_title}", id="rival"),
                   element("p", f"This scenario names {block.rival} as its rival ([race] rival). For the full comparison "
                                f"on one period run `moonbase compare {name} {block.rival} --out DIR`.")]
    if block.race_answer:
        parts.append(element("p", block.race_answer, class_="answer"))
    if block.race:
        parts.append(_race_table(block.race))
    if block.contention_figures:
        parts.append(element("table", *(element("tr", element("td", f.label), element("td", _format(f.value, f.unit, f.digits)))
                                        for f in block.contention_figures), class_="figures"))
    if block.shared:
        rows = [element("tr", *(element("th", h) for h in (f"{name} site", "role", f"{block.rival} site", "role",
                                                           "distance", "same point")))]
        rows += [element("tr", element("td", element("code", s.site_a)), element("td", ", ".join(s.roles_a)),
                         element("td", element("code", s.site_b)), element("td", ", ".join(s.roles_b)),
                         element("td", _format(s.distance_km, "km", 2)), element("td", _format(s.same_point)))
                 for s in block.shared]
        parts += [element("p", f"Shared ground: named sites of the two scenarios (station, alternates, each programme's "
                               f"candidates) at the same point or within {SHARED_WITHIN_KM:g} km."),
                  element("table", *rows, class_="figures")]
    if block.same_place:
        parts.append(element("p", "Candidate points at the same place, of any programme (contention): ",
                             "; ".join(f"{a} = {b}" for a, b, _ in block.same_place), "."))
    if block.overlaps:
        parts.append(element("p", "Keep-out circles overlapping near the station (contention): ",
                             "; ".join(f"{a} and {b} ({_format(d, 'km', 1)} apart)" for a, b, d in block.overlaps), "."))
    if block.note:
        parts.append(element("p", block.note, class_="meta"))
    return element("div", join(parts), class_="rival")
