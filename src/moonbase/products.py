"""The shared products of one plan, each computed once: epochs, ephemeris, sky, tracks, horizons, visibility.

:func:`plan_products` builds a :class:`~moonbase.contract.ProductTable` whose factories turn a
scenario into the expensive things several sections read (names as in :mod:`moonbase.contract`):

==========================  ========================================================================
``"ephemeris"``             :class:`~moonbase.ephemeris.LunarEphemeris` (DE421 and its lunar frames)
``"epochs"``                UTC epochs of the scenario period, ``datetime64``
``"sky"``                   :class:`~moonbase.ephemeris.MoonSky` over those epochs
``"station"``               the station's :class:`~moonbase.geometry.SurfacePoint` at observer height
``track@<h>m``              Sun and Earth ``BodyInSky`` at the station ``h`` m above the ground
``horizon@<h>m``            the terrain :class:`~moonbase.terrain.horizon.Horizon` there
``visibility@<h>m``         the :class:`~moonbase.environment.visibility.VisibilitySeries` there
``"relays"``                ``{preset: (3, T) MOON_ME positions [km]}`` of the scenario's relays
``"catalogue"``             the traffic :class:`~moonbase.traffic.catalog.Catalog` shipped with Moonbase
==========================  ========================================================================

A failing product (no terrain at a height, say) raises the same
:class:`~moonbase.errors.MoonbaseError` to every section that asks, without being recomputed.
Sections publish more products as ``"<section key>.<name>"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .contract import ProductTable, horizon_product, track_product
from .errors import MoonbaseError

#: Products the runner always knows how to build.
BUILT_IN = ("ephemeris", "epochs", "sky", "station", "relays", "catalogue")
#: Families of products parameterised by height above the ground: ``"<family>@<h>m"``.
FAMILIES = ("track@", "horizon@", "visibility@")


def height_of(name: str) -> float:
    """The height [m] in a product name such as ``"horizon@10m"``."""
    try:
        return float(name.split("@", 1)[1].removesuffix("m"))
    except (IndexError, ValueError):
        raise MoonbaseError(f"product {name!r} does not name a height; use e.g. horizon@10m") from None


def is_built_in(name: str) -> bool:
    """Whether ``name`` is a product the runner builds (rather than one a section publishes)."""
    return name in BUILT_IN or name.startswith(FAMILIES)


def plan_products(scenario, overrides: Mapping[str, Any] | None = None) -> ProductTable:
    """The memoising product store of one plan of ``scenario``; ``overrides`` are products given ready-made."""

    def ephemeris(store):
        from .ephemeris import LunarEphemeris

        return LunarEphemeris.default()

    def epochs(store):
        return scenario.period.utc()

    def sky(store):
        geometry = scenario.geometry
        return store.get("ephemeris").moon_sky(store.get("epochs"), frame=geometry.frame,
                                               correction=geometry.correction)

    def station(store):
        return scenario.station.point()

    def at_height(store, name):
        return replace(store.get("station"), height_m=height_of(name))

    def track(store, name):
        from .geometry import sky_at_site

        return sky_at_site(store.get("sky"), at_height(store, name))

    def horizon(store, name):
        from .terrain.source import resolve_horizon

        return resolve_horizon(at_height(store, name), dem_paths=scenario.station.dem)

    def visibility(store, name):
        from .environment.visibility import site_visibility

        height = height_of(name)
        mask = store.get(horizon_product(height)).to_mask()
        return site_visibility(store.get("sky"), at_height(store, name), mask, view=store.get(track_product(height)))

    def relays(store):
        from .orbits.relays import get_relay, relay_positions_me

        utc = store.get("sky").utc
        keys = getattr(getattr(scenario, "communications", None), "relays", ())
        return {key: relay_positions_me(get_relay(key), utc, store.get("ephemeris")) for key in keys}

    def catalogue(store):
        from .traffic.snapshot import packaged_catalog

        return packaged_catalog()

    store = ProductTable(
        {"ephemeris": ephemeris, "epochs": epochs, "sky": sky, "station": station, "relays": relays,
         "catalogue": catalogue},
        patterns=[("track@", track), ("horizon@", horizon), ("visibility@", visibility)],
    )
    for name, value in (overrides or {}).items():
        store.provide(name, value)
    return store


class SectionProducts:
    """One section's view of the store: products of other sections only when declared in ``needs``.

    Reading a section product that was not declared would make the result depend on the order the
    runner happened to choose; reading one whose section failed says so.
    """

    def __init__(self, store: ProductTable, section_key: str, needs: tuple[str, ...], section_keys: set[str],
                 failed: Mapping[str, str]):
        self._store = store
        self._key = section_key
        self._needs = set(needs)
        self._section_keys = section_keys
        self._failed = failed

    def get(self, name: str) -> Any:
        owner = name.split(".", 1)[0] if "." in name else None
        if owner is not None and owner in self._section_keys:
            if name not in self._needs:
                raise MoonbaseError(f"section {self._key!r} reads product {name!r} without listing it in needs")
            if owner in self._failed:
                raise MoonbaseError(f"product {name!r} is missing: section {owner!r} failed ({self._failed[owner]})")
        return self._store.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self._store
