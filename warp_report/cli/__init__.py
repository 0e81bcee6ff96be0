"""The command line: run, ingest, runs, show, doctor."""

from warp_report.cli.app import main

__all__ = ["main"]
