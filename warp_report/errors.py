"""Errors that cross package lines: raised low (a store, a backend), reported high (CLI, server)."""

from __future__ import annotations


class SearchError(RuntimeError):
    """An evidence source failed in a way the user must hear about (bad key, unreachable server,
    a collection that is missing or was built with another embedding model)."""
