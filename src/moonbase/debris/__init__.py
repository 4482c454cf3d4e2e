"""Debris what-ifs: fragmentation events, how the clouds evolve, and what they cost the launches.

Modules, outer to inner:

* :mod:`.config` — the scenario's ``[[traffic.events]]`` and ``[debris_events]`` (pydantic);
* :mod:`.impact` — COLA closure of launch windows and the parking orbit's conjunction rate, per
  year, with and without an event (reuses :mod:`moonbase.traffic.cola`);
* :mod:`.validation` — real clouds 2021 → 2025 and published breakup counts; Gabbard columns;
* :mod:`.cloud` — a breakup applied at a parent's orbit and epoch; :mod:`.breakup` — the NASA
  standard breakup model (sizes, area-to-mass, Δv; mass conserved);
* :mod:`.evolution` — J2 secular motion and King-Hele orbit-averaged drag to re-entry (numba);
  :mod:`.atmosphere` (NRLMSIS 2.1 table), :mod:`.solar` (CelesTrak F10.7/Ap),
  :mod:`.ballistic` (B of real objects calibrated to their SGP4 decay);
* :mod:`.elements` — element arrays ↔ SGP4 ``Satrec`` ↔ TLE/OMM files and catalogues.

Figures are drawn in :mod:`moonbase.report.debris_plots`, never here.
"""
