"""Schedule growth: how much longer the remaining work takes than planned, as a distribution.

The growth factor ``g`` multiplies the planned remaining duration. Its distribution is a mixture
calibrated on Coleman, Summerville & Dameron (2002), *Schedule and Cost Growth* (SCEA; RAND
database of 59 defence and space programmes): 15 % of programmes finished early, 20 % on time,
64 % late; median 1.11, mean 1.29, SD 0.54, P75 1.46, strongly right-skewed:

* with probability ``shrink_probability``: ``g`` uniform in ``[1 - shrink_max, 1]``;
* with probability ``on_time_probability``: ``g = 1``;
* otherwise ``g = 1 + k·X`` with ``X`` lognormal(``growth_log_mean``, ``growth_log_sd``)
  truncated at ``growth_max``, and ``k`` the agency-class multiplier (1 for Coleman's sample).

Sampling is by the inverse CDF of a uniform, so that correlated uniforms (a Gaussian copula)
give correlated growth, and the kernel is a few vectorised numpy calls.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize
from scipy.special import ndtr

from ..kernels import race as kernel

#: Coleman, Summerville & Dameron (2002), schedule growth factor statistics [R].
COLEMAN_2002 = {"median": 1.11, "mean": 1.29, "sd": 0.54, "p75": 1.46, "p25": 1.00,
                "shrank": 0.15, "on_time": 0.20}


def truncation_level(log_mean: float, log_sd: float, growth_max: float) -> float:
    """CDF of the lognormal at ``growth_max``: the late branch's quantiles are scaled into [0, this]."""
    return float(ndtr((np.log(growth_max) - log_mean) / log_sd))


def growth_from_uniform(u: np.ndarray, shrink_probability: float, on_time_probability: float, shrink_max: float,
                        log_mean: float, log_sd: float, growth_max: float, multiplier: float = 1.0) -> np.ndarray:
    """Growth factors ``g`` for uniforms ``u`` in (0, 1) by the mixture's inverse CDF."""
    u = np.ascontiguousarray(u, dtype=float)
    return kernel.growth_from_uniform(u, shrink_probability, on_time_probability, shrink_max, log_mean, log_sd,
                                      truncation_level(log_mean, log_sd, growth_max), multiplier, np.empty_like(u))


def growth_parameters(model) -> dict:
    """The mixture parameters of a :class:`~moonbase.race.programmes.ModelParameters`."""
    return {"shrink_probability": model.shrink_probability, "on_time_probability": model.on_time_probability,
            "shrink_max": model.shrink_max, "log_mean": model.growth_log_mean, "log_sd": model.growth_log_sd,
            "growth_max": model.growth_max}


def growth_statistics(g: np.ndarray) -> dict:
    """Median, mean, SD, quartiles and the shares early/on time, as Coleman et al. report them."""
    return {"median": float(np.median(g)), "mean": float(np.mean(g)), "sd": float(np.std(g)),
            "p25": float(np.quantile(g, 0.25)), "p75": float(np.quantile(g, 0.75)),
            "shrank": float(np.mean(g < 1.0 - 1e-12)), "on_time": float(np.mean(np.abs(g - 1.0) <= 1e-12))}


def fit_coleman_growth(points: int = 200_000) -> dict:
    """Fit the lognormal part (log mean, log SD, truncation) to Coleman et al.'s median, mean,
    P75 and SD, the early and on-time shares fixed at theirs. Returns the parameters and the
    statistics they reproduce (the values in ``race.toml`` come from here)."""
    u = (np.arange(points) + 0.5) / points

    def statistics(p):
        return growth_statistics(growth_from_uniform(u, COLEMAN_2002["shrank"], COLEMAN_2002["on_time"], 0.15,
                                                     p[0], np.exp(p[1]), np.exp(p[2])))

    def loss(p):
        s = statistics(p)
        return (((s["median"] - 1.11) / 0.02) ** 2 + ((s["mean"] - 1.29) / 0.02) ** 2
                + ((s["p75"] - 1.46) / 0.02) ** 2 + ((s["sd"] - 0.54) / 0.05) ** 2)

    best = optimize.minimize(loss, [-1.2, 0.0, np.log(3.0)], method="Nelder-Mead",
                             options={"maxiter": 4000, "xatol": 1e-5, "fatol": 1e-6})
    p = best.x
    return {"growth_log_mean": float(p[0]), "growth_log_sd": float(np.exp(p[1])), "growth_max": float(np.exp(p[2])),
            "statistics": statistics(p)}
