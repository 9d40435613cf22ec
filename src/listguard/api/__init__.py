"""The typed core every interface calls: questions in, typed answers out.

``check`` (may a US person do this, now or then?) lives in :mod:`.check`, its typed answers in
:mod:`.answers`, fund look-through in :mod:`.funds`, list summaries in :mod:`.lists`.
"""

from listguard.api.answers import EXIT_CODES, Candidate, CheckAnswer, QueryKind
from listguard.api.check import Checker, check

__all__ = ["EXIT_CODES", "Candidate", "CheckAnswer", "Checker", "QueryKind", "check"]
