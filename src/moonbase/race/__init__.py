"""The race: schedule-risk Monte Carlo of lunar programmes, calibrated on programme history.

>>> from moonbase.race import RaceConfig, analyse_race
>>> result = analyse_race(["ilrs", "artemis"], RaceConfig(samples=2_000, tornado_samples=500, backtest_samples=500))
>>> result.seed, 0.0 <= result.first_for("crewed_landing").p_first["ilrs"] <= 1.0
(2021, True)
"""

from .analysis import RaceConfig, RaceResult, analyse_race, race_data, race_to_json
from .programmes import Milestone, Programme, packaged_race_data

__all__ = ["Milestone", "Programme", "RaceConfig", "RaceResult", "analyse_race", "packaged_race_data", "race_data",
           "race_to_json"]
