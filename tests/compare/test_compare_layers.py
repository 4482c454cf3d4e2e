"""The comparison's data layer makes no HTML and imports neither the report nor the CLI."""

from __future__ import annotations

from pathlib import Path

import moonbase

SOURCE = (Path(moonbase.__file__).parent / "compare.py").read_text(encoding="utf-8")


def test_compare_data_layer_imports_no_report_or_cli():
    import ast

    names = set()
    for node in ast.walk(ast.parse(SOURCE)):
        if isinstance(node, ast.ImportFrom):
            names.add(("." * node.level) + (node.module or ""))
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    assert not {n for n in names if n.lstrip(".").split(".")[0] in ("report", "cli", "web", "plotly")}, names
    assert "<table" not in SOURCE and "<p>" not in SOURCE
