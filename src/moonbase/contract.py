"""What a plan section is: the one contract between the plan runner, the sections and the interfaces.

This module sits below the runner (``moonbase.plan``), the sections (``moonbase.sections``) and
the presenters (``moonbase.report``, the web app); it imports none of them.

A section is a :class:`Section`: a stable ``key`` and ``title``, its own scenario-config model
(pydantic; the scenario schema is assembled from these), the shared products it ``needs``, the
products it ``provides`` to later sections, and a ``compute`` step::

    compute(inputs: SectionInputs) -> SectionData

``SectionData`` is typed data only: a one-sentence ``answer`` a journalist could quote,
:class:`Figure` values with unit, provenance tag and source, :class:`Table` columns with units,
declarative :class:`Plot` specifications over those tables, caveats, a :class:`Status`, and the
products it publishes. No HTML and no plotly here or in any section: the report layer renders.

Product names (what ``needs`` and ``provides`` list) are plain strings:

* built by the runner: ``"epochs"`` (UTC ``datetime64[s]`` array), ``"ephemeris"``
  (:class:`~moonbase.ephemeris.LunarEphemeris`), ``"sky"`` (:class:`~moonbase.ephemeris.MoonSky`
  over the scenario period), ``"station"`` (the station's ``SurfacePoint`` at observer height),
  ``horizon_product(h)`` (the terrain horizon ``h`` metres above the ground),
  ``visibility_product(h)`` (Sun/Earth visible-disk series at that height), ``track_product(h)``
  (the Sun's and the Earth's azimuth, elevation, range and angular radius there), ``"relays"``
  (relay positions for the scenario's relay presets), ``"catalogue"`` (the packaged traffic
  catalogue);
* published by sections as ``"<section key>.<name>"``, e.g. ``"access.payload"`` (read by the
  campaign) or ``"campaign.milestones"`` (read by the race).

Provenance tags (``TAGS``) are explained to users in ``docs/provenance.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

import numpy as np
from pydantic import BaseModel, ConfigDict

#: Provenance tags carried by every figure and default. Figures tagged in ``UNVERIFIED_TAGS``
#: reach the report as caveats.
TAGS: dict[str, str] = {
    "[R]": "read in the cited source",
    "[R2]": "read in a secondary source that cites the primary one",
    "[C]": "computed by Moonbase from the inputs shown",
    "[D]": "derived here from cited figures by a stated rule",
    "[M]": "recalled, not verified against the source: a default to check",
    "[A]": "announced plan or target, not an achieved value",
    "[3P]": "third-party figure (news report, estimate, another tool)",
    "[U]": "given by the user in the scenario or on the command line",
}
UNVERIFIED_TAGS = frozenset({"[M]", "[3P]", "[A]"})


class Status(str, Enum):
    """How a section ended."""

    OK = "ok"                # computed in full
    PARTIAL = "partial"      # computed, but some inputs were missing (the caveats say which)
    SKIPPED = "skipped"      # not asked for by the scenario
    FAILED = "failed"        # could not be computed (``SectionData.error`` says why)


@dataclass(frozen=True)
class Figure:
    """One headline number (or word, or date) with its unit and provenance.

    ``key`` is stable (it is the plan.json key); ``label`` is what a reader sees; ``digits`` is the
    number of decimals that carry meaning (None: let the presenter choose).
    """

    key: str
    label: str
    value: Any
    unit: str = ""
    tag: str = "[C]"
    source: str = ""
    digits: int | None = None
    note: str = ""

    def __post_init__(self):
        if self.tag not in TAGS:
            raise ValueError(f"Figure {self.key!r}: tag {self.tag!r} is not one of {', '.join(TAGS)}")

    @property
    def caveat(self) -> str | None:
        """A line for the report's caveats when the value is not verified."""
        if self.tag in UNVERIFIED_TAGS:
            unit = f" {self.unit}" if self.unit else ""
            value = f": {self.value}{unit}" if self.value is not None else ""
            return f"{self.label}{value} {self.tag} ({TAGS[self.tag]}): {self.source}"
        return None


@dataclass(frozen=True)
class Column:
    """One column of a table: values and their unit ("" for none; "UTC" for times)."""

    name: str
    values: np.ndarray | Sequence
    unit: str = ""
    label: str = ""


@dataclass(frozen=True)
class Table:
    """Columns of equal length, written as ``data/<key>.csv`` and shown or plotted by the report."""

    key: str
    title: str
    columns: tuple[Column, ...]
    note: str = ""

    def __post_init__(self):
        lengths = {len(c.values) for c in self.columns}
        if len(lengths) > 1:
            raise ValueError(f"table {self.key!r}: columns have different lengths {sorted(lengths)}")

    @classmethod
    def from_columns(cls, key: str, title: str, columns: Mapping[str, Any], units: Mapping[str, str] | None = None,
                     note: str = "") -> "Table":
        """A table from ``{name: values}``; units from ``units`` or else from the name's suffix (``_km`` → km)."""
        units = units or {}
        return cls(key, title, tuple(Column(name, values, units.get(name, unit_from_name(name)))
                                     for name, values in columns.items()), note)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"table {self.key!r} has no column {name!r}; it has {', '.join(c.name for c in self.columns)}")

    def __len__(self) -> int:
        return len(self.columns[0].values) if self.columns else 0


#: Units implied by the suffix of a column or figure name (Moonbase names carry their unit).
UNIT_SUFFIXES = (("_per_km3", "per km³"), ("_km", "km"), ("_m", "m"), ("_deg", "deg"), ("_pct", "%"), ("_utc", "UTC"),
                 ("_h", "h"), ("_s", "s"), ("_kg", "kg"), ("_kw", "kW"), ("_kwh", "kWh"), ("_bps", "bit/s"),
                 ("_gbit", "Gbit"))


def unit_from_name(name: str) -> str:
    """The unit a name's suffix implies (``range_km`` → ``km``), or ``""``."""
    for suffix, unit in UNIT_SUFFIXES:
        if name.endswith(suffix):
            return unit
    return ""


PlotKind = Literal["line", "step", "scatter", "bar", "stacked-bar", "area", "heatmap", "calendar", "polar", "gantt", "map"]


@dataclass(frozen=True)
class Series:
    """One trace of a plot: a column of the plot's table, and the body it shows (for its colour)."""

    column: str
    label: str = ""
    body: str = ""  # "sun", "earth", "moon", or a programme ("ilrs", "artemis"): one colour each everywhere
    table: str = ""  # another table of the same section (default: the plot's own)
    x: str = ""      # its x column (default: the plot's ``x``)
    scale: float = 1.0  # drawn multiplied by this (e.g. 0.9 to set a trace of ones apart); the CSV keeps the values
    style: Literal["", "lines", "markers"] = ""  # default: as the plot's kind draws


@dataclass(frozen=True)
class Mark:
    """A reference drawn over a plot: a line at ``x`` or ``y``, a band from ``x`` to ``x_end``, or a point."""

    kind: Literal["hline", "vline", "band", "point"]
    x: Any = None
    y: Any = None
    x_end: Any = None
    label: str = ""


@dataclass(frozen=True)
class Plot:
    """A plot described as data: the report chooses how to draw it (SVG, decimated, printable).

    ``table`` names a :class:`Table` of the same section; ``x`` and each series name its columns.
    For ``heatmap``, ``z`` names the value column and ``x``/``y`` the axes; for ``gantt``, ``y`` names the
    row labels and each bar runs from column ``x`` to column ``z`` (or the first series); ``map`` names a raster.
    """

    key: str
    title: str
    kind: PlotKind
    table: str
    x: str
    series: tuple[Series, ...] = ()
    y: str = ""
    z: str = ""
    x_label: str = ""
    y_label: str = ""
    note: str = ""
    marks: tuple[Mark, ...] = ()
    y_range: tuple[float, float] | None = None
    z_range: tuple[float, float] | None = None
    z_label: str = ""


@dataclass(frozen=True)
class Raster:
    """A map: an xarray Dataset with a geotransform and CRS, written as ``data/<key>.tif``."""

    key: str
    title: str
    dataset: Any
    unit: str = ""


@dataclass
class SectionData:
    """What a section returns: typed data for every presenter (report, terminal, JSON, web)."""

    key: str
    title: str
    answer: str = ""
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    plots: list[Plot] = field(default_factory=list)
    rasters: list[Raster] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    status: Status = Status.OK
    error: str | None = None
    products: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # plain-text paragraphs on method and sources, after the answer

    def figure(self, key: str) -> Figure:
        for f in self.figures:
            if f.key == key:
                return f
        raise KeyError(f"section {self.key!r} has no figure {key!r}")

    def figure_values(self) -> dict[str, Any]:
        """``{figure key: value}``: what plan.json holds for the section (besides its status)."""
        return {f.key: f.value for f in self.figures}

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(f"section {self.key!r} has no table {key!r}")

    def all_caveats(self) -> list[str]:
        """The section's caveats followed by one for each unverified figure, without repeats."""
        return list(dict.fromkeys([*self.caveats, *(f.caveat for f in self.figures if f.caveat)]))


class SectionConfig(BaseModel):
    """Base of every section's scenario-config model: unknown keys are errors, values frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@runtime_checkable
class Products(Protocol):
    """Shared products, memoised by the runner: each is computed once per plan."""

    def get(self, name: str) -> Any:
        """The product called ``name``; raises ``MoonbaseError`` when it cannot be had."""


@dataclass
class SectionInputs:
    """What ``compute`` receives: the whole scenario, this section's config, the products,
    a seed for anything random (reported in the section's figures), and a progress callback."""

    scenario: Any
    config: BaseModel | None
    products: Products
    seed: int = 0
    progress: Callable[[float, str], None] = lambda fraction, message: None


@dataclass(frozen=True)
class Section:
    """A plan section: register one with a single line in ``moonbase.sections.registry``."""

    key: str
    title: str
    compute: Callable[[SectionInputs], SectionData]
    config_model: type[BaseModel] | None = None  # scenario table ``[key]``; None: no config of its own
    needs: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()
    summary_keys: tuple[str, ...] = ()  # figures shown in the plan's summary, in order
    over_period: bool = False  # its figures are over the scenario's [period] (the summary says so); else its own dates
    PRODUCT_SEPARATOR: ClassVar[str] = "."


def horizon_product(height_m: float) -> str:
    """Product name of the station's terrain horizon ``height_m`` metres above the ground."""
    return f"horizon@{float(height_m):g}m"


def track_product(height_m: float) -> str:
    """Product name of the Sun's and the Earth's topocentric tracks (sphere horizon) at ``height_m``."""
    return f"track@{float(height_m):g}m"


def visibility_product(height_m: float) -> str:
    """Product name of the station's Sun/Earth visible-disk series at ``height_m``."""
    return f"visibility@{float(height_m):g}m"


class ProductTable:
    """A simple memoising product store: factories by name, each called at most once.

    The plan runner uses one; tests and notebooks can build one by hand::

        >>> store = ProductTable({"answer": lambda store: 42})
        >>> store.get("answer"), store.calls["answer"]
        (42, 1)
        >>> store.get("answer"), store.calls["answer"]
        (42, 1)
    """

    def __init__(self, factories: Mapping[str, Callable[["ProductTable"], Any]] | None = None,
                 patterns: Sequence[tuple[str, Callable[["ProductTable", str], Any]]] = ()):
        self._factories = dict(factories or {})
        self._patterns = list(patterns)  # (prefix, factory(store, name)) for families like "horizon@"
        self._values: dict[str, Any] = {}
        self._errors: dict[str, Exception] = {}
        self.calls: dict[str, int] = {}

    def provide(self, name: str, value: Any) -> None:
        """Publish a computed product (a section's ``products``)."""
        self._values[name] = value

    def __contains__(self, name: str) -> bool:
        return name in self._values or name in self._factories or any(name.startswith(p) for p, _ in self._patterns)

    def get(self, name: str) -> Any:
        if name in self._values:
            return self._values[name]
        if name in self._errors:
            raise self._errors[name]
        factory = self._factories.get(name)
        if factory is None:
            for prefix, family in self._patterns:
                if name.startswith(prefix):
                    factory = lambda store, family=family: family(store, name)  # noqa: E731
                    break
        if factory is None:
            from .errors import MoonbaseError

            raise MoonbaseError(f"no product {name!r} in this plan; known: {', '.join(sorted(self._factories)) or 'none'}")
        self.calls[name] = self.calls.get(name, 0) + 1
        try:
            value = factory(self)
        except Exception as exc:  # remembered so that a failing product is not recomputed by every section
            self._errors[name] = exc
            raise
        self._values[name] = value
        return value
