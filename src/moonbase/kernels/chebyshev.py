"""Chebyshev series evaluation for SPICE type-2 SPK and binary PCK segments.

The coefficient layout is jplephem's in-memory one: ``coefficients[k, c, r]`` with
``k`` the degree from highest (k=0) to the constant term (k=-1), ``c`` the component
and ``r`` the record (time interval). Each record covers ``interval_s`` seconds
starting at ``init_s + r * interval_s`` (TDB seconds since J2000).
"""

from __future__ import annotations

import types

import numba
import numpy as np


def _chebyshev_eval(tdb_s, init_s, interval_s, coefficients, with_rate):
    """Values (and time derivatives, per second, if ``with_rate``) of each component.

    Returns ``(values, rates)``, both ``(n_components, n_times)``; ``rates`` is all zero
    when ``with_rate`` is false. Times must lie inside the segment (checked by the caller).
    """
    n_coef, n_comp, n_rec = coefficients.shape
    n = tdb_s.shape[0]
    values = np.empty((n_comp, n))
    rates = np.zeros((n_comp, n))
    for i in numba.prange(n):
        offset_total = tdb_s[i] - init_s
        record = int(np.floor(offset_total / interval_s))
        if record >= n_rec:
            record = n_rec - 1
        if record < 0:
            record = 0
        offset = offset_total - record * interval_s
        s = 2.0 * offset / interval_s - 1.0
        s2 = 2.0 * s
        for c in range(n_comp):
            w0 = 0.0
            w1 = 0.0
            dw0 = 0.0
            dw1 = 0.0
            for k in range(n_coef - 1):
                w2 = w1
                w1 = w0
                w0 = coefficients[k, c, record] + (s2 * w1 - w2)
                if with_rate:
                    dw2 = dw1
                    dw1 = dw0
                    dw0 = 2.0 * w1 + dw1 * s2 - dw2
            values[c, i] = coefficients[n_coef - 1, c, record] + (s * w0 - w1)
            if with_rate:
                rates[c, i] = (w0 + s * dw0 - dw1) * 2.0 / interval_s
    return values, rates


def _named(function, name: str):
    """The same function under another name: numba keys its on-disk cache by the qualified name, so the
    serial and parallel builds of one function would otherwise overwrite and load each other's entry
    (single-epoch calls then ran the threaded build, ~50 ms instead of ~4 µs)."""
    clone = types.FunctionType(function.__code__, function.__globals__, name, function.__defaults__,
                               function.__closure__)
    clone.__qualname__ = name
    return clone


_parallel = numba.njit(parallel=True, cache=True)(_named(_chebyshev_eval, "_chebyshev_eval_parallel"))
_serial = numba.njit(cache=True)(_named(_chebyshev_eval, "_chebyshev_eval_serial"))

#: Below this many epochs, thread start-up costs more than the work.
PARALLEL_THRESHOLD = 2048


def chebyshev_eval(tdb_s, init_s, interval_s, coefficients, with_rate):
    """Values (and rates) of each component, ``(n_components, n_times)``; see :func:`_chebyshev_eval`."""
    kernel = _parallel if tdb_s.shape[0] >= PARALLEL_THRESHOLD else _serial
    return kernel(tdb_s, init_s, interval_s, coefficients, with_rate)
