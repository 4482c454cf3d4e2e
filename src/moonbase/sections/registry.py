"""The plan's sections: the one list to add a line to.

A section is a module ``moonbase/sections/<key>.py`` exposing ``SECTION = Section(...)``
(:class:`moonbase.contract.Section`). Register it with one line in :data:`SECTIONS`::

    section("access"),

The list's order is the report's order; the runner moves a section after any whose products
it ``needs``. Its ``config_model``, if any, becomes the scenario table ``[<key>]``.
"""

from __future__ import annotations

from importlib import import_module

from ..contract import Section


def section(module: str) -> Section:
    """The ``SECTION`` of ``moonbase.sections.<module>``."""
    found = getattr(import_module(f"{__package__}.{module}"), "SECTION", None)
    if not isinstance(found, Section):
        raise TypeError(f"moonbase.sections.{module} has no SECTION = Section(...)")
    return found


SECTIONS: list[Section] = [
    section("horizon"),
    section("site_environment"),
    section("site_geometry"),  # sphere only, so after the terrain results (its numbers are not the station's nights)
    section("communications"),
    section("power"),
    section("traffic"),
    section("debris_events"),
    section("access"),
    section("campaign"),
    section("race"),
    section("seen_from_earth"),
    section("contention"),
]
