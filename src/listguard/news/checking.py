"""Each claim against the registry: ``consistent``, ``conflicts``, ``new`` or ``unresolved``.

- ``consistent``: the registry holds the event (same entity, list and kind) on the claimed
  date, to the claim's precision (the day, the month or the year it gives) - on the day it
  took effect or the day it was published; the registry's event is cited. A claim without a
  date is consistent with any such event.
- ``conflicts``: the registry holds that kind of event for that party and list, on other
  dates; or the claim says a party was listed (or is on a list) when the registry holds the
  whole list then (its coverage is complete) without it. Both sides are shown.
- ``new``: the registry has no such event and cannot refute it: a proposed event.
- ``unresolved``: the party (or, for an event, its list or date) could not be told.

Claims of a lawsuit, an agreed vacatur, an exchange delisting or an upheld designation are
compared with the registry's dated ``note`` events that say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from listguard.model import Event, EventKind
from listguard.news.dates import shown
from listguard.registry import Registry
from listguard.timeutil import ny_date

KIND_EVENTS: dict[str, tuple[EventKind, ...]] = {
    "listed": (EventKind.LISTED, EventKind.REDESIGNATED),
    "on_list": (EventKind.LISTED, EventKind.REDESIGNATED),
    "removed": (EventKind.REMOVED,),
    "enjoined": (EventKind.ENJOINED,),
    "vacated": (EventKind.VACATED,),
    "vacatur_agreed": (EventKind.NOTE,),
    "lawsuit": (EventKind.NOTE,),
    "delisting": (EventKind.NOTE,),
    "upheld": (EventKind.NOTE,),
}
"""The registry's event kinds a claim of each kind is compared with."""
NOTE_WORDS = {
    "lawsuit": re.compile(r"\bsued\b|complaint|lawsuit|\bsuit\b", re.I),
    "vacatur_agreed": re.compile(r"agreed|joint status|vacatur", re.I),
    "delisting": re.compile(r"delist|form 25|trading suspended|suspended", re.I),
    "upheld": re.compile(r"upheld|uphold|sustain", re.I),
}
PROPOSED_KIND: dict[str, EventKind] = {
    "listed": EventKind.LISTED, "on_list": EventKind.LISTED, "removed": EventKind.REMOVED,
    "enjoined": EventKind.ENJOINED, "vacated": EventKind.VACATED,
    "vacatur_agreed": EventKind.NOTE, "lawsuit": EventKind.NOTE, "delisting": EventKind.NOTE,
    "upheld": EventKind.NOTE,
}
"""What a new claim of each kind proposes."""


@dataclass(frozen=True)
class Verdict:
    status: str
    message: str
    registry: tuple[dict[str, object], ...] = ()
    """The registry's events the claim was compared with (cited)."""


def event_dict(e: Event) -> dict[str, object]:
    return {"list": e.list_id, "kind": e.kind.value, "effective": ny_date(e.effective).isoformat(),
            "published": e.published.isoformat(), "citation": e.citation,
            "confirmed": e.confirmed, "note": e.note}


def same_date(e: Event, when: date, precision: str) -> bool:
    days = {ny_date(e.effective), e.published}
    if precision == "year":
        return any(d.year == when.year for d in days)
    if precision == "month":
        return any((d.year, d.month) == (when.year, when.month) for d in days)
    return when in days


def relevant(events: list[Event], kind: str, list_id: str | None) -> list[Event]:
    kinds = KIND_EVENTS[kind]
    found = [e for e in events if e.kind in kinds and e.entity_id
             and (list_id is None or e.list_id == list_id)]
    words = NOTE_WORDS.get(kind)
    if words is not None:
        found = [e for e in found if words.search(f"{e.note} {e.citation}")]
    return found


def judge(reg: Registry, entity_id: str, list_id: str | None, kind: str,
          when: date | None, precision: str, as_of: date | None = None) -> Verdict:
    """The status of one claim about a resolved party (module doc). ``as_of`` is the
    article's date: an undated claim says the event happened by then."""
    events = reg.events(entity_id)
    found = relevant(events, kind, list_id)
    where = list_id or "any list"
    if kind == "on_list":
        return _on_list(reg, entity_id, list_id, when, found)
    if when is None:
        return _undated(reg, list_id, kind, found, where, as_of)
    same = [e for e in found if same_date(e, when, precision)]
    if same:
        return Verdict("consistent", f"the registry holds it on {when.isoformat()} "
                       f"({precision})", tuple(event_dict(e) for e in same))
    if found:
        dates = ", ".join(ny_date(e.effective).isoformat() for e in found)
        return Verdict("conflicts", f"the text dates it {shown(when, precision)}; the "
                       f"registry holds it on {dates}", tuple(event_dict(e) for e in found))
    return _absent(reg, list_id, kind, when, where)


def _undated(reg: Registry, list_id: str | None, kind: str, found: list[Event], where: str,
             as_of: date | None) -> Verdict:
    """A claim without a date: that it happened, by the article's date when it has one."""
    cited = tuple(event_dict(e) for e in found)
    if found and as_of is not None and all(
            ny_date(e.effective) > as_of + LATE for e in found):
        first = min(ny_date(e.effective) for e in found).isoformat()
        return Verdict("conflicts", f"the article ({as_of.isoformat()}) says it happened; the "
                       f"registry holds it only from {first}", cited)
    if found:
        return Verdict("consistent", f"the registry holds it ({where}); the text gives no "
                       "date", cited)
    return _absent(reg, list_id, kind, as_of if kind == "listed" else None, where)


LATE = timedelta(days=7)
"""How far after an article's date an event it reports may take effect (a rule announced
before its publication) and still be the event it reports."""


def _absent(reg: Registry, list_id: str | None, kind: str, when: date | None, where: str
            ) -> Verdict:
    if kind == "listed" and list_id is not None and when is not None and \
            _complete(reg, list_id, when):
        return Verdict("conflicts", f"the registry holds the whole {list_id} list on "
                       f"{when.isoformat()} and this party is not on it")
    return Verdict("new", f"the registry holds no such event ({where}): proposed")


def _complete(reg: Registry, list_id: str, when: date) -> bool:
    cov = reg.coverage().get(list_id)
    if cov is None or not cov.complete or cov.whole_from is None:
        return False
    end = cov.end or when
    return bool(cov.whole_from <= when <= end)


def _on_list(reg: Registry, entity_id: str, list_id: str | None, when: date | None,
             found: list[Event]) -> Verdict:
    if list_id is None:
        return Verdict("unresolved", "the text does not say which list")
    events = [e for e in reg.events(entity_id) if e.list_id == list_id]
    day = when or date.today()
    before = [e for e in events if ny_date(e.effective) <= day and e.kind in (
        EventKind.LISTED, EventKind.REDESIGNATED, EventKind.REMOVED, EventKind.VACATED,
        EventKind.SUPERSEDED)]
    if before and before[-1].kind in (EventKind.LISTED, EventKind.REDESIGNATED):
        return Verdict("consistent", f"on {list_id} on {day.isoformat()}",
                       tuple(event_dict(e) for e in found))
    if before:
        last = before[-1]
        return Verdict("conflicts", f"the registry has it off {list_id} since "
                       f"{ny_date(last.effective).isoformat()} ({last.kind.value})",
                       (event_dict(last),))
    if _complete(reg, list_id, day):
        return Verdict("conflicts", f"the registry holds the whole {list_id} list on "
                       f"{day.isoformat()} and this party is not on it")
    return Verdict("new", f"the registry holds no listing on {list_id}: proposed")
