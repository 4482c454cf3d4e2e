"""Moonbase: planning a lunar research station with real ephemerides and terrain."""

__version__ = "0.1.0"
