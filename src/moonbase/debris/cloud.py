"""A breakup applied at a parent's orbit and epoch: the debris cloud as element sets.

The parent state comes from its element set (SGP4 at the breakup epoch) or from a circular orbit of
given altitude and inclination (node and argument of latitude chosen by the caller). Each fragment
leaves with the parent's velocity plus its ejection velocity from :mod:`.breakup`; its osculating
elements are taken as SGP4 mean elements (the short-period J2 terms, a few km in semi-major axis,
are below the spread of the cloud itself: a stated simplification). Fragments on hyperbolic orbits or
with perigees under :data:`REENTRY_PERIGEE_KM` are counted as lost at once and left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sgp4.api import Satrec

from ..errors import InputError
from ..traffic.propagate import julian_dates
from .breakup import BreakupEvent, Fragments, fragment
from .elements import (DEFAULT_DRAG_COEFFICIENT, EARTH_RADIUS_KM, FRAGMENT_NUMBER_BASE, MU_KM3_S2, ElementSet,
                       state_to_elements)

#: Perigee altitude below which an object is taken to re-enter within a revolution [km] (a convention
#: of decay predictions; ISO 27852:2016 uses 80-120 km for the end of orbital lifetime) [M].
REENTRY_PERIGEE_KM = 100.0


@dataclass(frozen=True)
class ParentOrbit:
    """Where the parent is at the breakup: TEME position [km] and velocity [km/s] at ``epoch`` (UTC)."""

    epoch: np.datetime64
    position_km: np.ndarray
    velocity_km_s: np.ndarray
    designator: str = ""
    name: str = "PARENT"
    source: str = ""

    @staticmethod
    def circular(altitude_km: float, inclination_deg: float, epoch, raan_deg: float = 0.0,
                 argument_of_latitude_deg: float = 0.0, name: str = "PARENT", designator: str = "") -> "ParentOrbit":
        if not 150.0 <= altitude_km <= 40_000.0:
            raise InputError("altitude_km", altitude_km, "a parent altitude between 150 and 40,000 km")
        if not 0.0 <= inclination_deg <= 180.0:
            raise InputError("inclination_deg", inclination_deg, "an inclination between 0 and 180 deg")
        r = EARTH_RADIUS_KM + altitude_km
        speed = np.sqrt(MU_KM3_S2 / r)
        i, node, u = np.radians([inclination_deg, raan_deg, argument_of_latitude_deg])
        p_hat = np.array([np.cos(node), np.sin(node), 0.0])
        q_hat = np.array([-np.sin(node) * np.cos(i), np.cos(node) * np.cos(i), np.sin(i)])
        position = r * (np.cos(u) * p_hat + np.sin(u) * q_hat)
        velocity = speed * (-np.sin(u) * p_hat + np.cos(u) * q_hat)
        return ParentOrbit(np.datetime64(epoch, "ms"), position, velocity, designator, name,
                           f"circular {altitude_km:g} km x {inclination_deg:g} deg [U]")

    @staticmethod
    def from_satrec(satrec: Satrec, epoch, name: str = "PARENT", designator: str = "") -> "ParentOrbit":
        epoch = np.datetime64(epoch, "ms")
        jd, fr = julian_dates(np.array([epoch]))
        error, r, v = satrec.sgp4(float(jd[0]), float(fr[0]))
        if error != 0:
            raise InputError("epoch", str(epoch), f"a time where SGP4 can propagate the parent (error {error})")
        return ParentOrbit(epoch, np.array(r), np.array(v), designator, name, "SGP4 from the parent's element set")


@dataclass
class Cloud:
    """A modelled debris cloud: its element sets, the fragments behind them and what was lost at once."""

    elements: ElementSet
    fragments: Fragments
    parent: ParentOrbit
    kept: np.ndarray  # fragment indices with an element set
    lost_reentry: int
    lost_escape: int
    drag_coefficient: float

    @property
    def seed(self) -> int:
        return self.fragments.seed


def breakup_cloud(event: BreakupEvent, parent: ParentOrbit, lc_min_m: float = 0.1, seed: int = 0,
                  drag_coefficient: float = DEFAULT_DRAG_COEFFICIENT, first_number: int = FRAGMENT_NUMBER_BASE,
                  name_prefix: str = "") -> Cloud:
    """The cloud of one breakup: fragments larger than ``lc_min_m`` [m], seeded, as mean element sets."""
    pieces = fragment(event, lc_min_m=lc_min_m, seed=seed)
    velocity = parent.velocity_km_s[None, :] + pieces.delta_v_m_s / 1000.0
    position = np.repeat(parent.position_km[None, :], len(pieces), axis=0)
    a, e, i, raan, argp, mean_anomaly = state_to_elements(position, velocity)
    bound = (a > 0) & (e < 1.0)
    perigee = np.where(bound, a * (1.0 - e) - EARTH_RADIUS_KM, -np.inf)
    kept = np.flatnonzero(bound & (perigee >= REENTRY_PERIGEE_KM))
    count = kept.size
    prefix = name_prefix or f"{parent.name} DEB (MODEL)"
    elements = ElementSet(
        a_km=a[kept], e=e[kept], i_rad=i[kept], raan_rad=raan[kept], argp_rad=argp[kept],
        mean_anomaly_rad=mean_anomaly[kept], b_m2_kg=drag_coefficient * pieces.area_to_mass_m2_kg[kept],
        epoch=np.full(count, parent.epoch, dtype="datetime64[ms]"),
        norad=first_number + np.arange(count, dtype=np.int64),
        names=[f"{prefix} {k + 1}" for k in range(count)], designator=parent.designator,
    )
    return Cloud(elements, pieces, parent, kept, int((bound & (perigee < REENTRY_PERIGEE_KM)).sum()),
                 int((~bound).sum()), drag_coefficient)
