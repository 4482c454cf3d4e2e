"""Writing horizon masks: CSV, and the STK azimuth-elevation mask format (``.aem``).

The ``.aem`` layout follows the AGI STK help page "Azimuth-Elevation Mask File Format
(*.aem)": a ``stk.v.<major>.<minor>`` stamp, ``BEGIN AzElMask``, ``NumberOfPoints``,
``BEGIN AzElMaskData`` with one ``azimuth elevation`` pair per line in degrees, azimuths in
increasing order (closed here by repeating azimuth 0 as 360), then ``END AzElMaskData`` and
``END AzElMask``.
"""

from __future__ import annotations

import numpy as np

from ..output import columns_to_csv
from .horizon import Horizon

#: The oldest STK version stamp the format is documented for (files stamped older load in newer STK).
STK_VERSION_STAMP = "stk.v.11.0"


def horizon_csv(horizon: Horizon) -> str:
    """CSV with ``azimuth_deg,elevation_deg`` (and ``distance_km`` when known), preceded by comment lines."""
    columns = {"azimuth_deg": horizon.azimuth_deg, "elevation_deg": horizon.elevation_deg}
    if horizon.distance_km is not None:
        columns["distance_km"] = horizon.distance_km
    header = f"# terrain horizon; azimuth from local north through east; source: {horizon.source}\n"
    if horizon.point is not None:
        header += (f"# site {horizon.point.lat_deg:.6f} deg, {horizon.point.lon_deg:.6f} deg E, "
                   f"observer {horizon.point.height_m:g} m above ground\n")
    return header + columns_to_csv(columns)


def horizon_aem(horizon: Horizon) -> str:
    """The horizon as an STK azimuth-elevation mask file."""
    azimuth = np.append(horizon.azimuth_deg, 360.0)
    elevation = np.append(horizon.elevation_deg, horizon.elevation_deg[0])
    lines = [STK_VERSION_STAMP, "BEGIN AzElMask", f"NumberOfPoints {azimuth.size}", "BEGIN AzElMaskData"]
    lines += [f"{a:.4f} {e:.4f}" for a, e in zip(azimuth, elevation)]
    lines += ["END AzElMaskData", "END AzElMask", ""]
    return "\n".join(lines)
