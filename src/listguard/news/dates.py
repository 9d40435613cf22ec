"""Dates as articles write them, resolved against the article's own date.

``on 14 January``, ``March 12, 2021``, ``3/12/2021``, ``last Friday (March 12)``, ``on
Monday``, ``yesterday``, ``in March``, ``this month``, ``in 2019``: each mention found in a
sentence is resolved to a day, a month or a year (its *precision*). A date without a year
takes the latest year that does not put it more than a week after the article; a weekday is
the latest such day on or before the article (``last Friday``: strictly before). Without the
article's date, only dates that state their year resolve.

When a sentence holds several, the most explicit wins (a stated date over a weekday: ``last
Friday (March 12)`` is March 12), then the nearest to the words of the event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {name: i + 1 for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"))}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
       r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d{2})"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b{_YEAR}-(\d{{2}})-(\d{{2}})\b")),
    ("numeric", re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")),
    ("mdy", re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b", re.I)),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b", re.I)),
    ("md", re.compile(rf"\b{_MON}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d{{2}})(?!\d)", re.I)),
    ("dm", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}\b(?!,?\s+(?:19|20)\d{{2}})", re.I)),
    ("my", re.compile(rf"\b{_MON}\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("this_month", re.compile(r"\b(this|last|earlier this|later this)\s+month\b", re.I)),
    ("in_month", re.compile(rf"\b(?:in|since|early|late|mid-?|until|by|during)\s+{_MON}\b"
                            rf"(?!\s+\d)", re.I)),
    ("weekday", re.compile(r"\b(last|on|this|past|late|early)?\s*"
                           r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
                           re.I)),
    ("relative", re.compile(r"\b(yesterday|today)\b", re.I)),
    ("year", re.compile(rf"\b(?:in|since|during|of|early|late|mid-?)\s+{_YEAR}\b", re.I)),
]

RANK = {"iso": 4, "numeric": 4, "mdy": 4, "dmy": 4, "md": 3, "dm": 3, "my": 3, "this_month": 2,
        "in_month": 2, "weekday": 1, "relative": 1, "year": 2}
"""How explicit each form is: the most explicit date in a sentence wins."""


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    when: date | None
    """The day (a month or year as its first day); None when it cannot be resolved."""
    precision: str
    """``day``, ``month`` or ``year``."""
    rank: int


def mentions(text: str, published: date | None) -> list[DateMention]:
    """Every date mention in ``text``, resolved against ``published``, in text order
    (a span covered by a more explicit mention is not repeated)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for form, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            resolved = _resolve(form, m, published)
            if resolved is None:
                continue
            when, precision = resolved
            found.append(DateMention(m.start(), m.end(), m.group(0), when, precision,
                                     RANK[form]))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def shown(when: date | None, precision: str | None) -> str:
    """A date as written to its precision: ``2021-03-12``, ``2021-03``, ``2021``; empty for
    none."""
    if when is None:
        return ""
    return {"day": when.isoformat(), "month": when.strftime("%Y-%m"),
            "year": str(when.year)}[precision or "day"]


def best(found: list[DateMention], near: int) -> DateMention | None:
    """The mention a claim takes: the most explicit, then the nearest to ``near``."""
    usable = [d for d in found if d.when is not None]
    if not usable:
        return None
    return max(usable, key=lambda d: (d.rank, -min(abs(d.start - near), abs(d.end - near))))


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")[:4] if text.lower().startswith("sept")
                  else text.lower().rstrip(".")[:3]]


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: date | None) -> date | None:
    """The latest such day at most a week after the article."""
    if published is None:
        return None
    for year in (published.year + 1, published.year, published.year - 1):
        when = _safe(year, month, day)
        if when is not None and when <= published + timedelta(days=7):
            return when
    return None


def _resolve(form: str, m: re.Match[str], published: date | None
             ) -> tuple[date | None, str] | None:
    """Kept in one piece: one branch per form of :data:`PATTERNS`, each a few lines."""
    g = m.groups()
    if form == "iso":
        return _safe(int(g[0]), int(g[1]), int(g[2])), "day"
    if form == "numeric":
        year = int(g[2]) + (2000 if len(g[2]) == 2 else 0)
        return _safe(year, int(g[0]), int(g[1])), "day"
    if form == "mdy":
        return _safe(int(g[2]), _month(g[0]), int(g[1])), "day"
    if form == "dmy":
        return _safe(int(g[2]), _month(g[1]), int(g[0])), "day"
    if form == "md":
        if g[0].lower() == "may" and not re.match(r"may\s+\d", m.group(0), re.I):
            return None
        return _infer_year(_month(g[0]), int(g[1]), published), "day"
    if form == "dm":
        return _infer_year(_month(g[1]), int(g[0]), published), "day"
    if form == "my":
        return date(int(g[1]), _month(g[0]), 1), "month"
    if form == "this_month":
        if published is None:
            return None, "month"
        first = published.replace(day=1)
        if g[0].lower() == "last":
            first = (first - timedelta(days=1)).replace(day=1)
        return first, "month"
    if form == "in_month":
        inferred = _infer_year(_month(g[0]), 1, published)
        return inferred, "month"
    if form == "weekday":
        return _weekday(g[0], g[1], published), "day"
    if form == "relative":
        if published is None:
            return None, "day"
        return published - timedelta(days=1 if g[0].lower() == "yesterday" else 0), "day"
    return date(int(g[0]), 1, 1), "year"


def _weekday(prefix: str | None, name: str, published: date | None) -> date | None:
    if published is None:
        return None
    target = WEEKDAYS.index(name.lower())
    back = (published.weekday() - target) % 7
    if (prefix or "").lower() == "last" and back == 0:
        back = 7
    return published - timedelta(days=back)
