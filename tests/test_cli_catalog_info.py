"""`moonbase catalog info` prints tables with rows, or one line instead: never an empty or caption-only table."""

from __future__ import annotations


def tle_checksum(line: str) -> str:
    """Line with its column-69 checksum: digits summed, '-' counts 1, modulo 10 (as in tests/robustness/corpus.py)."""
    total = sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in line[:68])
    return line[:68] + str(total % 10)


def _table_rows(out: str) -> list[int]:
    """The number of body rows of each rich table in ``out`` (between its header rule ┡ and its bottom └)."""
    counts, rows = [], None
    for line in out.splitlines():
        if line.startswith("┡"):
            rows = 0
        elif line.startswith("└") and rows is not None:
            counts.append(rows)
            rows = None
        elif line.startswith("│") and rows is not None:
            rows += 1
    return counts


def test_packaged_catalogue_tables_all_have_rows(run_cli):
    code, out, _ = run_cli("catalog", "info", "--packaged")
    assert code == 0
    assert _table_rows(out) == [1, 10]  # the snapshot is LEO only; ten largest launch groups
    assert "regimes: ESA Space Environment Report orbit classes" in out  # the source on one line, not a box


def test_no_designators_gives_a_sentence_not_an_unknown_table(tmp_path, run_cli):
    path = tmp_path / "blank.tle"  # columns 10-17 (international designator) left blank, as some TLE sources do
    path.write_text("OBJECT A\n"
                    + tle_checksum("1 25544U          26150.50000000  .00016717  00000-0  10270-3 0  900") + "\n"
                    + tle_checksum("2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.7212539156353") + "\n")
    code, out, _ = run_cli("catalog", "info", path)
    assert code == 0
    assert "Largest launch groups" not in out and "unknown" not in out
    assert "launch groups: none (no element set carries an international designator)" in out
    assert _table_rows(out) == [1]
