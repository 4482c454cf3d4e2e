"""The catalogue of surface elements: habitats, power, storage, ISRU plants, rovers, comms, science, landers.

Packaged entries live in ``moonbase/data/campaign_elements.toml`` with their source and tag; the power
units (solar arrays per kW, Li-ion and regenerative-fuel-cell storage per kWh, the 10 kWe Kilopower and
40 kWe Fission Surface Power units) are built from :mod:`moonbase.power.technology`, so the campaign and
the power sizing share one set of figures. A scenario adds its own elements (``[[campaign.elements]]``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from importlib import resources

from ..contract import TAGS
from ..errors import InputError, MoonbaseError
from ..power import technology as tech

CATEGORIES = ("habitat", "power", "storage", "isru", "rover", "comms", "science", "lander", "logistics")
POWER_KINDS = ("none", "solar", "fission", "rtg")
#: SpaceNet classes of supply counted by its exploration capability: COS6 (exploration & research) and
#: COS8 (habitation & infrastructure) (space-logistics-org/spacenet-java, domain/ClassOfSupply.java).
EXPLORATION_CLASSES = (6, 8)


@dataclass(frozen=True)
class Element:
    """One kind of surface element. Powers in kW, energies in kWh, masses in kg, lifetimes in years."""

    key: str
    name: str
    category: str
    supply_class: int
    mass_kg: float
    power_draw_kw: float = 0.0
    survival_kw: float = 0.0
    power_output_kw: float = 0.0
    power_kind: str = "none"
    storage_kwh: float = 0.0
    crew_capacity: int = 0
    lifetime_years: float = 10.0
    isru_o2_kg_per_year: float = 0.0
    isru_kwh_per_kg: float = 0.0
    maintained: bool = False
    tag: str = "[M]"
    source: str = ""

    def __post_init__(self):
        where = f"element {self.key!r}"
        if self.category not in CATEGORIES:
            raise InputError("category", self.category, f"one of {', '.join(CATEGORIES)}", where)
        if self.power_kind not in POWER_KINDS:
            raise InputError("power_kind", self.power_kind, f"one of {', '.join(POWER_KINDS)}", where)
        if self.tag not in TAGS:
            raise InputError("tag", self.tag, f"one of {', '.join(TAGS)}", where)
        for name in ("mass_kg", "power_draw_kw", "survival_kw", "power_output_kw", "storage_kwh",
                     "isru_o2_kg_per_year", "isru_kwh_per_kg"):
            if not getattr(self, name) >= 0.0:
                raise InputError(name, getattr(self, name), "a non-negative number", where)
        if not self.lifetime_years > 0.0:
            raise InputError("lifetime_years", self.lifetime_years, "a positive number of years", where)
        if self.isru_o2_kg_per_year > 0 and self.isru_kwh_per_kg <= 0:
            raise InputError("isru_kwh_per_kg", self.isru_kwh_per_kg, "a positive energy per kg of O2 for an ISRU plant", where)

    @property
    def supply_class_major(self) -> int:
        """The SpaceNet class (6 for 601, 8 for 805 or 8, ...)."""
        code = int(self.supply_class)
        while code >= 10 and code not in (10,):
            code //= 10
        return code

    @property
    def counts_for_exploration(self) -> bool:
        return self.supply_class_major in EXPLORATION_CLASSES


def _power_elements() -> dict[str, Element]:
    """Power units from the power models' own technology figures."""
    solar = tech.ARRAY_SPECIFIC_POWER
    li, rfc = tech.LI_ION_SPECIFIC_ENERGY, tech.RFC_SPECIFIC_ENERGY
    kilo, fsp = tech.KILOPOWER_10KWE_MASS, tech.FISSION_40KWE_MASS
    return {
        "solar-array-1kw": Element(
            "solar-array-1kw", "Vertical solar array on a mast, per kW rated", "power", 803, tech.array_mass_kg(1.0),
            power_output_kw=1.0, power_kind="solar", lifetime_years=15.0, tag="[D]",
            source=f"{solar.value:g} {solar.unit} ({solar.source}) x {tech.ARRAY_STRUCTURE_FACTOR.value:g} for mast and structure "
                   f"{tech.ARRAY_STRUCTURE_FACTOR.tag}; 15-year life recalled [M]"),
        "storage-li-ion-1kwh": Element(
            "storage-li-ion-1kwh", "Li-ion battery, per kWh", "storage", 803, 1000.0 / li.value, storage_kwh=1.0,
            lifetime_years=10.0, tag="[D]", source=f"{li.value:g} {li.unit} {li.tag} ({li.source}); 10-year life recalled [M]"),
        "storage-rfc-1kwh": Element(
            "storage-rfc-1kwh", "Regenerative fuel cell, per kWh", "storage", 803, 1000.0 / rfc.value, storage_kwh=1.0,
            lifetime_years=10.0, tag="[D]", source=f"{rfc.value:g} {rfc.unit} {rfc.tag} ({rfc.source}); 10-year life recalled [M]"),
        "fission-10kwe": Element(
            "fission-10kwe", "Kilopower fission unit, 10 kWe", "power", 803, kilo.value, power_output_kw=10.0,
            power_kind="fission", lifetime_years=10.0, survival_kw=0.0, tag=kilo.tag, source=f"{kilo.source}; 10-year life"),
        "fission-40kwe": Element(
            "fission-40kwe", "Fission Surface Power unit, 40 kWe", "power", 803, fsp.value, power_output_kw=40.0,
            power_kind="fission", lifetime_years=10.0, tag=fsp.tag, source=fsp.source),
    }


def _from_table(key: str, table: dict, where: str) -> Element:
    known = {f.name for f in fields(Element)} - {"key"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise MoonbaseError(f"{where}: element {key!r} has unknown field(s) {', '.join(unknown)}; valid: {', '.join(sorted(known))}")
    try:
        return Element(key=key, **table)
    except TypeError as exc:
        raise MoonbaseError(f"{where}: element {key!r}: {exc}") from None


@lru_cache(maxsize=1)
def packaged_catalogue() -> dict[str, Element]:
    """The packaged elements (TOML) and the power units (from ``power.technology``), by key."""
    text = resources.files("moonbase").joinpath("data/campaign_elements.toml").read_text(encoding="utf-8")
    tables = tomllib.loads(text)
    found = {key: _from_table(key, table, "campaign_elements.toml") for key, table in tables.items()}
    found.update(_power_elements())
    return found


def catalogue(extra: list[Element] | tuple[Element, ...] = ()) -> dict[str, Element]:
    """The packaged catalogue with the user's own elements added (a user key may replace a packaged one)."""
    found = dict(packaged_catalogue())
    for element in extra:
        found[element.key] = element
    return found


def get_element(key: str, elements: dict[str, Element]) -> Element:
    try:
        return elements[key]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(key, list(elements), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise MoonbaseError(f"unknown element {key!r}{hint} (see `moonbase campaign --elements` for the catalogue)") from None


def scaled(element: Element, count: float) -> Element:
    """``count`` units of a per-unit element as one element (e.g. 20 x solar-array-1kw = a 20 kW array)."""
    return replace(element, mass_kg=element.mass_kg * count, power_draw_kw=element.power_draw_kw * count,
                   survival_kw=element.survival_kw * count, power_output_kw=element.power_output_kw * count,
                   storage_kwh=element.storage_kwh * count, isru_o2_kg_per_year=element.isru_o2_kg_per_year * count,
                   crew_capacity=int(round(element.crew_capacity * count)))
