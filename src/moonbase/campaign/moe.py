"""SpaceNet's measures of effectiveness, computed exactly from the campaign's events.

Definitions as in SpaceNet 2.5 (``simulator/FullSimulator.java`` of space-logistics-org/spacenet-java;
Grogan, Yue & de Weck, "Space Logistics Modeling and Simulation Analysis using SpaceNet: Four
Application Cases", AIAA 2011-7346, hdl 1721.1/81877; Lee, Jordan, Shishko, de Weck, Armar & Siddiqi,
"SpaceNet: Modeling and Simulating Space Logistics", AIAA Space 2008; the framework of Shull, Gralla &
de Weck, "A Modeling Framework for Interplanetary Supply Chains", AIAA Space 2006, and Siddiqi, de Weck,
Lee & Shull, "Matrix Modeling Methods for Spaceflight Campaign Logistics Analysis", JSR 46(5), 2009):

* crew surface days: every crew member on a non-Earth surface, times days;
* exploration capability EC: for every crew member on a non-Earth surface, the mass of classes of supply
  COS6 (exploration & research: science payloads, field equipment, samples) and COS8 (habitation &
  infrastructure) at that location, times the duration [kg·day];
* relative exploration capability REC = (EC / 2594) / (launch mass / 2,930,000 kg), normalised to Apollo 17;
* exploration mass delivered (COS6 + COS8 landed), total launch mass, up-mass capacity utilisation.

Samples (COS603) collected during a stay are counted as they accumulate, linearly over the stay, and
leave with the crew.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from .model import Campaign

APOLLO_17_EXPLORATION_CAPABILITY = 2594.0    # kg·day, SpaceNet FullSimulator.java [R]
APOLLO_17_LAUNCH_MASS = 2_930_000.0          # kg, SpaceNet FullSimulator.java [R]
SPACENET_SOURCE = "SpaceNet 2.5 MOEs (space-logistics-org/spacenet-java, simulator/FullSimulator.java; Grogan, Yue & de Weck, AIAA 2011-7346)"


@dataclass(frozen=True)
class MeasuresOfEffectiveness:
    crew_surface_days: float
    exploration_capability_kg_d: float
    relative_exploration_capability: float
    exploration_mass_delivered_kg: float
    launch_mass_kg: float
    up_mass_utilisation: float

    def as_record(self) -> dict:
        return asdict(self)


def measures_of_effectiveness(campaign: Campaign) -> MeasuresOfEffectiveness:
    """The MOEs of ``campaign``, integrated exactly between events (times in fractional days)."""
    intervals = []   # (start, end, mass) of COS6/COS8 mass present
    crews = []       # (start, end, crew, samples)
    delivered = 0.0
    for m in campaign.missions:
        if not m.to_surface:
            continue
        t0 = campaign.day_of(m.arrival)
        for e in m.surface_elements:
            if e.counts_for_exploration:
                intervals.append((t0, t0 + e.lifetime_years * 365.25, e.mass_kg))
                delivered += e.mass_kg
        if m.crew > 0:
            crews.append((t0, t0 + m.stay_days, m.crew, m.samples_kg))
    breaks = sorted({t for a, b, *_ in intervals + crews for t in (a, b)})
    ec = 0.0
    for lo, hi in zip(breaks[:-1], breaks[1:]):
        if hi <= lo:
            continue
        mid = 0.5 * (lo + hi)   # every integrand below is constant or linear on (lo, hi): the midpoint is exact
        crew = sum(c for a, b, c, _ in crews if a <= mid < b)
        if not crew:
            continue
        mass = sum(w for a, b, w in intervals if a <= mid < b)
        samples = sum(s * (mid - a) / (b - a) for a, b, _, s in crews if a <= mid < b and b > a)
        ec += crew * (mass + samples) * (hi - lo)
    launch = float(sum(m.launch_mass_kg for m in campaign.missions))
    cargo = sum(m.manifest_mass_kg for m in campaign.missions if m.vehicle is not None)
    capacity = sum(m.capacity_kg for m in campaign.missions if m.vehicle is not None and np.isfinite(m.capacity_kg))
    rec = (ec / APOLLO_17_EXPLORATION_CAPABILITY) / (launch / APOLLO_17_LAUNCH_MASS) if launch > 0 else float("nan")
    return MeasuresOfEffectiveness(
        crew_surface_days=float(sum(c * (b - a) for a, b, c, _ in crews)), exploration_capability_kg_d=float(ec),
        relative_exploration_capability=float(rec), exploration_mass_delivered_kg=float(delivered),
        launch_mass_kg=launch, up_mass_utilisation=float(cargo / capacity) if capacity else float("nan"))
