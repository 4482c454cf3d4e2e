import pytest

from moonbase.errors import InputError
from moonbase.sites import catalogue, get_site, resolve_point

ARTEMIS_III_REGIONS = ["cabeus-b", "haworth", "malapert-massif", "mons-mouton-plateau", "mons-mouton",
                       "nobile-rim-1", "nobile-rim-2", "de-gerlache-rim-2", "slater-plain"]


def test_catalogue_has_required_sites_with_sources():
    sites = catalogue()
    for key in ["connecting-ridge", "shackleton-rim", "de-gerlache-rim", "malapert", "mons-mouton", "change7",
                "change8-amundsen", "change8-cabeus", "change8-leibnitz-beta", "apollo-11", "shackleton-floor"]:
        assert key in sites
    for region in ARTEMIS_III_REGIONS:
        site = sites[f"artemis3-{region}"]
        assert site.approximate, "Artemis III region centres are approximate"
    for site in sites.values():
        assert site.source and site.tag in {"[R]", "[3P]", "[M]", "[C]"}
        assert -90 <= site.lat_deg <= 90 and 0 <= site.lon_deg < 360


def test_ridge_point_and_change7():
    assert (get_site("connecting-ridge").lat_deg, get_site("connecting-ridge").lon_deg) == (-89.45, 222.69)
    assert (get_site("change7").lat_deg, get_site("change7").lon_deg) == (-88.8, 123.4)


def test_resolve_point_forms():
    assert resolve_point(lat="89.45S", lon="137.31W", height_m=2.0).lon_deg == pytest.approx(222.69)
    assert resolve_point(site="malapert").name == "malapert"
    with pytest.raises(InputError, match="not both"):
        resolve_point(site="malapert", lat=-89.0, lon=0.0)
    with pytest.raises(InputError, match="site=NAME or both lat= and lon=") as info:
        resolve_point(lat=-89.0)
    from moonbase.cli.options import cli_message  # the CLI says the same in its flags

    assert cli_message(info.value).endswith("expected --site NAME or both --lat and --lon")
