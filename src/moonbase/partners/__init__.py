"""ILRS partners and Artemis Accords signatories as data: the packaged table, user additions, the blocs on a date.

>>> from datetime import date
>>> from moonbase.partners import load_members, snapshot
>>> blocs = snapshot(load_members(), date(2025, 6, 1))
>>> blocs.count("ilrs"), blocs.count("artemis"), [blocs.name_of(c) for c in blocs.overlap]
(15, 55, ['Thailand'])
"""

from .blocs import BlocSeries, BlocSnapshot, bloc_series, snapshot
from .table import BLOCS, COLUMNS, Member, load_members, packaged_members, parse_table, table_text

__all__ = ["BLOCS", "COLUMNS", "BlocSeries", "BlocSnapshot", "Member", "bloc_series", "load_members", "packaged_members",
           "parse_table", "snapshot", "table_text"]
