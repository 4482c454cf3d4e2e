"""Lunar orbits: Keplerian elements, propagation with lunar gravity and third bodies, relay presets, NRHO."""
