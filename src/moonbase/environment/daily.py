"""Daily means of a time series (the data behind the report's calendar heat-maps)."""

from __future__ import annotations

import numpy as np


def daily_means(utc: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean of ``values`` for each UTC calendar day: (days as datetime64[D], means)."""
    days = np.asarray(utc, dtype="datetime64[D]")
    unique, inverse = np.unique(days, return_inverse=True)
    sums = np.bincount(inverse, weights=np.asarray(values, float))
    counts = np.bincount(inverse)
    return unique, sums / counts
