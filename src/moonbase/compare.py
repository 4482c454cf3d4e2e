"""Comparing scenarios: each plan on one analysis period, the headlines side by side, every differing assumption, the shared ground.

The data layer of ``moonbase compare`` (no HTML: :mod:`moonbase.report.compare` renders it)::

    comparison = compare_scenarios([load_scenario("ilrs"), load_scenario("artemis")], start="2030-01-01",
                                   end="2030-01-02", step="2h")
    comparison.as_dict()      # compare.json

Three parts, each usable alone:

* :func:`differing_assumptions`: walks the scenario models generically, field by field, and returns every leaf
  whose value differs, under its dotted scenario key (``communications.relays``, ``station.mast_height_m``,
  ``power.loads[night survival heaters].kw``). Works on pydantic models and on plain mappings.
* :func:`shared_ground`: named sites of different scenarios (the station, its alternates and the programme's
  contention candidates) that are the same point or lie within a stated distance, great circle on the
  1,737.4 km lunar sphere.
* :func:`compare_scenarios`: runs every plan on the same period and collects the above with each plan's
  :func:`~moonbase.summary.headlines`.

    >>> rows = differing_assumptions([{"station": {"mast_height_m": 10.0, "site": "a"}},
    ...                               {"station": {"mast_height_m": 20.0, "site": "a"}}])
    >>> [(r.key, r.values) for r in rows]
    [('station.mast_height_m', (10.0, 20.0))]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from .contract import Figure, unit_from_name
from .errors import MoonbaseError
from .output import to_jsonable
from .summary import Headline, headlines

#: Default distance within which two named sites of different scenarios count as shared ground [km]: twice the
#: 2 km keep-out radius of the contention section (two keep-out circles touch), and about a day's drive of the
#: Apollo 15-17 rovers (their longest single traverse was 20 km; 5 km keeps a site reachable on a short sortie).
SHARED_WITHIN_KM = 5.0

#: Top-level scenario keys that identify a scenario rather than assume anything about the station.
IDENTITY_KEYS = frozenset({"name", "title", "description", "sources"})

#: The note on a row for a list item (a mission, a load) that only some scenarios have.
ITEM_NOTE = "a list item only some scenarios have"

#: Shown for a key that one scenario does not have.
NOT_SET = None

Progress = Callable[[float, str], None]


# -- assumptions ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Assumption:
    """One scenario key whose value differs: ``values`` in scenario order (``None``: not set in that scenario)."""

    key: str
    values: tuple
    unit: str = ""
    table: str = ""  # the scenario table it belongs to (``station``, ``communications``, ...)
    note: str = ""


def _as_tree(scenario) -> Any:
    if hasattr(scenario, "model_dump"):
        return scenario.model_dump(mode="json")
    return to_jsonable(scenario)


def _item_label(items: list) -> Callable[[int, Any], str] | None:
    """How list items are named in keys: by their ``name`` or ``key`` when every item has a distinct one."""
    for field_name in ("key", "name", "element", "parent"):
        labels = [item.get(field_name) if isinstance(item, Mapping) else None for item in items]
        if all(isinstance(v, str) and v for v in labels) and len(set(labels)) == len(labels):
            return lambda index, item, f=field_name: str(item[f])
    return None


_ABSENT = object()  # a key or list item one scenario does not have


def _is_tables(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, Mapping) for item in value)


def _items(value: list) -> dict[str, Any]:
    label = _item_label(value)
    return {(label(i, item) if label else str(i)): item for i, item in enumerate(value)}


def _diff(values: list, key: str, out: list[Assumption]) -> None:
    """Append an :class:`Assumption` for every leaf under ``key`` whose ``values`` (one per scenario) differ."""
    present = [v for v in values if v is not _ABSENT]
    if present and all(isinstance(v, Mapping) for v in present):
        if len(present) < len(values):  # a table one scenario lacks: one row, not one per leaf
            out.append(_assumption(key, [True if v is not _ABSENT else None for v in values], "only some scenarios have this"))
            return
        for sub in dict.fromkeys(k for v in present for k in v):
            _diff([v.get(sub, _ABSENT) for v in values], f"{key}.{sub}" if key else str(sub), out)
        return
    if present and len(present) == len(values) and all(_is_tables(v) for v in present):
        items = [_items(v) for v in values]
        for label in dict.fromkeys(k for m in items for k in m):
            found = [m.get(label, _ABSENT) for m in items]
            if any(v is _ABSENT for v in found):
                out.append(_assumption(f"{key}[{label}]", [label if v is not _ABSENT else None for v in found],
                                       ITEM_NOTE))
            else:
                _diff(found, f"{key}[{label}]", out)
        return
    plain = [None if v is _ABSENT else v for v in values]
    if any(v != plain[0] for v in plain[1:]):
        out.append(_assumption(key, plain))


def _assumption(key: str, values: list, note: str = "") -> Assumption:
    leaf = key.rsplit(".", 1)[-1].split("[")[0]
    unit = unit_from_name(leaf) or unit_from_name(f"_{leaf}")  # `kw` in a load table is a unit name itself
    return Assumption(key, tuple(values), unit, key.split(".", 1)[0].split("[", 1)[0], note)


def differing_assumptions(scenarios: Sequence[Any], ignore: frozenset[str] = IDENTITY_KEYS) -> list[Assumption]:
    """Every leaf value that is not the same in all ``scenarios`` (models or mappings), in first-seen key order.

    Tables are walked key by key; lists of tables item by item (named by their ``key`` or ``name`` where each
    has a distinct one, else by position); a list of plain values is one leaf. A list item or table that only
    some scenarios have is one row (its label, or ``None`` where absent). ``ignore``: top-level keys left out
    (by default the name, title, description and sources).
    """
    trees = [{k: v for k, v in _as_tree(s).items() if k not in ignore} for s in scenarios]
    out: list[Assumption] = []
    _diff(trees, "", out)
    return out


# -- shared ground --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NamedPoint:
    """A point a scenario names: its station, an alternate, or a candidate of its programme in the contention data."""

    scenario: str
    key: str
    name: str
    lat_deg: float
    lon_deg: float
    roles: tuple[str, ...]  # "station", "alternate", "candidate"


@dataclass(frozen=True)
class SharedSite:
    """Two points of different scenarios that are the same point or within ``within_km`` of each other."""

    scenario_a: str
    site_a: str
    roles_a: tuple[str, ...]
    scenario_b: str
    site_b: str
    roles_b: tuple[str, ...]
    distance_km: float
    same_point: bool


def _programme(scenario) -> str:
    campaign = getattr(scenario, "campaign", None)
    race = getattr(scenario, "race", None)
    return ((getattr(race, "programme", None) or getattr(campaign, "programme", "") or "")).strip().lower()


def named_points(scenario, candidates: bool = True) -> list[NamedPoint]:
    """The points ``scenario`` names: its station, its alternates and (``candidates``) its programme's candidates."""
    from .sites import get_site

    roles: dict[str, list[str]] = {}
    station = scenario.station
    if station.site is not None:
        roles.setdefault(station.site, []).append("station")
    for key in station.alternates:
        roles.setdefault(key, []).append("alternate")
    if candidates:
        from .contention.candidates import named_candidates

        programme = _programme(scenario)
        for candidate in named_candidates():
            if candidate.programme == programme:
                roles.setdefault(candidate.key, []).append("candidate")
    points = []
    if station.site is None:
        here = station.point(0.0)
        points.append(NamedPoint(scenario.name, "station", f"{scenario.name} station", here.lat_deg, here.lon_deg,
                                 ("station",)))
    for key, role in roles.items():
        site = get_site(key)
        points.append(NamedPoint(scenario.name, key, site.name, site.lat_deg, site.lon_deg, tuple(dict.fromkeys(role))))
    return points


def shared_ground(scenarios: Sequence[Any], within_km: float = SHARED_WITHIN_KM, candidates: bool = True) -> list[SharedSite]:
    """Points of different scenarios within ``within_km`` of each other (same point: closer than 1 m), nearest first."""
    import numpy as np

    from .contention.grid import great_circle_km
    from .sites import SAME_POINT_M

    if not within_km >= 0.0:
        raise MoonbaseError(f"shared-ground distance {within_km!r} km: give a distance of 0 km or more")
    per = [named_points(s, candidates) for s in scenarios]
    names = _unique_names([s.name for s in scenarios])
    found = []
    for i in range(len(per)):
        for j in range(i + 1, len(per)):
            a, b = per[i], per[j]
            if not a or not b:
                continue
            d = great_circle_km(np.array([p.lat_deg for p in a])[:, None], np.array([p.lon_deg for p in a])[:, None],
                                np.array([p.lat_deg for p in b])[None, :], np.array([p.lon_deg for p in b])[None, :])
            for r, c in zip(*np.nonzero(d <= within_km)):
                pa, pb = a[r], b[c]
                found.append(SharedSite(names[i], pa.key, pa.roles, names[j], pb.key, pb.roles, float(d[r, c]),
                                        bool(d[r, c] * 1000.0 <= SAME_POINT_M)))
    # the most telling first: a station involved, then the nearest
    return sorted(found, key=lambda s: ("station" not in s.roles_a + s.roles_b, s.distance_km, s.site_a, s.site_b))


# -- the comparison -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AnalysisPeriod:
    """The one period every plan of a comparison ran on, and where it came from."""

    start: str
    end: str
    step: str
    basis: str


@dataclass(frozen=True)
class HeadlineRow:
    """One headline figure across the scenarios: ``values`` (a :class:`Figure` or None) in scenario order."""

    section: str
    section_title: str
    key: str
    label: str
    unit: str
    values: tuple[Figure | None, ...]


@dataclass(frozen=True)
class ScenarioRun:
    """One scenario of a comparison: who it is, its own period, where its plan is written, its headlines."""

    name: str
    folder: str
    title: str
    site: str
    lat_deg: float
    lon_deg: float
    own_period: dict
    headlines: tuple[Headline, ...]
    failed_sections: tuple[str, ...] = ()


@dataclass
class Comparison:
    """Everything ``moonbase compare`` writes: compare.json is :meth:`as_dict`; ``plans`` are the computed plans."""

    period: AnalysisPeriod
    scenarios: list[ScenarioRun]
    rows: list[HeadlineRow]
    answers: dict[str, tuple[str, ...]]  # section key → each scenario's answer sentence
    section_titles: dict[str, str]
    assumptions: list[Assumption]
    shared: list[SharedSite]
    within_km: float
    plans: list = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return to_jsonable({
            "period": asdict(self.period),
            "scenarios": [{"name": s.name, "folder": s.folder, "title": s.title, "site": s.site, "lat_deg": s.lat_deg,
                           "lon_deg": s.lon_deg, "own_period": s.own_period, "report": f"{s.folder}/report.html",
                           "failed_sections": list(s.failed_sections)} for s in self.scenarios],
            "headlines": [{"section": r.section, "section_title": r.section_title, "key": r.key, "label": r.label,
                           "unit": r.unit, "values": [None if f is None else f.value for f in r.values],
                           "tags": [None if f is None else f.tag for f in r.values]} for r in self.rows],
            "answers": {k: list(v) for k, v in self.answers.items()},
            "assumptions_differ": [asdict(a) for a in self.assumptions],
            "shared_ground": {"within_km": self.within_km, "sites": [asdict(s) for s in self.shared]},
        })


def _unique_names(names: Sequence[str]) -> list[str]:
    out, seen = [], {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return out


def common_period(scenarios: Sequence[Any], start: str | None = None, end: str | None = None,
                  step: str | None = None) -> AnalysisPeriod:
    """The period every plan runs on: the first scenario's, with ``start``/``end``/``step`` replacing its values."""
    from pydantic import ValidationError

    from .scenario import Period

    first = scenarios[0]
    given = {k: v for k, v in (("start", start), ("end", end), ("step", step)) if v is not None}
    values = {"start": first.period.start, "end": first.period.end, "step": first.period.step, **given}
    try:
        Period(**values)
    except ValidationError as exc:
        error = exc.errors()[0]
        message = error["msg"].removeprefix("Value error, ")
        if not error["loc"]:  # the order of start and end
            raise MoonbaseError(f"period start/end: {message}") from None
        where = ".".join(str(p) for p in error["loc"])
        raise MoonbaseError(f"period {where} = {error.get('input')!r}: {message}") from None
    own = f"{first.name}'s period"
    if not given:
        basis = f"the first scenario's period ({own})"
    elif len(given) == 3:
        basis = "given (start, end and step)"
    else:
        basis = f"given ({', '.join(given)}); the rest from {own}"
    return AnalysisPeriod(values["start"], values["end"], values["step"], basis)


def on_period(scenario, period: AnalysisPeriod):
    """``scenario`` with its period replaced by ``period`` (validated)."""
    from .scenario import Period

    return scenario.model_copy(update={"period": Period(start=period.start, end=period.end, step=period.step)})


def headline_rows(runs: Sequence[Sequence[Headline]]) -> tuple[list[HeadlineRow], dict[str, tuple[str, ...]], dict[str, str]]:
    """Headline figures side by side (one row per section figure, union in first-seen order), answers and titles."""
    titles: dict[str, str] = {}
    order: dict[tuple[str, str], Figure] = {}
    for heads in runs:
        for h in heads:
            titles.setdefault(h.key, h.title)
            for f in h.figures:
                order.setdefault((h.key, f.key), f)
    by_run = [{(h.key, f.key): f for h in heads for f in h.figures} for heads in runs]
    rows = [HeadlineRow(section, titles[section], key, first.label, first.unit, tuple(m.get((section, key)) for m in by_run))
            for (section, key), first in order.items()]
    answers = {}
    for section in titles:
        found = [{h.key: h for h in heads}.get(section) for heads in runs]
        answers[section] = tuple("" if h is None else (h.answer or (f"failed: {h.error}" if h.error else "")) for h in found)
    return rows, answers, titles


def compare_scenarios(scenarios: Sequence[Any], start: str | None = None, end: str | None = None, step: str | None = None,
                      within_km: float = SHARED_WITHIN_KM, progress: Progress | None = None,
                      run: Callable | None = None) -> Comparison:
    """Run every scenario's plan on one period and compare them.

    ``scenarios``: two or more loaded scenarios. ``start``/``end``/``step``: the common period (default: the first
    scenario's). ``within_km``: shared-ground distance. ``progress(fraction, message)``: per scenario and section.
    ``run``: the plan runner (default :func:`moonbase.plan.run_plan`; tests pass a cheaper one).
    """
    if len(scenarios) < 2:
        raise MoonbaseError(f"compare needs two or more scenarios; got {len(scenarios)}")
    if run is None:
        from .plan import run_plan as run
    period = common_period(scenarios, start, end, step)
    shared = shared_ground(scenarios, within_km)
    report = progress or (lambda fraction, message: None)
    folders = _unique_names([s.name for s in scenarios])
    plans, runs = [], []
    for index, (scenario, folder) in enumerate(zip(scenarios, folders)):
        def within(fraction, message, index=index, folder=folder):
            report((index + min(max(float(fraction), 0.0), 1.0)) / len(scenarios), f"{folder}: {message}")

        plan = run(on_period(scenario, period), progress=within)
        plans.append(plan)
        heads = tuple(headlines(plan))
        point = plan.products.get("station")
        runs.append(ScenarioRun(scenario.name, folder, scenario.title, point.name or "station", float(point.lat_deg),
                                float(point.lon_deg), scenario.period.model_dump(), heads,
                                tuple(s.key for s in plan.failed)))
    report(1.0, "done")
    rows, answers, titles = headline_rows([r.headlines for r in runs])
    assumptions = differing_assumptions(scenarios)
    assumptions = [Assumption(a.key, a.values, a.unit, a.table,
                              f"all plans ran on {period.start} to {period.end} every {period.step}" if a.table == "period" else a.note)
                   for a in assumptions]
    return Comparison(period, runs, rows, answers, titles, assumptions, shared, within_km, plans)


# -- the rival block of a single plan ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RivalBlock:
    """A plan's short comparison with its rival, from the plan's own data (the rival's plan is not run).

    ``race``: the race section's P(first) figures; ``same_place`` and ``overlaps``: contention's candidate pairs
    at the same place and with overlapping keep-out circles; ``shared``: named sites the two scenarios share.
    """

    rival: str
    rival_title: str
    race_answer: str
    race: tuple[Figure, ...]
    same_place: tuple[tuple[str, str, float], ...]
    overlaps: tuple[tuple[str, str, float], ...]
    contention_figures: tuple[Figure, ...]
    shared: tuple[SharedSite, ...]
    note: str = ""


#: Contention figures shown in the rival block.
CONTENTION_KEYS = ("same_place_pairs", "keep_out_overlaps", "contested_patches", "nearest_other_programme_km")


def _section(plan, key: str):
    try:
        return plan.section(key)
    except KeyError:
        return None


def _rows(section, table: str, columns: Sequence[str]) -> list[tuple]:
    try:
        found = section.table(table)
        return list(zip(*(found.column(c).values for c in columns)))
    except KeyError:
        return []


def rival_block(plan, within_km: float = SHARED_WITHIN_KM) -> RivalBlock | None:
    """The rival comparison of ``plan`` (None when its scenario names no rival in ``[race] rival``)."""
    from .scenario import load_scenario

    scenario = plan.scenario
    race_config = getattr(scenario, "race", None)
    rival = getattr(race_config, "rival", None)
    if not rival:
        return None
    note, title, shared = "", str(rival), ()
    try:
        other = load_scenario(rival)  # reading the rival's scenario is cheap; its plan is not run
        title = other.title
        shared = tuple(shared_ground([scenario, other], within_km))
    except MoonbaseError as exc:
        note = f"the rival scenario could not be read ({exc}); shared sites not listed"
    race = _section(plan, "race")
    race_figures = tuple(f for f in (race.figures if race else ())
                         if f.key.startswith("first_") and f.key.endswith("_pct") and not f.key.endswith("_se_pct"))
    contention = _section(plan, "partners_contention")
    same = tuple((str(a), str(b), float(d)) for a, b, d in _rows(contention, "same_place", ("a", "b", "distance_km"))) \
        if contention else ()
    overlaps = tuple((str(a), str(b), float(d)) for a, b, d, o in
                     _rows(contention, "contested_pairs", ("a", "b", "distance_km", "keep_out_overlap")) if o) \
        if contention else ()
    by_key = {f.key: f for f in (contention.figures if contention else ())}
    return RivalBlock(str(rival), title, race.answer if race else "", race_figures, same, overlaps,
                      tuple(by_key[k] for k in CONTENTION_KEYS if k in by_key), shared, note)
