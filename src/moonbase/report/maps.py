"""Writing maps: a GeoTIFF of the values and a PNG quick-look with a scale bar and latitude circles."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ..output import temporary_sibling


def write_geotiff(path: str | Path, dataset, variables: list[str]) -> Path:
    """One band per variable (float32, NaN nodata), CRS and transform from the dataset attributes; atomic."""
    import rasterio
    from rasterio.crs import CRS
    from rasterio.transform import Affine

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    x0, y0, dx, dy = dataset.attrs["geotransform"]
    first = dataset[variables[0]].values
    profile = {"driver": "GTiff", "height": first.shape[0], "width": first.shape[1], "count": len(variables),
               "dtype": "float32", "nodata": float("nan"), "crs": CRS.from_proj4(dataset.attrs["crs"]),
               "transform": Affine(dx, 0.0, x0, 0.0, dy, y0), "compress": "deflate"}
    tmp = temporary_sibling(path.parent, path.name)
    try:
        with rasterio.open(tmp, "w", **profile) as dst:
            for band, name in enumerate(variables, start=1):
                dst.write(dataset[name].values.astype(np.float32), band)
                dst.set_band_description(band, name)
            dst.update_tags(**{k: str(v) for k, v in dataset.attrs.items()})
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_quicklook(path: str | Path, dataset, variable: str, title: str, latitudes_of) -> Path:
    """A PNG of one variable with a colour bar, latitude circles every degree and a scale bar; atomic.

    ``latitudes_of(x_m, y_m)`` gives the latitude [deg] of map coordinates (for the circles).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    x = dataset["x"].values / 1000.0
    y = dataset["y"].values / 1000.0
    values = dataset[variable].values
    figure, axes = plt.subplots(figsize=(7.5, 6.5), dpi=120)
    image = axes.imshow(values, extent=(x[0], x[-1], y[-1], y[0]), origin="upper", cmap="cividis", vmin=0, vmax=100)
    figure.colorbar(image, ax=axes, label=f"{variable} [%]", shrink=0.85)
    xx, yy = np.meshgrid(dataset["x"].values, dataset["y"].values)
    lat = latitudes_of(xx, yy)
    levels = np.arange(np.floor(np.nanmin(lat)), np.ceil(np.nanmax(lat)) + 1, 1.0)
    if levels.size > 1:
        contours = axes.contour(x, y, lat, levels=levels, colors="white", linewidths=0.6, alpha=0.8)
        axes.clabel(contours, fmt=lambda v: f"{abs(v):.0f}°S" if v < 0 else f"{v:.0f}°N", fontsize=7)
    width = x[-1] - x[0]
    bar = 10 ** np.floor(np.log10(max(width / 4, 1e-3)))
    bx, by = x[0] + 0.05 * width, y[-1] + 0.05 * (y[0] - y[-1])
    axes.plot([bx, bx + bar], [by, by], color="white", linewidth=3)
    axes.text(bx + bar / 2, by + 0.02 * (y[0] - y[-1]), f"{bar:g} km", color="white", ha="center", fontsize=8)
    axes.set_xlabel("map x [km] (toward 90°E)")
    axes.set_ylabel("map y [km] (toward 0°E)")
    axes.set_title(title, fontsize=10)
    tmp = temporary_sibling(path.parent, path.name, ".png")
    try:
        figure.savefig(tmp, bbox_inches="tight")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        plt.close(figure)
    return path
