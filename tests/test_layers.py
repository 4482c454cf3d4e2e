"""The layer picture of docs/architecture.md, checked on the imports of the source files."""

from __future__ import annotations

import ast
from pathlib import Path

import moonbase

PACKAGE = Path(moonbase.__file__).parent


def _imports(path: Path) -> set[str]:
    """Absolute names of the moonbase modules (and third-party roots) a file imports, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("moonbase", *path.relative_to(PACKAGE).parent.parts))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _touches(names: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(n == p or n.startswith(p + ".") for p in prefixes))


def test_the_contract_imports_no_other_layer():
    names = _imports(PACKAGE / "contract.py")
    assert _touches({n for n in names if n.startswith("moonbase")}, ("moonbase",)) == ["moonbase.errors",
                                                                                        "moonbase.errors.MoonbaseError"]


def test_sections_make_no_html_or_plotly_and_do_not_import_the_runner_or_the_report():
    for path in sorted((PACKAGE / "sections").glob("*.py")):
        names = _imports(path)
        assert not _touches(names, ("plotly", "moonbase.report", "moonbase.plan", "html", "moonbase.cli")), path.name
        assert "<p>" not in path.read_text() and "<table" not in path.read_text(), path.name


def test_models_do_not_import_plotly_or_the_outer_layers():
    for folder in ("environment", "comms", "power", "traffic", "orbits", "terrain", "kernels"):
        for path in sorted((PACKAGE / folder).glob("*.py")):
            names = _imports(path)
            assert not _touches(names, ("plotly", "moonbase.report", "moonbase.plan", "moonbase.sections",
                                        "moonbase.cli")), path


def test_the_runner_imports_the_report_only_for_the_compatibility_name_write_plan():
    names = _imports(PACKAGE / "plan.py")
    assert _touches(names, ("moonbase.report", "plotly")) == ["moonbase.report.files",
                                                              "moonbase.report.files.write_plan"]
