"""Kernels of the race Monte Carlo: correlated normals → growth factors → milestone dates, in one pass.

Plain floats (dates in decimal years, durations in years); no files. The normal quantile is
Acklam's rational approximation (relative error < 1.15e-9: far below the Monte Carlo noise).
"""

from __future__ import annotations

import math

import numba
import numpy as np

_A = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
      -3.066479806614716e+01, 2.506628277459239e+00)
_B = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
      -1.328068155288572e+01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
      4.374664141464968e+00, 2.938163982698783e+00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00)
_SQRT2 = math.sqrt(2.0)


@numba.njit(cache=True, inline="always")
def normal_quantile(p):
    """Φ⁻¹(p) for 0 < p < 1."""
    if p < 0.02425:
        q = math.sqrt(-2.0 * math.log(p))
        x = ((((( _C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]) / \
            ((((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1.0)
    elif p > 1.0 - 0.02425:
        q = math.sqrt(-2.0 * math.log1p(-p))
        x = -((((( _C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]) / \
            ((((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1.0)
    else:
        q = p - 0.5
        r = q * q
        x = ((((( _A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5]) * q / \
            ((((( _B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1.0)
    return x


@numba.njit(cache=True, inline="always")
def growth_at(u, shrink_probability, on_time_probability, shrink_max, log_mean, log_sd, f_max, multiplier):
    """The growth mixture's inverse CDF at one uniform ``u`` (see moonbase.race.uncertainty)."""
    if u < shrink_probability:
        return 1.0 - shrink_max * (1.0 - u / shrink_probability)
    late_start = shrink_probability + on_time_probability
    if u < late_start:
        return 1.0
    v = (u - late_start) / (1.0 - late_start) * f_max
    v = min(max(v, 1e-300), 1.0 - 1e-16)
    return 1.0 + multiplier * math.exp(log_mean + log_sd * normal_quantile(v))


@numba.njit(cache=True)
def growth_from_uniform(u, shrink_probability, on_time_probability, shrink_max, log_mean, log_sd, f_max,
                        multiplier, out):
    for i in range(u.shape[0]):
        out[i] = growth_at(u[i], shrink_probability, on_time_probability, shrink_max, log_mean, log_sd, f_max,
                           multiplier)
    return out


@numba.njit(cache=True)
def correlated_growth(common, own, weight_common, weight_own, shrink_probability, on_time_probability, shrink_max,
                      log_mean, log_sd, f_max, multiplier, out):
    """Growth factors from a Gaussian copula: u = Φ(a·common + b·own)."""
    for i in range(common.shape[0]):
        z = weight_common * common[i] + weight_own * own[i]
        u = 0.5 * math.erfc(-z / _SQRT2)
        out[i] = growth_at(u, shrink_probability, on_time_probability, shrink_max, log_mean, log_sd, f_max,
                           multiplier)
    return out


@numba.njit(cache=True, nogil=True)
def milestone_dates(start, planned_years, common, own, weight_common, weight_own, shrink_probability,
                    on_time_probability, shrink_max, log_mean, log_sd, f_max, multiplier,
                    failure_uniforms, failure_cdfs, failure_lengths, failure_delays, out):
    """Dates of one milestone for every sample.

    ``start[i]``: when work can start (the latest predecessor or the start of the run);
    ``failure_uniforms[j, i]`` is inverted through the discrete CDF ``failure_cdfs[j, :failure_lengths[j]]``
    (the number of failures of kind j), each failure costing ``failure_delays[j]`` years.
    """
    for i in range(start.shape[0]):
        z = weight_common * common[i] + weight_own * own[i]
        u = 0.5 * math.erfc(-z / _SQRT2)
        date = start[i] + planned_years * growth_at(u, shrink_probability, on_time_probability, shrink_max,
                                                    log_mean, log_sd, f_max, multiplier)
        for j in range(failure_delays.shape[0]):
            v = failure_uniforms[j, i]
            k = 0
            while k < failure_lengths[j] and failure_cdfs[j, k] <= v:
                k += 1
            date += k * failure_delays[j]
        out[i] = date
    return out


def failures_cdf(successes: int, failure_probability: float, tail: float = 1e-12) -> np.ndarray:
    """CDF of the number of failures before ``successes`` successes (negative binomial), k = 0, 1, …
    until the tail is below ``tail`` (for inverse sampling by table look-up).

    >>> failures_cdf(1, 0.5)[:3].tolist()  # geometric: 1/2, 3/4, 7/8
    [0.5, 0.75, 0.875]
    """
    from scipy import stats

    if failure_probability <= 0.0:
        return np.ones(1)
    last = int(stats.nbinom.ppf(1.0 - tail, successes, 1.0 - failure_probability)) + 1
    return stats.nbinom.cdf(np.arange(last + 1), successes, 1.0 - failure_probability)
