"""The typed core every interface calls: questions in, typed answers out.

:class:`~.core.Listguard` is the one entry point (open once, ask anything). Behind it:
``check`` (may a US person do this, now or then?) in :mod:`.check`, its typed answers in
:mod:`.answers`, every other answer in :mod:`.results`, fund look-through in :mod:`.funds`,
list summaries in :mod:`.lists`, imports and diffs in :mod:`.updates`, file screening and
search in :mod:`.screening`, the event study in :mod:`.impact`. The names below load on
first use, so importing one submodule (say :mod:`.updates`) does not load the matcher.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from listguard.api.answers import EXIT_CODES, Candidate, CheckAnswer, QueryKind
    from listguard.api.check import Checker, check
    from listguard.api.core import Listguard

_EXPORTS = {"EXIT_CODES": "answers", "Candidate": "answers", "CheckAnswer": "answers",
            "QueryKind": "answers", "Checker": "check", "check": "check",
            "Listguard": "core"}

__all__ = ["EXIT_CODES", "Candidate", "CheckAnswer", "Checker", "Listguard", "QueryKind",
           "check"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'listguard.api' has no attribute {name!r}")
    return getattr(import_module(f"listguard.api.{_EXPORTS[name]}"), name)
