"""The registry event kinds an event study can pick by name (``--events listing,...``).

Kept apart from :mod:`.events` so the command line can show them without loading pandas.
"""

from __future__ import annotations

from listguard.model import EventKind

EVENT_NAMES: dict[str, EventKind] = {
    "listing": EventKind.LISTED,
    "redesignation": EventKind.REDESIGNATED,
    "injunction": EventKind.ENJOINED,
    "injunction-lifted": EventKind.INJUNCTION_LIFTED,
    "vacated": EventKind.VACATED,
    "removal": EventKind.REMOVED,
    "superseded": EventKind.SUPERSEDED,
    "note": EventKind.NOTE,
}
