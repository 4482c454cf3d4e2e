"""The NASA standard breakup model: fragment sizes, area-to-mass ratios and ejection speeds.

Johnson, Krisko, Liou & Anz-Meador (2001), "NASA's new breakup model of EVOLVE 4.0",
Adv. Space Res. 28(9) 1377-1384, doi:10.1016/S0273-1177(01)00423-9. The equations and coefficients
below are recalled from the paper and its restatements (Krisko 2011, "Proper implementation of the
1998 NASA breakup model", Orbital Debris Quarterly News 15(4); Schuhmacher et al. 2021, "Efficient
implementation of the NASA standard breakup model", 8th European Conference on Space Debris) and not
re-read here [M]: check them against the paper. All sizes in metres, masses in kilograms,
area-to-mass ratios in m^2/kg and speeds in m/s.

* **Counts** by characteristic length ``Lc``: explosions ``N(>Lc) = 6 S Lc^-1.6`` (``S`` a scaling
  factor, 1 for a standard explosion); collisions ``N(>Lc) = 0.1 M^0.75 Lc^-1.71`` with ``M`` the
  sum of both masses for a catastrophic collision (specific energy at or above 40 J/g), or
  ``M = m_projectile v^2`` (kg, km/s) for a non-catastrophic one.
* **Area-to-mass** ``chi = log10(A/m)`` given ``lambda = log10(Lc)``: above 11 cm a bimodal normal
  mixture with parameters for spacecraft and for rocket bodies; below 8 cm one normal; between 8 and
  11 cm the two are bridged (here: each fragment draws from the large-fragment law with probability
  rising linearly in ``Lc`` from 0 at 8 cm to 1 at 11 cm, a stated choice [D]).
* **Average cross-section** ``A = 0.540424 Lc^2`` below 1.67 mm, ``0.556945 Lc^2.0047077`` above;
  mass ``m = A / (A/m)``.
* **Ejection speed** ``nu = log10(dv)`` normal with mean ``0.2 chi + 1.85`` (explosions) or
  ``0.9 chi + 2.9`` (collisions) and sigma 0.4, in a uniformly random direction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy.special import ndtr

from ..errors import InputError

SOURCE = "Johnson, Krisko, Liou & Anz-Meador 2001, Adv. Space Res. 28(9) 1377, doi:10.1016/S0273-1177(01)00423-9"
#: Catastrophic-collision threshold on the projectile's kinetic energy per target mass [J/g] (SOURCE).
CATASTROPHIC_J_PER_G = 40.0
#: The bridge between the small- and large-fragment area-to-mass laws [m] (SOURCE: 8 and 11 cm).
BRIDGE_LOW_M, BRIDGE_HIGH_M = 0.08, 0.11

EventType = Literal["explosion", "collision"]
ParentKind = Literal["spacecraft", "rocket-body"]


def _ramp(x, x0, y0, x1, y1):
    """Piecewise-linear: y0 below x0, y1 above x1, straight between."""
    x = np.asarray(x, dtype=float)
    return np.where(x <= x0, y0, np.where(x >= x1, y1, y0 + (y1 - y0) * (x - x0) / (x1 - x0)))


def large_fragment_parameters(lam: np.ndarray, kind: ParentKind = "spacecraft"):
    """(alpha, mu1, sigma1, mu2, sigma2) of the bimodal chi law for Lc > 11 cm, lam = log10(Lc [m])."""
    lam = np.asarray(lam, dtype=float)
    if kind == "rocket-body":
        alpha = _ramp(lam, -1.4, 1.0, 0.0, 0.5)
        mu1 = _ramp(lam, -0.5, -0.45, 0.0, -0.9)
        sigma1 = np.full_like(lam, 0.55)
        mu2 = np.full_like(lam, -0.9)
        sigma2 = _ramp(lam, -1.0, 0.28, 0.1, 0.1)
    else:
        alpha = _ramp(lam, -1.95, 0.0, 0.55, 1.0)
        mu1 = _ramp(lam, -1.1, -0.6, 0.0, -0.95)
        sigma1 = _ramp(lam, -1.3, 0.1, -0.3, 0.3)
        mu2 = _ramp(lam, -0.7, -1.2, -0.1, -2.0)
        sigma2 = _ramp(lam, -0.5, 0.5, -0.3, 0.3)
    return alpha, mu1, sigma1, mu2, sigma2


def small_fragment_parameters(lam: np.ndarray):
    """(mu, sigma) of the normal chi law for Lc < 8 cm (the same for spacecraft and rocket bodies)."""
    lam = np.asarray(lam, dtype=float)
    mu = _ramp(lam, -1.75, -0.3, -1.25, -1.0)
    sigma = np.where(lam <= -3.5, 0.2, 0.2 + 0.1333 * (lam + 3.5))
    return mu, sigma


def large_law_weight(lc_m: np.ndarray) -> np.ndarray:
    """Probability that a fragment of size ``lc_m`` draws chi from the large-fragment law (the bridge)."""
    return np.clip((np.asarray(lc_m, dtype=float) - BRIDGE_LOW_M) / (BRIDGE_HIGH_M - BRIDGE_LOW_M), 0.0, 1.0)


def chi_cdf(chi: np.ndarray, lc_m: np.ndarray, kind: ParentKind = "spacecraft") -> np.ndarray:
    """P(log10(A/m) <= chi | Lc): the model's analytic conditional CDF (for tests and checks)."""
    lam = np.log10(lc_m)
    alpha, mu1, s1, mu2, s2 = large_fragment_parameters(lam, kind)
    large = alpha * ndtr((chi - mu1) / s1) + (1.0 - alpha) * ndtr((chi - mu2) / s2)
    mu, s = small_fragment_parameters(lam)
    small = ndtr((chi - mu) / s)
    w = large_law_weight(lc_m)
    return w * large + (1.0 - w) * small


def sample_chi(lc_m: np.ndarray, kind: ParentKind, rng: np.random.Generator) -> np.ndarray:
    """log10(A/m [m^2/kg]) for each fragment, drawn from the law for its size."""
    lc_m = np.asarray(lc_m, dtype=float)
    lam = np.log10(lc_m)
    alpha, mu1, s1, mu2, s2 = large_fragment_parameters(lam, kind)
    first = rng.random(lc_m.size) < alpha
    large = np.where(first, rng.normal(mu1, s1), rng.normal(mu2, s2))
    mu, s = small_fragment_parameters(lam)
    small = rng.normal(mu, s)
    use_large = rng.random(lc_m.size) < large_law_weight(lc_m)
    return np.where(use_large, large, small)


def area_m2(lc_m: np.ndarray) -> np.ndarray:
    """Average cross-sectional area [m^2] of a fragment of characteristic length ``lc_m`` (SOURCE)."""
    lc_m = np.asarray(lc_m, dtype=float)
    return np.where(lc_m < 0.00167, 0.540424 * lc_m**2, 0.556945 * lc_m**2.0047077)


def delta_v_log_mean(chi: np.ndarray, event: EventType) -> np.ndarray:
    """Mean of log10(dv [m/s]) given chi (SOURCE); sigma is :data:`DELTA_V_LOG_SIGMA`."""
    chi = np.asarray(chi, dtype=float)
    return 0.9 * chi + 2.9 if event == "collision" else 0.2 * chi + 1.85


DELTA_V_LOG_SIGMA = 0.4


@dataclass(frozen=True)
class BreakupEvent:
    """What breaks up: the masses [kg], the kind of event and, for collisions, the impact speed [km/s].

    ``projectile_kg`` is the impactor of a collision (for an ASAT test, the kill vehicle); 0 lets the
    target's mass stand for the whole, as with a catastrophic collision against a small projectile.
    """

    event: EventType
    mass_kg: float
    projectile_kg: float = 0.0
    impact_speed_km_s: float = 10.0
    kind: ParentKind = "spacecraft"
    explosion_scale: float = 1.0  # S of the explosion law; 1 for a standard explosion

    def __post_init__(self):
        if self.event not in ("explosion", "collision"):
            raise InputError("type", self.event, "'explosion' or 'collision'")
        if not 0.1 <= self.mass_kg <= 1e6:
            raise InputError("mass_kg", self.mass_kg, "a parent mass between 0.1 kg and 1,000 t")
        if self.projectile_kg < 0 or self.impact_speed_km_s <= 0:
            raise InputError("projectile_kg/impact_speed_km_s", (self.projectile_kg, self.impact_speed_km_s),
                             "a projectile mass >= 0 kg and an impact speed > 0 km/s")

    @property
    def catastrophic(self) -> bool:
        """Projectile kinetic energy per target gram at or above 40 J/g (or no projectile given)."""
        if self.event != "collision" or self.projectile_kg == 0.0:
            return self.event == "collision"
        energy_j = 0.5 * self.projectile_kg * (self.impact_speed_km_s * 1000.0) ** 2
        return energy_j / (self.mass_kg * 1000.0) >= CATASTROPHIC_J_PER_G

    @property
    def total_mass_kg(self) -> float:
        return self.mass_kg + (self.projectile_kg if self.event == "collision" else 0.0)

    @property
    def collision_mass_parameter(self) -> float:
        """M of the collision law [kg]: both masses if catastrophic, else m_projectile v^2 (km/s)."""
        if self.catastrophic:
            return self.total_mass_kg
        return self.projectile_kg * self.impact_speed_km_s**2

    def count_larger_than(self, lc_m) -> np.ndarray:
        """N(>Lc): the expected number of fragments larger than ``lc_m`` [m] (SOURCE)."""
        lc_m = np.asarray(lc_m, dtype=float)
        if self.event == "explosion":
            return 6.0 * self.explosion_scale * lc_m**-1.6
        return 0.1 * self.collision_mass_parameter**0.75 * lc_m**-1.71

    @property
    def exponent(self) -> float:
        return 1.6 if self.event == "explosion" else 1.71

    @property
    def largest_lc_m(self) -> float:
        """The size at which N(>Lc) = 1: the largest fragment the power law makes [m]."""
        scale = 6.0 * self.explosion_scale if self.event == "explosion" else 0.1 * self.collision_mass_parameter**0.75
        return float(scale ** (1.0 / self.exponent))


@dataclass
class Fragments:
    """One breakup's fragments (index-aligned arrays), and the mass bookkeeping [kg]."""

    lc_m: np.ndarray
    area_to_mass_m2_kg: np.ndarray
    area_m2: np.ndarray
    mass_kg: np.ndarray
    delta_v_m_s: np.ndarray  # (n, 3) ejection velocity in the frame the caller chose
    seed: int
    lc_min_m: float
    event: BreakupEvent
    mass_below_lc_min_kg: float = 0.0  # expected mass of the unmodelled fragments smaller than lc_min
    remnant: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # mass-balance remnants

    def __len__(self) -> int:
        return self.lc_m.size

    @property
    def total_mass_kg(self) -> float:
        return float(self.mass_kg.sum() + self.mass_below_lc_min_kg)


def _sample_lc(event: BreakupEvent, count: int, lc_min: float, lc_max: float, rng) -> np.ndarray:
    """Sizes from the truncated power law N(>Lc) ∝ Lc^-beta on [lc_min, lc_max] (inverse CDF)."""
    beta = event.exponent
    tail = (lc_max / lc_min) ** -beta
    u = rng.random(count)
    return lc_min * (1.0 - u * (1.0 - tail)) ** (-1.0 / beta)


def expected_mass_below(event: BreakupEvent, lc_low: float, lc_high: float, samples: int = 200_000,
                        seed: int = 12345) -> float:
    """Expected total mass [kg] of the fragments with sizes in [lc_low, lc_high] (Monte Carlo, fixed seed)."""
    if lc_high <= lc_low:
        return 0.0
    rng = np.random.default_rng(seed)
    count = float(event.count_larger_than(lc_low) - event.count_larger_than(lc_high))
    lc = _sample_lc(event, samples, lc_low, lc_high, rng)
    chi = sample_chi(lc, event.kind, rng)
    return count * float(np.mean(area_m2(lc) / 10.0**chi))


def fragment(event: BreakupEvent, lc_min_m: float = 0.1, seed: int = 0, lc_max_m: float | None = None,
             max_fragments: int = 2_000_000) -> Fragments:
    """Draw the fragments larger than ``lc_min_m`` of one breakup, with mass conserved.

    The count is Poisson around N(>lc_min) - N(>lc_max). Mass bookkeeping (as the LEGEND
    implementation does it, Schuhmacher et al. 2021 §2.4, in spirit): fragments are kept smallest first
    while the running mass stays within the event's total less the expected mass of the fragments
    below ``lc_min_m`` (so the few largest draws, which carry most of the mass and the most variance,
    are the ones given up); the mass left over becomes one remnant fragment (its size from its mass at
    the large-fragment mean A/m), so the fragments plus the unmodelled small ones equal the total.
    """
    if not 1e-4 <= lc_min_m <= 1.0:
        raise InputError("lc_min_m", lc_min_m, "a smallest fragment size between 0.1 mm and 1 m")
    rng = np.random.default_rng(seed)
    lc_max = event.largest_lc_m if lc_max_m is None else float(lc_max_m)
    if lc_max <= lc_min_m:
        raise InputError("lc_min_m", lc_min_m, f"a size below the largest fragment ({lc_max:.3g} m)")
    mean = float(event.count_larger_than(lc_min_m) - event.count_larger_than(lc_max))
    if mean > max_fragments:
        raise InputError("lc_min_m", lc_min_m, f"a larger smallest size: {mean:,.0f} fragments exceed {max_fragments:,}")
    count = int(rng.poisson(mean))
    lc = np.sort(_sample_lc(event, count, lc_min_m, lc_max, rng))
    chi = sample_chi(lc, event.kind, rng)
    a = area_m2(lc)
    mass = a / 10.0**chi
    small_mass = expected_mass_below(event, 1e-4, lc_min_m) if lc_min_m > 1e-4 else 0.0
    budget = event.total_mass_kg - min(small_mass, event.total_mass_kg)
    keep = np.cumsum(mass) <= budget
    lc, chi, a, mass = lc[keep], chi[keep], a[keep], mass[keep]
    left = budget - float(mass.sum())
    remnant = np.zeros(lc.size, bool)
    if left > 0.0:
        # One remnant at the mean large-fragment A/m of the parent kind (lam = 0: a 1-m body).
        alpha, mu1, _, mu2, _ = large_fragment_parameters(np.array([0.0]), event.kind)
        am = float(10.0 ** (alpha[0] * mu1[0] + (1.0 - alpha[0]) * mu2[0]))
        area = left * am
        size = (area / 0.556945) ** (1.0 / 2.0047077)
        lc = np.concatenate([[size], lc])
        chi = np.concatenate([[np.log10(am)], chi])
        a = np.concatenate([[area], a])
        mass = np.concatenate([[left], mass])
        remnant = np.concatenate([[True], remnant])
    nu = rng.normal(delta_v_log_mean(chi, event.event), DELTA_V_LOG_SIGMA)
    speed = 10.0**nu
    direction = rng.normal(size=(lc.size, 3))
    direction /= np.linalg.norm(direction, axis=1, keepdims=True)
    return Fragments(lc_m=lc, area_to_mass_m2_kg=10.0**chi, area_m2=a, mass_kg=mass,
                     delta_v_m_s=direction * speed[:, None], seed=seed, lc_min_m=lc_min_m, event=event,
                     mass_below_lc_min_kg=float(min(small_mass, event.total_mass_kg)), remnant=remnant)
