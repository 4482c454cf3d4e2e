"""Detection of a lamp at a polar site: the orders of magnitude that bound the answer, and the observers' table."""

from __future__ import annotations

import numpy as np
import pytest

from moonbase.errors import InputError
from moonbase.observe.assess import format_power, one_in
from moonbase.observe.detect import detect
from moonbase.observe.instruments import INSTRUMENTS
from moonbase.observe.lamp import Lamp
from moonbase.observe.observers import Observer, named_observers, resolve_observer, world_grid
from moonbase.observe.view import view_from_earth
from moonbase.sites import get_site
from moonbase.terrain.builtin import builtin_horizon
from moonbase.timegrid import utc_grid


@pytest.fixture(scope="module")
def view(ephemeris):
    site = get_site("connecting-ridge").point(10.0)
    sky = ephemeris.moon_sky(utc_grid("2030-01-01", "2030-07-01", "1h"))
    return view_from_earth(sky, site, builtin_horizon(site).to_mask(), [resolve_observer("beijing")], ephemeris)


def test_a_dark_site_is_where_a_lamp_can_be_seen(view):
    found = detect(view, INSTRUMENTS["amateur-20cm"], Lamp(10e3))
    lit = found.observable & ~found.site_dark
    dark = found.observable & found.site_dark
    assert lit.any() and dark.any()
    # Against sunlit regolith a 20 cm telescope reaches only V ≈ 5-9; against earthshine V ≈ 10-13
    # (point sources of V 11-15 in amateur telescopes on the earthlit side; NELIOTA sees impact flashes only there).
    assert 4.0 < np.median(found.limiting_mag[lit]) < 9.5
    assert 9.5 < np.nanmax(found.limiting_mag[dark]) < 13.5
    # Typically the dark site is 2+ magnitudes better (a barely lit site at the terminator can be as good).
    assert np.median(found.limiting_mag[dark]) > np.median(found.limiting_mag[lit]) + 2.0


def test_the_naked_eye_needs_a_bright_lamp_even_at_the_best_moment(view):
    found = detect(view, INSTRUMENTS["naked-eye"], Lamp(10e3))
    best = np.nanmax(found.limiting_mag[found.observable])
    # Glare from the lit Moon: plan on V ≲ 3 on the dark limb; against the lit Moon V ≈ -1 to -5.
    assert 1.0 < best < 4.0
    assert -6.0 < np.median(found.limiting_mag[found.observable & ~found.site_dark]) < -1.0
    assert not found.detectable.any()


def test_beaming_at_the_earth_gains_what_the_solid_angle_says(view):
    hemisphere = detect(view, INSTRUMENTS["vlt-8m"], Lamp(10e3))
    beamed = detect(view, INSTRUMENTS["vlt-8m"], Lamp(10e3, beam="earth"))
    gain_mag = np.median(hemisphere.lamp_mag - beamed.lamp_mag)
    assert gain_mag == pytest.approx(2.5 * np.log10(7300.0), abs=0.2)
    assert beamed.detectable.sum() > hemisphere.detectable.sum()


def test_candidates_only_evaluates_the_best_chance_hours(view):
    every = detect(view, INSTRUMENTS["hst"], Lamp(10.0))
    some = detect(view, INSTRUMENTS["hst"], Lamp(10.0), candidates_only=True)
    chosen = some.observable & some.site_dark & some.observer_night
    np.testing.assert_array_equal(some.limiting_mag[chosen], every.limiting_mag[chosen])
    assert np.isnan(some.limiting_mag[~chosen]).all()


def test_observers_by_name_or_coordinates_with_clear_errors():
    assert {"beijing", "moscow", "washington", "paranal", "mauna-kea"} <= set(named_observers())
    place = resolve_observer("39.9,116.4,50")
    assert (place.lat_deg, place.lon_deg, place.height_m) == (39.9, 116.4, 50.0)
    with pytest.raises(InputError, match="did you mean 'beijing'"):
        resolve_observer("bejing")
    with pytest.raises(InputError, match="latitude"):
        Observer("x", "x", 95.0, 0.0)
    # WGS84: a point on the equator at sea level is 6,378.137 km from the centre.
    assert np.linalg.norm(Observer("e", "e", 0.0, 0.0).itrs_km()) == pytest.approx(6378.137)
    assert len(world_grid(10, 10)) == 100


def test_plain_number_formatting():
    assert one_in(1.2 / 9600.0) == "1/8,000"
    assert one_in(8.1) == "8.1×"
    assert format_power(4.6e7) == "46 MW" and format_power(0.19) == "0.19 W"
