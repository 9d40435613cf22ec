"""The events an article asserts: who, which list, what happened, and when.

A *claim* is read from one sentence (or one line of a list that a sentence introduces:
"the following companies were added:"): a listed party the sentence names (not one it names
only in the possessive, "Xiaomi's rival Huawei", unless it names no other), the words of an
event (:data:`TRIGGERS`), the list the sentence or its paragraph or the article speaks of
(:data:`LIST_WORDS`), and the date nearest those words (:mod:`.dates`). A sentence that only
foresees ("will add", "plans to", "could") asserts nothing yet and gives no claim.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from listguard.news.gazetteer import Mention

TRIGGERS: dict[str, re.Pattern[str]] = {
    "vacatur_agreed": re.compile(
        r"\bagree[sd]?\b[^.]{0,80}\bvacat|\bjoint status report\b|\bagreement to resolve\b"
        r"|\bagreed upon a path forward\b|\bcome to an (?:settlement|agreement)\b", re.I),
    "vacated": re.compile(r"\bvacat(?:ed|es|ing|ur)\b|\bannul(?:led|s|ment)\b|\bnullif", re.I),
    "enjoined": re.compile(
        r"\b(?:preliminary|temporary|initial) injunction\b|\benjoin(?:ed|ing|s)?\b"
        r"|\bpreliminarily (?:block|enjoin)|\b(?:issued|granted) (?:the|an|a) (?:preliminary )?"
        r"injunction\b"
        r"|\btemporarily (?:blocked|removed|stopped|restrained)\b|\brestraining order\b"
        r"|\bblocked\b[^.]{0,60}\b(?:designation|restrictions|ban|blacklist)"
        r"|\bsuspend(?:ed|s|ing)?\b[^.]{0,60}\b(?:inclusion|designation|listing|order)", re.I),
    "upheld": re.compile(r"\bupheld\b|\bupholds?\b|\bsustained the designation\b"
                         r"|\bruled against\b|\bloses lawsuit\b", re.I),
    "lawsuit": re.compile(r"\bsued\b|\bsues\b|\bfile[sd]? (?:a |an )?(?:law)?suit\b"
                          r"|\bfiled (?:a |an )?(?:legal )?complaint\b|\bcomplaint (?:was )?filed\b"
                          r"|\blaunch(?:ed|ing) (?:its |a )?suit\b|\bissued the legal complaint\b",
                          re.I),
    "delisting": re.compile(r"\bdelist(?:ed|ing|s)?\b[^.]{0,80}\b(?:NYSE|Nasdaq|exchange)\b"
                            r"|\b(?:NYSE|Nasdaq|exchange)\b[^.]{0,80}\bdelist", re.I),
    "removed": re.compile(r"\bremov(?:ed|es|ing|al)\b|\btaken off\b|\bdropped from\b"
                          r"|\bdelisted\b|\bno longer (?:on|subject)\b", re.I),
    "listed": re.compile(
        r"\badd(?:ed|s|ing)?\b|\bdesignat(?:ed|es|ing|ion)\b|\bplac(?:ed|es|ing)\b"
        r"|\bput (?:it |them )?on\b|\bblacklist(?:ed|ing)\b|\bnamed\b|\blisted\b|\binclu(?:de|ded"
        r"|des|sion)\b|\bidentified as\b|\bsanctioned\b|\bnew additions?\b"
        r"|\bannounced (?:the|an|its) (?:investment )?ban\b|\b(?:re-?listed|re-?listing|"
        r"re-?designated)\b|\baddition of\b", re.I),
    "on_list": re.compile(r"\b(?:is|are|was|were|remain(?:s|ed)?) (?:already |still )?on "
                          r"(?:the|its|a)\b|\balready on\b", re.I),
}
"""The words of each kind of claimed event. Stronger kinds come first: a sentence about an
injunction against a designation claims the injunction, not the designation."""
STRONG = ("vacatur_agreed", "vacated", "enjoined", "upheld", "lawsuit", "delisting", "removed")
_HEDGE = re.compile(r"['’]ll\b|\b(?:will|would|could|might|plans? to|planning to|considering|"
                    r"consider(?:s|ed)? (?:adding|placing)|expected to|set to|poised to|"
                    r"should be added|recommended|seeks? to|seeks? an order|asked the|"
                    r"urg(?:ed|es)|to be added|reportedly determined|(?:was|were|is|are) due "
                    r"to)\b", re.I)
_VERB_LISTED = re.compile(r"\badd(?:ed|s|ing)\b|\bdesignated\b|\bplaced\b|\bput (?:it |them )?on"
                          r"\b|\bblacklisted\b|\blisted\b|\bincluded\b|\bnamed\b"
                          r"|\bre-?(?:listed|listing|designated)\b", re.I)

LIST_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("dod-1260h", re.compile(r"\b1260H\b|Chinese military compan(?:y|ies) (?:\(CMC\) )?list"
                             r"|\bCMC list\b|Chinese Military Companies", re.I)),
    ("dod-1237", re.compile(r"\b1237\b|Communist Chinese [Mm]ilitary [Cc]ompan|\bCCMC\b")),
    ("ofac-ns-cmic", re.compile(r"military-industrial complex|\bNS-CMIC\b|\bCMIC\b", re.I)),
    ("ofac-ns-ccmc", re.compile(r"\bNS-CCMC\b")),
    ("bis-meu", re.compile(r"Military End[- ]User", re.I)),
    ("bis-entity-list", re.compile(r"\bEntity List\b|\bentity list\b|trade blacklist"
                                   r"|export (?:control )?(?:black)?list|Commerce Department's"
                                   r" blacklist|US Department of Commerce's blacklist", re.I)),
    ("ofac-sdn", re.compile(r"\bSDN\b|Specially Designated Nationals")),
]
"""How an article names each list, most specific first."""
_DOD = re.compile(r"\bPentagon\b|Defen[cs]e Department|Department of Defen[cs]e|\bDoD\b|\bDOD\b")
_TREASURY = re.compile(r"\bTreasury\b|\bOFAC\b|investment (?:black|block)list", re.I)
CMIC_FROM = date(2021, 6, 3)
"""EO 14032: the CCMC lists end and the NS-CMIC list begins."""


@dataclass
class Claim:
    """One event the text asserts about one listed party."""

    kind: str
    """``listed``, ``removed``, ``enjoined``, ``vacated``, ``vacatur_agreed``, ``lawsuit``,
    ``delisting``, ``upheld`` or ``on_list``."""
    mention: Mention
    list_id: str | None
    list_from: str
    """How the list was told: ``sentence``, ``paragraph``, ``article``, ``agency`` or
    ``registry``; empty when not told."""
    when: date | None
    precision: str
    date_text: str
    evidence: str
    sentence_start: int
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    bullet_of: int | None = None
    """For a line of a list: the index of the sentence that introduced it."""


_ABBREV = re.compile(r"(?:\b(?:Co|Ltd|Corp|Inc|No|Doc|Dec|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|"
                     r"Oct|Nov|Mr|Ms|Dr|St|v|vs|Gen|Jr|Sr|Fed|Reg|Dep't|Def|al)\.|\b[A-Z]\.)$")
_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])")


def sentences(text: str) -> list[Sentence]:
    """The text's sentences with their offsets; each line of a list a sentence ending in a
    colon introduces is marked as belonging to it."""
    out: list[Sentence] = []
    paragraph = 0
    pos = 0
    intro: int | None = None
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        paragraph += 1  # a line is a paragraph (extracted HTML has no blank lines between)
        stripped = line.strip().lstrip("•*-–·0123456789.) ").strip()
        is_item = intro is not None and len(stripped) <= 160 and not stripped.endswith(":")
        if is_item and intro is not None:
            offset = start + line.index(stripped[:1]) if stripped else start
            out.append(Sentence(offset, offset + len(stripped), stripped, paragraph, intro))
            continue
        intro = None
        for s, e in _split(line):
            out.append(Sentence(start + s, start + e, line[s:e], paragraph))
        if line.rstrip().endswith(":"):
            intro = len(out) - 1
    return out


def _split(line: str) -> Iterator[tuple[int, int]]:
    begin = 0
    for m in _END.finditer(line):
        piece = line[begin:m.start()].rstrip()
        if _ABBREV.search(piece):
            continue
        yield begin + (len(line[begin:]) - len(line[begin:].lstrip())), m.start()
        begin = m.end()
    rest = line[begin:]
    if rest.strip():
        yield begin + (len(rest) - len(rest.lstrip())), len(line.rstrip())


AMBIGUOUS = "?"
"""What :func:`list_in` says of a text naming two kinds of control at once ("investment and
export controls"): no list may be read from it."""


def list_in(text: str, when: date | None) -> str | None:
    """The list ``text`` names, if it names one (an agency's blacklist by its date);
    :data:`AMBIGUOUS` when it names controls of two lists alike."""
    if re.search(r"investment and export|export and investment", text, re.I):
        return AMBIGUOUS
    for list_id, pattern in LIST_WORDS:
        if pattern.search(text):
            return list_id
    if re.search(r"blacklist|black list|blocklist|\blist(?:ed)?\b|designat", text, re.I):
        blacklist = re.search(r"blacklist|black list|blocklist", text, re.I) is not None
        before = when is not None and when < CMIC_FROM
        if _DOD.search(text):
            return "dod-1237" if before else "dod-1260h"
        if _TREASURY.search(text):
            return "ofac-ns-ccmc" if before else "ofac-ns-cmic"
        if re.search(r"\bCommerce\b", text):
            return "bis-entity-list"
        if blacklist:
            return AMBIGUOUS  # "a blacklist", no agency named: no list may be read from it
    return None


def article_list(text: str) -> str | None:
    """The list the article speaks of most (by its names for lists), if any."""
    counts: Counter[str] = Counter()
    for list_id, pattern in LIST_WORDS:
        counts[list_id] += len(pattern.findall(text))
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] else None


def triggers(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each event phrase, strong kinds shadowing ``listed`` nouns."""
    found: list[tuple[str, int, int]] = []
    for kind, pattern in TRIGGERS.items():
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for _, s, e in found):
                continue
            found.append((kind, m.start(), m.end()))
    found = [t for t in found if text[t[1]:t[2]].lower() not in ("listed", "designated")
             or not re.search(
        r"(?:previously|already|newly|formerly)\s+$", text[max(0, t[1] - 12):t[1]], re.I)]
    relisted = [t for t in found if re.match(r"re-?(?:listed|listing|designated)",
                                             text[t[1]:t[2]], re.I)]
    if relisted:  # "delisted the misspelled name and re-listed it": one redesignation
        found = [t for t in found if t[0] != "removed" or t[1] > relisted[0][1]]
    if any(k in STRONG for k, _, _ in found):
        found = [t for t in found if t[0] != "listed" or _VERB_LISTED.fullmatch(
            text[t[1]:t[2]]) is not None]
    if any(k == "vacated" for k, _, _ in found):  # "removed ... following a final order vacating"
        found = [t for t in found if t[0] not in ("removed", "listed", "enjoined")]
    return sorted(found, key=lambda t: t[1])


_UNDONE = re.compile(r"\b(?:has been|have been|was|were|is being) (?:withdrawn|rescinded|"
                     r"cancell?ed|called off|dropped)\b", re.I)


def hedged(text: str, at: int) -> bool:
    """True when the sentence only foresees the event at ``at`` (a modal before it), or
    says it was called off ("the delisting order has been withdrawn")."""
    if any(m.start() < at and at - m.end() < 60 for m in _HEDGE.finditer(text)):
        return True
    return any(0 <= m.start() - at < 60 for m in _UNDONE.finditer(text))
