"""The typed core every interface calls: questions in, typed answers out.

``check`` (may a US person do this, now or then?) lives in :mod:`.check`; fund look-through in
:mod:`.funds`.
"""

from listguard.api.check import EXIT_CODES, Candidate, CheckAnswer, Checker, QueryKind, check

__all__ = ["EXIT_CODES", "Candidate", "CheckAnswer", "Checker", "QueryKind", "check"]
