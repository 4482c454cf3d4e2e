"""The local web app (``moonbase serve``): pages, a JSON API under /api and jobs on dask.

Modules: :mod:`settings` (folders, limits), :mod:`jobs` (persistent job store and queue),
:mod:`plan_jobs` (the one adapter to the plan layer), :mod:`compute` (statistics, panorama,
windows, COLA), :mod:`models` (request models), :mod:`api` and :mod:`pages` (routes),
:mod:`default_map` (map products), :mod:`app` (the factory).
"""
