"""Screening front-end: files and DataFrames in, decisions with explanations out.

:func:`screen` (re-exported as ``listguard.screen``) is the library entry point;
:mod:`.cli` adds ``listguard screen`` and ``listguard search``; :mod:`.adapter` is the one
place that calls the registry and the rules.
"""

from listguard.screening.api import screen

__all__ = ["screen"]
