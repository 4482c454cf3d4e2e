"""Escaping, in one place: every string that reaches report HTML or a plot label passes through here.

:class:`Markup` is HTML this module built from escaped parts; anything else is text and is
escaped by :func:`escape` (``<``, ``>``, ``&``, quotes). Presenters compose pages with
:func:`element` and :func:`join`, never by formatting raw strings into tags, so a site name,
a DEM description or a catalogue object name can never become markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable


class Markup(str):
    """A string that is already safe HTML (built by this module)."""

    __slots__ = ()


def escape(value: object) -> Markup:
    """``value`` as safe HTML text; :class:`Markup` passes through unchanged."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


def plain(value: object) -> str:
    """Text for a plot label or title (plotly shows HTML entities as the characters they stand for)."""
    return str(escape(value))


def join(parts: Iterable[object], separator: str = "") -> Markup:
    return Markup(escape(separator).join(escape(p) for p in parts))


def element(tag: str, *children: object, **attributes: object) -> Markup:
    """``<tag attr="...">children</tag>`` with every attribute value and text child escaped.

    A trailing underscore in an attribute name is dropped (``class_="x"``).
    """
    attrs = "".join(f' {name.rstrip("_")}="{escape(value)}"' for name, value in attributes.items() if value is not None)
    return Markup(f"<{tag}{attrs}>{join(children)}</{tag}>")


def raw_trusted(html_text: str) -> Markup:
    """HTML made by a library from escaped inputs (plotly's own ``to_html``): marked safe here, and only here."""
    return Markup(html_text)
