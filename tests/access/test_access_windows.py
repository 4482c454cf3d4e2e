"""Launch windows: instants where the parking plane contains the Moon at arrival, monthly pattern, widths."""

from __future__ import annotations

import numpy as np
import pytest

from moonbase.access.geocentric import moon_geocentric, tdb_from_utc
from moonbase.access.windows import launch_windows, to_ics
from moonbase.errors import InputError
from moonbase.traffic.launch import geodetic_to_ecef_km, get_launch_site
from moonbase.timegrid import to_time


def _offplane_deg_at(site, inclination, utc, tof_days, branch):
    """Independent check with skyfield's full ITRS rotation (frame bias, precession, nutation, ERA)."""
    from skyfield.framelib import itrs

    t = to_time(np.array([utc], dtype="datetime64[ms]"))
    rotation = itrs.rotation_at(t)[:, :, 0] if itrs.rotation_at(t).ndim == 3 else itrs.rotation_at(t)
    ecef = geodetic_to_ecef_km(site.lat_deg, site.lon_deg)
    up = ecef / np.linalg.norm(ecef)
    lat_c = np.arcsin(up[2])
    lon = np.radians(site.lon_deg)
    east = np.array([-np.sin(lon), np.cos(lon), 0.0])
    north = np.array([-np.sin(lat_c) * np.cos(lon), -np.sin(lat_c) * np.sin(lon), np.cos(lat_c)])
    ratio = np.cos(np.radians(inclination)) / np.cos(lat_c)
    azimuth = np.arcsin(ratio) if branch == "north-east" else np.pi - np.arcsin(ratio)
    normal_itrs = np.cross(up, np.sin(azimuth) * east + np.cos(azimuth) * north)
    normal_icrf = rotation.T @ normal_itrs
    moon, _ = moon_geocentric(tdb_from_utc(np.array([utc], dtype="datetime64[ms]")) + tof_days * 86400.0)
    u = moon[:, 0] / np.linalg.norm(moon[:, 0])
    return np.degrees(np.arcsin(normal_icrf @ u))


def test_instants_put_the_moon_in_the_plane_independently_of_the_fast_frame():
    site = get_launch_site("wenchang")
    found = launch_windows(site, 30.0, "2030-02-01", "2030-02-03")
    assert found.opportunities
    for o in found.opportunities[:6]:
        # The plane turns 0.25°/min at most: 0.01° ≈ 2.4 s of launch time (measured < 0.002°).
        assert abs(_offplane_deg_at(site, 30.0, o.utc, 4.7, o.branch)) < 0.01


def test_monthly_pattern_follows_the_moon_declination():
    site = get_launch_site("wenchang")
    found = launch_windows(site, 19.6, "2030-01-01", "2030-02-28")
    closed = ~found.day_open
    assert closed.any() and found.day_open.any()
    # A day is open without a budget when the Moon's declination at arrival is within i when the site passes
    # the plane; the declination (given at 0h) moves up to 5° in a day.
    dec = np.abs(found.day_moon_declination_deg)
    assert (dec[closed] > 19.6 - 5.0).all() and found.day_open[dec < 19.6 - 5.0].all()
    assert (found.day_min_offplane_deg[closed] > 0).all()
    # Four instants on an open day (two passes × two branches), fewer near the limit.
    per_day = np.bincount([(o.utc.astype("datetime64[D]") - found.days[0]).astype(int) for o in found.opportunities],
                          minlength=len(found.days))
    assert per_day.max() == 4 and (per_day[closed] == 0).all()
    # A higher inclination opens every day of 2030 (|δ| ≤ 23.6° that year).
    assert launch_windows(site, 28.5, "2030-01-01", "2030-02-28").day_open.all()


def test_budget_widens_windows():
    site = get_launch_site("kennedy")
    bare = launch_windows(site, 28.5, "2030-01-01", "2030-01-05")
    wide = launch_windows(site, 28.5, "2030-01-01", "2030-01-05", plane_change_m_s=200.0)
    assert all(o.width_min == 0.0 for o in bare.opportunities)
    widths = np.array([o.width_min for o in wide.opportunities])
    # 200 m/s at 7.8 km/s turns the plane 1.47°; the plane sweeps the Moon at ≤ 0.25°/min: ≥ 2 × 5.9 min.
    assert (widths >= 11.0).all() and (widths < 240.0).all()
    az = launch_windows(site, 28.5, "2030-01-01", "2030-01-05", azimuth_budget_deg=5.0)
    assert min(o.width_min for o in az.opportunities) > 0.0


def test_ics_and_errors():
    site = get_launch_site("wenchang")
    found = launch_windows(site, 25.0, "2030-01-01", "2030-01-02", plane_change_m_s=100.0)
    text = to_ics(found, "2030-01-01T00:00:00Z")
    assert text.startswith("BEGIN:VCALENDAR") and text.count("BEGIN:VEVENT") == len(found.opportunities)
    with pytest.raises(InputError, match="inclination"):
        launch_windows(site, 5.0, "2030-01-01", "2030-01-02")
    with pytest.raises(InputError, match="--end"):
        launch_windows(site, 25.0, "2030-01-05", "2030-01-02")


@pytest.mark.parametrize("launch, loi", [("2020-11-23T20:30", "2020-11-28T12:58"),   # Chang'e-5
                                         ("2024-05-03T09:27", "2024-05-08T02:12"),   # Chang'e-6
                                         ("2024-03-20T00:31", "2024-03-24T17:05")])  # Queqiao-2
def test_flown_wenchang_launches_are_south_east_instants(launch, loi):
    """Flown launch times (Wikipedia 'Chang'e 5', 'Chang'e 6', 'Queqiao-2 relay satellite') are, to the
    minute, instantaneous south-east (over-sea) opportunities for parking planes of 21.5-23.5°
    (measured; azimuths 99-103°). A sign or sidereal-time error would move them by hours."""
    site = get_launch_site("wenchang")
    flown = np.datetime64(launch)
    tof = float((np.datetime64(loi) - flown) / np.timedelta64(1, "h")) / 24.0
    day = str(flown)[:10]
    best = min(abs(float((o.utc - flown) / np.timedelta64(1, "s"))) / 60.0
               for inclination in np.arange(20.0, 25.01, 0.25)
               for o in launch_windows(site, inclination, day, day, tof_days=tof).opportunities
               if o.branch == "south-east")
    assert best < 5.0  # minutes; a 0.25° inclination step moves the instant by about 6 min
