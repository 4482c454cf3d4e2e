import math

import pytest

from moonbase.comms.link_budget import Link, budget, daily_volume_gbit, free_space_loss_db
from moonbase.errors import InputError


def test_budget_by_hand_in_linear_units():
    # Worked by hand without decibels: a 20 W X-band (8.475 GHz) transmitter on a 1 m dish (η 0.55) to a 34 m
    # dish (η 0.65) at 384,400 km, 30 K, Eb/N0 2.5 dB, margin 3 dB, other losses 2 dB.
    link = Link()
    lam = 299_792_458.0 / 8.475e9
    gt = 0.55 * (math.pi * 1.0 / lam) ** 2
    gr = 0.65 * (math.pi * 34.0 / lam) ** 2
    path = (lam / (4 * math.pi * 384_400e3)) ** 2
    received_w = 20.0 * gt * gr * path * 10 ** (-2.0 / 10)
    n0 = 1.380649e-23 * 30.0
    rate = received_w / n0 / 10 ** ((2.5 + 3.0) / 10)
    result = budget(link)
    assert result["power_limited_rate_bps"] == pytest.approx(rate, rel=1e-9)
    # ~12 Gbit/s of power budget but only 50 MHz of X-band: the link is bandwidth-limited at 50 Mbit/s.
    assert result["data_rate_bps"] == 50e6 and result["limited_by"] == "bandwidth"
    weak = budget(Link(tx_power_w=0.001, tx_diameter_m=0.1, distance_km=400_000.0))
    assert weak["limited_by"] == "power" and weak["data_rate_bps"] == weak["power_limited_rate_bps"]


def test_free_space_loss_reference_value():
    # 20 log10(4π d f / c) at 384,400 km and 8.475 GHz = 222.7 dB (hand computation).
    assert free_space_loss_db(384_400.0, 8.475e9) == pytest.approx(222.70, abs=0.01)


def test_volume_and_bad_inputs():
    assert daily_volume_gbit(1e6, 0.5) == pytest.approx(43.2)
    with pytest.raises(InputError, match="efficiency"):
        Link(tx_efficiency=1.3)
    with pytest.raises(InputError, match="band"):
        Link(band="L")
    with pytest.raises(InputError):
        Link(tx_power_w=-1)
