"""Finding the listed parties an article names: a gazetteer scan, resolved by the matcher.

1. **Scan.** Every name the registry holds (legal names, aliases, former and printed names,
   acronyms, Chinese names) is keyed as ``check`` keys it (:func:`listguard.normalize.name_key`:
   case, punctuation and legal forms ignored). The text's words are read left to right and the
   longest run of words whose key is a name's key is a *span*. A span starts with a capital
   or a digit (a proper noun); an acronym (SMIC, DJI) must be written in capitals. Chinese
   names are found as they are written, without spaces.
2. **Resolve.** Each span is put to the screening engine's matcher, the same one ``search``
   and ``screen`` use: its score is the span's confidence and its explanation the reason. A
   span whose name belongs to one entity is ``resolved``; one whose name several entities
   share (China Mobile) is ``unresolved`` with the candidates, never guessed.
3. **The rest.** Runs of capitalised words the scan did not place (a misspelling, a garbled
   translation: "Luokong Technology") go to the matcher alone: a ``match`` resolves them
   (reason: a close match), a ``review`` leaves them ``unresolved`` with the candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from listguard.matching.matcher import Matcher
from listguard.matching.types import Decision, Hit
from listguard.model import NameKind
from listguard.normalize import name_key

MAX_WORDS = 14
"""The longest name, in words, the scan tries."""
_WORD = re.compile(r"[^\W_]+(?:['’.&-][^\W_]+)*\.?", re.UNICODE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONNECTORS = {"of", "and", "&", "de", "for", "the"}
_STOP = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
    "on", "in", "at", "by", "for", "of", "and", "or", "but", "to", "from", "with", "as", "is",
    "was", "were", "be", "been", "has", "have", "had", "said", "says", "will", "would", "could",
    "may", "might", "u.s.", "us", "united", "states", "america", "american", "china", "chinese",
    "beijing", "washington", "department", "defense", "treasury", "commerce", "court", "judge",
    "district", "federal", "register", "january", "february", "march", "april", "june",
    "july", "august", "september", "october", "november", "december", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "pentagon", "president", "reuters",
    "hong", "kong", "xinjiang", "taiwan", "russia", "macau", "europe", "asia", "new", "york"})
"""Words that alone never start a capitalised run worth asking the matcher about."""
GENERIC_KEYS = frozenset({
    "china", "group", "holding", "holdings", "technology", "international", "electronics",
    "national", "industry", "semiconductor", "aviation", "aerospace", "general", "state",
    "advanced", "contemporary", "global", "united", "great", "first", "second", "north",
    "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "inner", "digital", "research", "institute", "academy", "university", "science",
    "sciences", "shipping", "energy", "power", "nuclear", "marine", "satellite", "space",
    "information", "communications", "network", "systems", "software", "security",
    "intelligent", "intelligence", "investment", "capital", "development", "construction",
    "engineering", "machinery", "materials", "chemical", "medical", "biotech", "pharma",
    "optical", "electric", "automotive", "industrial", "trading", "import", "export",
    "hong", "kong", "shanghai", "beijing", "shenzhen", "guangzhou", "hangzhou", "tianjin",
    "wuhan", "xiamen", "chengdu", "nanjing", "jiangsu", "zhejiang", "sichuan", "hunan",
    "hubei", "anhui", "fujian", "shaanxi", "shandong", "guangdong", "xinjiang", "harbin",
    "changsha", "chongqing", "jiangxi", "guizhou", "yunnan", "hebei", "henan", "shanxi",
    "liaoning", "jilin", "gansu", "hainan", "ningbo", "suzhou", "qingdao", "dalian",
    "zhuhai", "xian", "limited", "company", "corporation"})
"""Name keys too general to be found by the scan, even when some list prints them alone."""


@dataclass(frozen=True)
class Mention:
    """One place the text names (or may name) a listed party."""

    start: int
    end: int
    text: str
    entity_id: str | None
    """The entity, when resolved."""
    confidence: float
    reason: str
    candidates: tuple[tuple[str, str, float], ...] = ()
    """(entity id, name, score) of each entity it may be, for an unresolved mention."""
    possessive: bool = False
    """Written ``X's``: the sentence is about something of X's, not X itself."""
    exact: bool = True
    """Found by the scan (a name the registry holds); False for the matcher's loose finds."""

    @property
    def resolved(self) -> bool:
        return self.entity_id is not None


@dataclass
class Gazetteer:
    """The registry's names keyed for the scan, and the matcher that resolves spans."""

    matcher: Matcher
    exact: Callable[[str], str | None] | None = None
    """The registry's own exact lookup (what ``check`` resolves a name to), which tells
    apart a shared name when its exact spelling belongs to one party ("China Mobile
    Limited")."""
    keys: dict[str, set[str]] = field(default_factory=dict)
    acronym_keys: set[str] = field(default_factory=set)
    chinese: dict[str, set[str]] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)
    short_keys: set[str] = field(default_factory=set)
    """Keys that are a company's first word only (see :meth:`_short_names`)."""

    @classmethod
    def build(cls, names: Iterable[tuple[str, str, NameKind]], matcher: Matcher,
              exact: Callable[[str], str | None] | None = None,
              companies: set[str] | None = None) -> Gazetteer:
        g = cls(matcher, exact)
        kinds: dict[str, set[NameKind]] = {}
        for entity_id, name, kind in names:
            if kind is NameKind.PRIMARY:
                g.display[entity_id] = name
            else:
                g.display.setdefault(entity_id, name)
            if _CJK.search(name):
                if len(name) >= 2:
                    g.chinese.setdefault(name, set()).add(entity_id)
                continue
            key = name_key(name)
            if len(key) < 3 or key in GENERIC_KEYS or key.isdigit():
                continue
            g.keys.setdefault(key, set()).add(entity_id)
            kinds.setdefault(key, set()).add(kind)
        g.acronym_keys = {k for k, ks in kinds.items()
                          if ks <= {NameKind.ACRONYM} or (" " not in k and len(k) <= 5)}
        g._short_names(companies)
        return g

    def _short_names(self, companies: set[str] | None) -> None:
        """A company's first word as a name of its own ("Luokung", "Quectel", "Hesai"), when
        that word is long, starts no other party's name and is no word of another's: what an
        article calls a company after naming it once. Never a person's."""
        first: dict[str, set[str]] = {}
        elsewhere: set[str] = set()
        for key, ids in self.keys.items():
            words = key.split()
            if len(words) >= 2:
                first.setdefault(words[0], set()).update(ids)
                elsewhere.update(words[1:])
        for word, ids in first.items():
            if (len(ids) == 1 and len(word) >= 5 and word.isalpha() and word not in elsewhere
                    and word not in self.keys and word not in GENERIC_KEYS
                    and word not in _STOP and (companies is None or ids <= companies)):
                self.keys[word] = set(ids)
                self.short_keys.add(word)

    def name(self, entity_id: str) -> str:
        return self.display.get(entity_id, entity_id)

    # --- the scan ---------------------------------------------------------------------------

    def scan(self, text: str) -> list[Mention]:
        """Every mention in ``text``, in order: the scan's spans, then the matcher's finds."""
        words = [(m.start(), m.end() - (2 if m.group(0)[-2:] in ("'s", "’s") else 0))
                 for m in _WORD.finditer(text)]
        spans = self._spans(text, words)
        found = [self._resolve_span(text, s, e, ids) for s, e, ids in spans]
        found += self._chinese(text, spans)
        taken = [(m.start, m.end) for m in found]
        found += self._loose(text, words, taken)
        return sorted(found, key=lambda m: m.start)

    def _spans(self, text: str, words: list[tuple[int, int]]
               ) -> list[tuple[int, int, set[str]]]:
        out: list[tuple[int, int, set[str]]] = []
        i = 0
        while i < len(words):
            start = words[i][0]
            if not (text[start].isupper() or text[start].isdigit()):
                i += 1
                continue
            hit = None
            for j in range(min(len(words), i + MAX_WORDS) - 1, i - 1, -1):
                span = text[start:words[j][1]].rstrip(".")
                if "\n" in span or (j > i and text[words[j][0]].islower()):
                    continue
                key = name_key(span)
                ids = self.keys.get(key)
                if ids and self._written_right(span, key):
                    hit = (start, start + len(span), ids, j)
                    break
            if hit is None:
                i += 1
                continue
            s0, e0, ids, last = hit
            if text[s0:e0].count("(") > text[s0:e0].count(")") and text[e0:e0 + 1] == ")":
                e0 += 1
            out.append((s0, e0, ids))
            i = last + 1
        return out

    def _written_right(self, span: str, key: str) -> bool:
        """An acronym-like key must be written in capitals (SMIC, not 'smic' or 'Smic')."""
        if key not in self.acronym_keys:
            return True
        letters = [c for c in span if c.isalpha()]
        caps = sum(c.isupper() for c in letters)
        return caps == len(letters) or (caps >= 2 and caps >= len(letters) / 2) or \
            (len(letters) >= 6 and span[0].isupper())

    def _chinese(self, text: str, spans: list[tuple[int, int, set[str]]]) -> list[Mention]:
        if not _CJK.search(text):
            return []
        found: list[Mention] = []
        taken = [(s, e) for s, e, _ in spans]
        for name in sorted(self.chinese, key=len, reverse=True):
            pos = text.find(name)
            while pos >= 0:
                end = pos + len(name)
                if not any(pos < e and s < end for s, e in taken):
                    found.append(self._resolve_span(text, pos, end, self.chinese[name]))
                    taken.append((pos, end))
                pos = text.find(name, end)
        return found

    def _resolve_span(self, text: str, start: int, end: int, ids: set[str]) -> Mention:
        span = text[start:end]
        possessive = text[end:end + 2] in ("'s", "’s")
        hits = {h.entity_id: h for h in self.matcher.match(span, limit=8)}
        chosen = self.exact(span) if self.exact is not None and len(ids) > 1 else None
        if chosen is not None and chosen in ids:
            ids = {chosen}
        if len(ids) == 1:
            (entity_id,) = ids
            hit = hits.get(entity_id)
            score = hit.score if hit else 1.0
            key = name_key(span)
            what = ("the first word of the registry's name" if key in self.short_keys
                    else "the registry's name")
            why = (f"{what} {self.name(entity_id)!r} (key {key!r})"
                   + (f"; matcher: {hit.explain()}" if hit else ""))
            return Mention(start, end, span, entity_id, round(max(score, 0.0), 4), why,
                           possessive=possessive)
        cands = tuple(sorted(((e, self.name(e), round(hits[e].score, 4) if e in hits else 1.0)
                              for e in ids), key=lambda c: (-c[2], c[0])))
        return Mention(start, end, span, None, 0.0,
                       f"the name {span!r} is held by {len(ids)} listed entities",
                       candidates=cands, possessive=possessive)

    # --- what the scan did not place ----------------------------------------------------------

    def _loose(self, text: str, words: list[tuple[int, int]], taken: list[tuple[int, int]]
               ) -> list[Mention]:
        runs = list(_capital_runs(text, words, taken))
        if not runs:
            return []
        from listguard.matching.matcher import Query

        results = self.matcher.match_many([Query(text[s:e]) for s, e in runs], limit=3)
        found: list[Mention] = []
        for (s, e), hits in zip(runs, results, strict=True):
            mention = self._loose_mention(text, s, e, hits)
            if mention is not None:
                found.append(mention)
        return found

    def _loose_mention(self, text: str, s: int, e: int, hits: list[Hit]) -> Mention | None:
        top = [h for h in hits if h.decision is not Decision.NO_MATCH]
        if not top:
            return None
        span = text[s:e]
        possessive = text[e:e + 2] in ("'s", "’s")
        if top[0].decision is Decision.MATCH and (len(top) == 1 or
                                                   top[1].decision is not Decision.MATCH):
            h = top[0]
            return Mention(s, e, span, h.entity_id, round(h.score, 4),
                           f"a close match, not the registry's exact name: {h.explain()}",
                           possessive=possessive, exact=False)
        cands = tuple((h.entity_id, self.name(h.entity_id), round(h.score, 4)) for h in top)
        return Mention(s, e, span, None, 0.0,
                       f"resembles {len(cands)} listed name(s) without matching one: "
                       + top[0].explain(), candidates=cands, possessive=possessive,
                       exact=False)


def _capital_runs(text: str, words: list[tuple[int, int]], taken: list[tuple[int, int]]
                  ) -> Iterable[tuple[int, int]]:
    """Runs of two or more capitalised words (``of``/``and`` may join them) not yet placed."""
    run: list[tuple[int, int]] = []

    def flush() -> Iterable[tuple[int, int]]:
        while run and text[run[-1][0]:run[-1][1]].lower() in _CONNECTORS:
            run.pop()
        capital = [w for w in run if text[w[0]:w[1]].lower().rstrip(".") not in _STOP]
        if len(run) >= 2 and len(capital) >= 2:
            yield run[0][0], run[-1][1]
        run.clear()

    for s, e in words:
        word = text[s:e]
        inside = any(s < te and ts < e for ts, te in taken)
        gap = text[run[-1][1]:s] if run else " "
        joined = not run or (gap.strip() == "" and "\n" not in gap)
        if inside or not joined:
            yield from flush()
        if inside:
            continue
        if word[0].isupper() or (run and word.lower() in _CONNECTORS):
            run.append((s, e))
        else:
            yield from flush()
    yield from flush()
