"""Partners and signatories: the packaged table against the counts its sources give, user tables, the CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest

from moonbase.errors import InputError
from moonbase.partners import bloc_series, load_members, packaged_members, snapshot
from moonbase.partners.table import parse_joined


def test_counts_match_the_sources_counts():
    # Roscosmos (29 Apr 2025): 13 states besides China and Russia; CNSA (23 Apr 2025): "17 countries and international
    # organizations" = 15 states + APSCO + AUASS.
    blocs = snapshot(load_members(), date(2025, 6, 1))
    assert blocs.count("ilrs") == 15 and blocs.count("ilrs", "organisation") == 2
    # NASA's count: 59 signatories by 26 Oct 2025 (Malaysia and the Philippines the 58th and 59th); Norway 55th (May 2025).
    assert blocs.count("artemis") == 55
    assert snapshot(load_members(), date(2025, 10, 26)).count("artemis") == 59
    assert snapshot(load_members(), date(2020, 10, 13)).count("artemis") == 8  # the founding eight


def test_states_in_both_blocs_are_flagged_on_their_dates():
    members = load_members()
    assert snapshot(members, date(2024, 12, 15)).overlap == ()                 # Thailand signs the Accords on 16 Dec 2024
    assert snapshot(members, date(2024, 12, 16)).overlap == ("THA",)
    assert snapshot(members, date(2025, 7, 24)).overlap == ("SEN", "THA")       # Senegal: ILRS Sep 2024, Accords 24 Jul 2025
    # The UAE (a founding Accords signatory) is listed for the ILRS with an ambiguous status: not counted.
    assert "ARE" in snapshot(members, date(2025, 7, 24)).overlap_uncounted


def test_every_row_has_a_source_and_a_tag_and_the_orders_run_without_gaps():
    rows = packaged_members()
    assert all(m.source and m.tag in ("[R]", "[M]") for m in rows)
    orders = sorted(m.order for m in rows if m.bloc == "artemis")
    assert orders == list(range(1, 60))
    ilrs = sorted(m.order for m in rows if m.bloc == "ilrs" and m.order)
    assert ilrs == list(range(1, 14))


def test_month_and_year_dates_count_from_their_last_day():
    assert parse_joined("2023") == date(2023, 12, 31)
    assert parse_joined("2024-02") == date(2024, 2, 29)
    assert parse_joined("2024-09-05") == date(2024, 9, 5)
    egypt = next(m for m in packaged_members() if m.name == "Egypt")
    assert egypt not in snapshot(load_members(), date(2023, 12, 30)).members["ilrs"]


def test_series_steps_up_and_ends_at_the_snapshot():
    series = bloc_series(load_members(), date(2025, 12, 31))
    for counts in series.states.values():
        assert (counts[1:] >= counts[:-1]).all()
    assert series.states["artemis"][-1] == 59 and series.states["ilrs"][-1] == 15 and series.both[-1] == 2


def test_a_user_table_is_validated_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("bloc,name,iso3,kind,joined,tag,source\nartemis,Atlantis,ATL,state,2026-13-01,[R],somewhere\n")
    with pytest.raises(InputError, match=r"bad.csv, line 2: joined = '2026-13-01'"):
        load_members([bad])
    bad.write_text("bloc,name,iso3,kind,joined,tag,source\nmoon-club,X,XXX,state,2026,[R],s\n")
    with pytest.raises(InputError, match="bloc"):
        load_members([bad])


def test_add_then_merge_through_the_cli(run_cli, tmp_path):
    table = tmp_path / "mine.csv"
    code, out, err = run_cli("partners", "add", "--table", table, "--bloc", "artemis", "--name", "Atlantis", "--iso3", "ATL",
                             "--joined", "2026-01-15", "--source", "a press release")
    assert code == 0, err
    code, out, err = run_cli("partners", "add", "--table", table, "--bloc", "ilrs", "--name", "Atlantis", "--iso3", "ATL",
                             "--joined", "2026-02", "--source", "another release", "--tag", "[R]")
    assert code == 0, err
    code, out, _ = run_cli("partners", "--as-of", "2026-03-01", "--table", table, "--json")
    record = json.loads(out)
    assert record["blocs"]["artemis"]["states"] == 60 and "ATL" in [o["iso3"] for o in record["overlap"]]
    # A bad row is refused in one line, and the file is left as it was.
    before = table.read_text()
    code, _, err = run_cli("partners", "add", "--table", table, "--bloc", "artemis", "--name", "Nowhere",
                           "--joined", "2026", "--source", "x")
    assert code == 2 and "iso3" in err and len(err.strip().splitlines()) == 1
    assert table.read_text() == before


def test_partners_json_and_offline_page(run_cli, tmp_path):
    code, out, _ = run_cli("partners", "--as-of", "2025-06-01", "--json")
    record = json.loads(out)
    assert [o["name"] for o in record["overlap"]] == ["Thailand"]
    assert record["blocs"]["ilrs"]["states"] == 15 and record["blocs"]["artemis"]["states"] == 55
    code, _, err = run_cli("partners", "--as-of", "2025-12-01", "--out", tmp_path / "p")
    assert code == 0, err
    page = (tmp_path / "p" / "partners.html").read_text()
    assert "<script src=" not in page                           # plotly.js inline: no CDN
    assert "PlotlyGeoAssets = {topojson: {world_110m:" in page   # world outlines inline: no topojson fetch
    assert '"locationmode":"ISO-3"' in page and '"SEN"' in page
    sizes = (tmp_path / "p" / "bloc_sizes.csv").read_text().splitlines()
    assert sizes[0] == "date,ilrs_states,artemis_states,both_states" and sizes[-1].endswith(",15,59,2")


def test_bad_date_is_one_line(run_cli):
    code, _, err = run_cli("partners", "--as-of", "June 2025")
    assert code == 2 and "--as-of" in err
