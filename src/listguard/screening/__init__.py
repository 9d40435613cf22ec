"""Screening front-end: files and DataFrames in, decisions with explanations out.

:func:`screen` (re-exported as ``listguard.screen``) is the library entry point;
:mod:`.cli` adds ``listguard screen`` and ``listguard search``; :mod:`.adapter` is the one
place that calls the registry and the rules.

Importing this package is cheap: ``listguard.cli`` imports :mod:`.cli` for every command, so
pandas, scipy and the matcher load only when a screening function runs.
"""

from __future__ import annotations

from typing import Any

__all__ = ["screen"]


def __getattr__(name: str) -> Any:
    if name == "screen":
        from listguard.screening.api import screen

        return screen
    raise AttributeError(f"module 'listguard.screening' has no attribute {name!r}")
