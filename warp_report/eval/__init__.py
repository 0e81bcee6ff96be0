"""Evaluation of finished runs: quality metrics over a run directory (``quality``) and
RACE-style judge scoring against reference reports (``race``). Not used by the graph itself."""
