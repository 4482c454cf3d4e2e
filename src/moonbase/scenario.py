"""Scenario files: a station at a site, an analysis period, and one table per plan section.

A scenario is a TOML file validated by pydantic. Its schema is assembled
(:func:`scenario_model`) from the keys every scenario has (:class:`ScenarioBase`: name,
title, station, period, geometry, ...) and the config model of each registered section
(``[communications]``, ``[power]``, ``[traffic]``, ...; see :mod:`moonbase.sections.registry`),
plus the tables of capabilities without a section yet (:data:`PENDING_TABLES`). Unknown keys and
bad values are errors that name the file, the key and what is allowed. Built-in scenarios live
in ``moonbase/scenarios/*.toml``; ``load_scenario("ilrs")`` or a path loads one.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator, model_validator

from . import validate
from .coords import parse_latitude, parse_longitude
from .errors import InputError, MoonbaseError
from .geometry import SurfacePoint
from .sites import catalogue, get_site
from .timegrid import check_in_span, utc_grid

DEFAULT_SCENARIO = "ilrs"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Station(_Section):
    """Where the station stands: a named site or coordinates, and how high its sensors sit."""

    site: str | None = Field(None, description="a name from `moonbase sites`")
    lat: float | str | None = Field(None, description="latitude, -89.45 or '89.45S'")
    lon: float | str | None = Field(None, description="longitude east, 222.69 or '137.31W'")
    observer_height_m: float = Field(2.0, ge=0.0, le=1000.0, description="eye/sensor height above ground [m]")
    mast_height_m: float = Field(10.0, ge=0.0, le=1000.0, description="solar-array / antenna mast height [m]")
    alternates: list[str] = Field(default_factory=list, description="other named sites to compare")
    map_half_width_km: float = Field(0.0, ge=0.0, le=200.0, description="half-width of a sunlight map around the "
                                     "station in the report [km]; 0 = none (needs a polar DEM: station.dem or fetched)")
    dem: list[str] = Field(default_factory=list, description="DEM files for the terrain horizon (GeoTIFF or PDS3), "
                           "each used where valid, finest first; default: fetched LOLA products, else built-in horizons")

    @field_validator("dem")
    @classmethod
    def _dem_files(cls, value):
        for path in value:  # checked like --dem: each an existing, readable file
            try:
                validate.input_file(path, "station.dem", "DEM file (GeoTIFF .tif, or PDS3 .img/.lbl)")
            except MoonbaseError as exc:
                raise ValueError(str(exc).removeprefix("station.dem ")) from None
        return value

    @field_validator("site")
    @classmethod
    def _known_site(cls, value):
        if value is not None and value not in catalogue():
            get_site(value)  # raises with suggestions
        return value

    @field_validator("alternates")
    @classmethod
    def _known_alternates(cls, value):
        for key in value:
            get_site(key)
        return value

    @model_validator(mode="after")
    def _one_location(self):
        has_coords = self.lat is not None or self.lon is not None
        if (self.site is None) == (not has_coords):
            raise ValueError("give either site = NAME or both lat and lon")
        if has_coords and (self.lat is None or self.lon is None):
            raise ValueError("give both lat and lon")
        if has_coords:
            parse_latitude(self.lat)
            parse_longitude(self.lon)
        return self

    def point(self, height_m: float | None = None) -> SurfacePoint:
        height = self.observer_height_m if height_m is None else height_m
        if self.site is not None:
            return get_site(self.site).point(height)
        return SurfacePoint(parse_latitude(self.lat), parse_longitude(self.lon), height, name="station")


class Period(_Section):
    """The analysis period and time step (UTC)."""

    start: str = Field(description="ISO 8601 UTC, e.g. 2030-01-01")
    end: str = Field(description="ISO 8601 UTC, after start")
    step: str = Field("1h", description="duration such as 1h, 30min, 15s, 1d")

    @field_validator("start", "end")
    @classmethod
    def _iso(cls, value, info):
        try:
            moment = validate.instant(value, f"period.{info.field_name}")
            check_in_span(moment, f"period.{info.field_name}", value)
        except InputError as exc:
            raise ValueError(f"expected {exc.expected}") from None
        return value

    @field_validator("step")
    @classmethod
    def _step(cls, value):
        try:
            validate.step_seconds(value, "period.step")
        except InputError as exc:
            raise ValueError(f"expected {exc.expected}") from None
        return value

    @model_validator(mode="after")
    def _ordered(self):
        start, end = validate.instant(self.start), validate.instant(self.end)
        if end <= start:
            raise ValueError(f"end ({self.end}) must be after start ({self.start})")
        return self

    def utc(self) -> np.ndarray:
        return utc_grid(self.start, self.end, self.step, ("period.start", "period.end", "period.step"))


class Geometry(_Section):
    frame: Literal["MOON_ME", "MOON_PA"] = "MOON_ME"
    correction: Literal["apparent", "geometric"] = "apparent"


class ScenarioBase(_Section):
    """The keys of every scenario file; each registered section adds its own table (see :func:`scenario_model`)."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str
    description: str = ""
    sources: list[str] = Field(default_factory=list)
    station: Station
    period: Period
    geometry: Geometry = Geometry()


#: Scenario tables of capabilities that have no plan section yet (their fields are read by other sections,
#: e.g. the traffic section reads ``access.launch_site``). A registered section with the same key replaces one.
PENDING_TABLES: dict[str, type[BaseModel]] = {}


def scenario_model(sections=None) -> type[BaseModel]:
    """The scenario schema: :class:`ScenarioBase` plus one table per registered section with a config model.

    ``sections``: the sections to assemble from (default: :data:`moonbase.sections.registry.SECTIONS`).
    """
    if sections is None:
        from .sections.registry import SECTIONS as sections
    return _assemble(tuple((s.key, s.config_model) for s in sections if s.config_model is not None))


@lru_cache(maxsize=8)
def _assemble(tables: tuple[tuple[str, type[BaseModel]], ...]) -> type[BaseModel]:
    fields: dict = {}
    for key, model in [*PENDING_TABLES.items(), *tables]:
        if key in ScenarioBase.model_fields:
            raise ValueError(f"section config {key!r} clashes with the scenario key of the same name")
        try:
            model()
            fields[key] = (model, Field(default_factory=model))
        except ValidationError:  # a table with required keys must be given
            fields[key] = (model, ...)
    return create_model("Scenario", __base__=ScenarioBase, __doc__="A whole scenario file.", **fields)


def __getattr__(name: str):
    if name == "Scenario":  # assembled on first use, from the registry
        return scenario_model()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def builtin_scenarios() -> dict[str, Path]:
    """Names and paths of the scenarios shipped with Moonbase."""
    folder = resources.files("moonbase").joinpath("scenarios")
    return {Path(p.name).stem: Path(str(p)) for p in folder.iterdir() if p.name.endswith(".toml")}


def _describe(error: dict) -> str:
    location = ".".join(str(part) for part in error["loc"]) or "(top level)"
    if error["type"] == "extra_forbidden":
        return f"unknown key '{location}'"
    if error["type"] == "missing":
        return f"missing key '{location}'"
    message = error["msg"].removeprefix("Value error, ")
    return f"'{location}' = {error.get('input')!r}: {message}"


def _valid_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed at the place an unknown key was found."""
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        annotation = getattr(field, "annotation", None) if field else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        else:
            return []
    return list(model.model_fields)


def load_scenario(name_or_path: str | Path = DEFAULT_SCENARIO):
    """A built-in scenario by name, or a TOML file by path, validated."""
    builtins = builtin_scenarios()
    path = builtins.get(str(name_or_path), Path(name_or_path))
    if not path.is_file():
        raise MoonbaseError(
            f"scenario {str(name_or_path)!r} not found: give a built-in name ({', '.join(sorted(builtins))}) or a .toml path"
        )
    try:
        data = tomllib.loads(validate.read_text(path, "scenario"))
    except tomllib.TOMLDecodeError as exc:
        raise MoonbaseError(f"{path}: not valid TOML ({exc}); fix the syntax at that line") from None
    model = scenario_model()
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        text = f"{path}: {_describe(first)}"
        if first["type"] == "extra_forbidden":
            allowed = _valid_keys(model, first["loc"])
            if allowed:
                text += f"; valid keys here: {', '.join(allowed)}"
        if len(errors) > 1:
            text += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
        raise MoonbaseError(text) from None
    except MoonbaseError as exc:
        raise MoonbaseError(f"{path}: {exc}") from None
