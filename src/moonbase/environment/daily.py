"""Daily means of a time series (the data behind the report's calendar heat-maps)."""

from __future__ import annotations

import numpy as np

#: A day is kept when it has at least this share of a full day's samples: the period's end epoch
#: (midnight after the last day) alone is not a day, and drew a lone cell in its own month row.
MIN_DAY_COVERAGE = 0.5


def daily_means(utc: np.ndarray, values: np.ndarray, min_coverage: float = MIN_DAY_COVERAGE) -> tuple[np.ndarray, np.ndarray]:
    """Mean of ``values`` for each UTC calendar day: (days as datetime64[D], means).

    Days with fewer than ``min_coverage`` of a full day's samples (the step read from ``utc``) are left out::

        >>> utc = np.arange("2030-01-01T00", "2030-01-03T01", 6, dtype="datetime64[h]")  # ends at midnight
        >>> days, means = daily_means(utc, np.arange(utc.size, dtype=float))
        >>> [str(d) for d in days], means.tolist()
        (['2030-01-01', '2030-01-02'], [1.5, 5.5])
    """
    utc = np.asarray(utc)
    days = utc.astype("datetime64[D]")
    unique, inverse = np.unique(days, return_inverse=True)
    sums = np.bincount(inverse, weights=np.asarray(values, float))
    counts = np.bincount(inverse)
    if utc.size > 1:
        step_s = float(np.median(np.diff(utc.astype("datetime64[s]")).astype(float)))
        full_day = 86400.0 / step_s if step_s > 0 else 1.0
        keep = counts >= min_coverage * min(full_day, counts.max())
        unique, sums, counts = unique[keep], sums[keep], counts[keep]
    return unique, sums / counts
