"""The typed core every interface calls: questions in, typed answers out.

``check`` (may a US person do this, now or then?) lives in :mod:`.check`, its typed answers in
:mod:`.answers`, fund look-through in :mod:`.funds`, list summaries in :mod:`.lists`, imports
in :mod:`.updates`. The names below load on first use, so importing one submodule (say
:mod:`.updates`) does not load the matcher.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from listguard.api.answers import EXIT_CODES, Candidate, CheckAnswer, QueryKind
    from listguard.api.check import Checker, check

_EXPORTS = {"EXIT_CODES": "answers", "Candidate": "answers", "CheckAnswer": "answers",
            "QueryKind": "answers", "Checker": "check", "check": "check"}

__all__ = ["EXIT_CODES", "Candidate", "CheckAnswer", "Checker", "QueryKind", "check"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'listguard.api' has no attribute {name!r}")
    return getattr(import_module(f"listguard.api.{_EXPORTS[name]}"), name)
