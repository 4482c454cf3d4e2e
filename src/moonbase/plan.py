"""The plan runner: order the registered sections by what they need, run each in isolation, collect typed data.

Sections are listed in :mod:`moonbase.sections.registry`; each is a
:class:`~moonbase.contract.Section` whose ``compute`` returns a
:class:`~moonbase.contract.SectionData`. The runner

* orders them so that a section runs after the sections whose products it ``needs``
  (registry order otherwise; an unknown need or a cycle is an error naming the sections);
* gives each a view of one memoising product store (:mod:`moonbase.products`), so that the sky,
  tracks, horizons and visibility per height, relay orbits and the catalogue are computed once;
* runs each in isolation: an exception marks that section ``failed`` with its error (in the report
  and in plan.json) and the others still run;
* reports progress through one callback ``progress(fraction, message)`` (the CLI's bar, a web page).

Presenting the result is the report layer's job (:mod:`moonbase.report`); ``plan.json`` is
:meth:`Plan.summary`, whose JSON Schema is :mod:`moonbase.plan_schema`.
"""

from __future__ import annotations

import traceback
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import __version__
from .contract import ProductTable, Section, SectionData, SectionInputs, Status
from .errors import MoonbaseError
from .products import BUILT_IN, FAMILIES, SectionProducts, is_built_in, plan_products

Progress = Callable[[float, str], None]
#: Figure keys that plan.json uses itself in ``sections.<key>``.
RESERVED_FIGURE_KEYS = frozenset({"status", "error"})


class RegistryError(MoonbaseError):
    """The registered sections do not fit together (an unknown need, a cycle, a duplicate key)."""


def _full_name(section_key: str, name: str) -> str:
    return name if name.startswith(f"{section_key}.") else f"{section_key}.{name}"


def order_sections(sections: Sequence[Section]) -> list[Section]:
    """The sections in an order where each comes after those it needs (registry order where free)."""
    keys = [s.key for s in sections]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise RegistryError(f"sections registered twice: {', '.join(duplicates)}")
    providers = {_full_name(s.key, p): s.key for s in sections for p in s.provides}
    after: dict[str, set[str]] = {s.key: set() for s in sections}
    for section in sections:
        for need in section.needs:
            if is_built_in(need):
                continue
            if need not in providers:
                raise RegistryError(
                    f"section {section.key!r} needs {need!r}, which no registered section provides; built-in products: "
                    f"{', '.join(BUILT_IN)}, {', '.join(f + '<h>m' for f in FAMILIES)}")
            if providers[need] != section.key:
                after[section.key].add(providers[need])
    ordered: list[Section] = []
    done: set[str] = set()
    pending = list(sections)
    while pending:
        ready = next((s for s in pending if after[s.key] <= done), None)
        if ready is None:
            raise RegistryError(f"sections need each other in a cycle: {_cycle(after, [s.key for s in pending])}")
        ordered.append(ready)
        done.add(ready.key)
        pending.remove(ready)
    return ordered


def _cycle(after: dict[str, set[str]], keys: list[str]) -> str:
    path, node = [], keys[0]
    while node not in path:
        path.append(node)
        node = sorted(after[node] & set(keys))[0]
    loop = path[path.index(node):] + [node]
    return " -> ".join(loop)


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f" (at {Path(last.filename).name}:{last.lineno})"


def _checked(section: Section, data: Any) -> SectionData:
    if not isinstance(data, SectionData):
        raise TypeError(f"compute returned {type(data).__name__}, not SectionData")
    if data.key != section.key:
        raise ValueError(f"compute returned data for section {data.key!r}")
    clash = sorted({f.key for f in data.figures} & RESERVED_FIGURE_KEYS)
    if clash:
        raise ValueError(f"figure keys {', '.join(clash)} are reserved by plan.json")
    return data


#: Python parameter names in model messages → the scenario keys that set them, so that a plan's
#: caveats and errors speak the scenario's vocabulary (the CLI maps the same names to its flags).
SCENARIO_KEYS = {"dem_paths=[PATH, ...]": "station.dem = [PATH, ...] in the scenario", "dem_paths=": "station.dem = "}


def scenario_message(text: str) -> str:
    for name, key in SCENARIO_KEYS.items():
        text = text.replace(name, key)
    return text


def run_section(section: Section, scenario, store: ProductTable, section_keys: set[str], failed: Mapping[str, str],
                progress: Progress = lambda fraction, message: None) -> SectionData:
    """Run one section; any exception becomes a ``failed`` :class:`SectionData` carrying the error."""
    config = getattr(scenario, section.key, None) if section.config_model is not None else None
    inputs = SectionInputs(scenario, config, SectionProducts(store, section.key, section.needs, section_keys, failed),
                           seed=zlib.crc32(section.key.encode()), progress=progress)
    try:
        data = _checked(section, section.compute(inputs))
    except Exception as exc:  # isolation: one broken section must not take the plan down
        where = "" if isinstance(exc, MoonbaseError) else _where(exc)
        error = scenario_message(" ".join(f"{type(exc).__name__}: {exc}{where}".split()))  # one line, for the CLI and plan.json
        return SectionData(section.key, section.title, status=Status.FAILED, error=error,
                           answer="This section could not be computed (see the error above).")
    data.caveats = [scenario_message(c) for c in data.caveats]
    for name, value in data.products.items():
        store.provide(_full_name(section.key, name), value)
    return data


@dataclass
class Plan:
    """A computed plan: the scenario, each section's typed data (in registry order) and the product store."""

    scenario: Any
    sections: list[SectionData]
    products: ProductTable
    registered: list[Section]

    def section(self, key: str) -> SectionData:
        for data in self.sections:
            if data.key == key:
                return data
        raise KeyError(f"no section {key!r} in this plan; it has {', '.join(s.key for s in self.sections)}")

    @property
    def failed(self) -> list[SectionData]:
        return [s for s in self.sections if s.status == Status.FAILED]

    def summary(self) -> dict:
        """The contents of plan.json (see :mod:`moonbase.plan_schema`)."""
        from .plan_schema import plan_document

        return plan_document(self, __version__, datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))


def run_plan(scenario, show_progress: bool = True, *, progress: Progress | None = None,
             sections: Sequence[Section] | None = None, products: Mapping[str, Any] | None = None) -> Plan:
    """Compute every registered section of the plan for ``scenario``.

    ``progress(fraction, message)``: called as the work advances (``fraction`` from 0 to 1).
    ``show_progress``: a terminal progress bar when no callback is given (for scripts).
    ``sections``: run these instead of the registry's (tests, notebooks).
    ``products``: products given ready-made (e.g. a ``"sky"`` computed before), by name.
    A user error in the scenario's period or geometry (the sky cannot be computed) is raised.
    """
    if progress is None and show_progress:
        from .progress import progress_callback

        with progress_callback(True) as callback:
            return run_plan(scenario, progress=callback, sections=sections, products=products)
    report = progress or (lambda fraction, message: None)
    if sections is None:
        from .sections.registry import SECTIONS as sections
    registered = list(sections)
    ordered = order_sections(registered)
    store = plan_products(scenario, products)
    steps = len(ordered) + 1
    report(0.0, "ephemeris")
    store.get("sky")  # a period outside the ephemeris is the user's error, not one section's
    results: dict[str, SectionData] = {}
    failed: dict[str, str] = {}
    keys = {s.key for s in registered}
    for index, section in enumerate(ordered, start=1):
        report(index / steps, section.title)

        def within(fraction: float, message: str, index=index, title=section.title):
            report((index + min(max(float(fraction), 0.0), 1.0)) / steps, f"{title}: {message}")

        data = run_section(section, scenario, store, keys, failed, within)
        if data.status == Status.FAILED:
            failed[section.key] = data.error or "failed"
        results[section.key] = data
    report(1.0, "done")
    return Plan(scenario, [results[s.key] for s in registered], store, registered)


def __getattr__(name: str):
    # Writing files is the report layer's job; kept here so that ``from moonbase.plan import write_plan`` still works.
    if name == "write_plan":
        from .report.files import write_plan

        return write_plan
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
