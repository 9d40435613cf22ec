"""People (issue 16): listed individuals written as people write them, and people on no list.

Run ``python benchmarks/bench_people.py`` (``--json PATH`` also writes the figures, ``--strict``
exits 1 when a target fails, ``--quick`` runs a quarter of the cases). Every query is screened
as a person (``Query(kind="person")``, as ``listguard screen --type person`` does).

**Corpus**: the same as ``bench_matching.py`` (its ``load_corpus``: the curated lists, OFAC SDN
2024-05 and OFAC consolidated 2025-12 read by the project's readers, merged by the registry's
rule), with each listed person's dates and places of birth, countries and gender.

**Positives**: listed individuals (OFAC prints them ``SURNAME, Given Middle``) with at least
two name words, drawn at random (fixed seed), each written one way per kind:

==============  ==============================================================================
kind            the query
==============  ==============================================================================
order           given names first (``Yuriy Anatolyevich SHEVCHENKO``)
drop_middle     first given name and surname only (``Yuriy Shevchenko``), for three words+
initials        given names as initials (``Y. A. Shevchenko``)
respelt         one or two words respelt as transliterations drift (ou/u, kh/h, y/i, doubled
                letters, e/i, q/k, j/dj ...)
typo            one slip (a letter dropped, doubled, swapped or replaced) in one word of five
                letters or more, never the first letter
cyrillic        the name in Cyrillic (ICU's reverse BGN/PCGN), for persons the lists tie to
                Russia, Belarus, Ukraine, Kazakhstan, Kyrgyzstan, Tajikistan, Uzbekistan
scholarly       that Cyrillic read back by the scholarly system without its marks
                (Shevchenko -> Sevcenko, Yuriy -> Jurij)
==============  ==============================================================================

**Negatives**: names of people on no list from the Faker package's name lists (its locales'
given and family names, themselves drawn from public name statistics) for 16 cultures - US,
UK, Mexico, Spain, Brazil, France, Germany, Italy, Poland, Turkey, Russia (Cyrillic),
Ukraine (Cyrillic), Arabic (Arabic script), Iran (Persian script), India, China (Chinese
script), Korea (Hangul) and Vietnam - a third with a middle name. A name that is, word for
word, a listed person's name is dropped: a namesake is a true name match, not a matcher error.

**Three runs**: name only; with a date of birth (positives: the listed one, for persons the list
gives one; negatives: a random day 1940-2004); with a date of birth and a nationality
(positives: a listed country; negatives: their culture's country).

**Counting**: flagged = ``match`` or ``review`` (the top hit). A positive is found when it is
flagged and its top hit is the expected person (or another listed person printing that very
name: OFAC lists some people twice, and namesakes are no matcher error). Precision = found /
all flagged rows (positives flagged to someone else and negatives flagged both count against
it).

**Targets** (issue 16): name only, recall >= 0.95 at precision >= 0.98; with dates of birth,
precision >= 0.995.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from bench_matching import Corpus, load_corpus  # noqa: E402

from listguard.matching import Matcher  # noqa: E402
from listguard.matching.matcher import Query  # noqa: E402
from listguard.matching.names import analyze  # noqa: E402
from listguard.model import NameKind  # noqa: E402

SEED = 20261201
FLAGGED = ("match", "review")
SLAVIC = {"RU", "BY", "UA", "KZ", "KG", "TJ", "UZ"}
LOCALES = {  # Faker locale -> the country its people hold
    "en_US": "US", "en_GB": "GB", "es_MX": "MX", "es_ES": "ES", "pt_BR": "BR", "fr_FR": "FR",
    "de_DE": "DE", "it_IT": "IT", "pl_PL": "PL", "tr_TR": "TR", "ru_RU": "RU", "uk_UA": "UA",
    "ar_AA": "SA", "fa_IR": "IR", "hi_IN": "IN", "zh_CN": "CN", "ko_KR": "KR", "vi_VN": "VN",
}
RESPELL = [("ou", "u"), ("u", "ou"), ("kh", "h"), ("h", "kh"), ("y", "i"), ("i", "y"),
           ("mm", "m"), ("dd", "d"), ("ss", "s"), ("ee", "i"), ("q", "k"), ("dj", "j"),
           ("j", "dj"), ("e", "i"), ("ph", "f"), ("ck", "k"), ("sh", "ch"), ("ie", "i")]
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
PARTICLES = {"al", "el", "de", "del", "van", "von", "bin", "ibn", "abu", "abd", "da", "dos",
             "la"}


@dataclass(frozen=True)
class Case:
    query: str
    kind: str
    expected: str = ""
    """The entity id a positive should hit ('' for a negative)."""
    also: frozenset[str] = frozenset()
    """Other entities printing the expected person's name word for word (a person listed
    twice, or two namesakes): a hit on one of them is no error either."""
    dob: str = ""
    country: str = ""


def listed_people(corpus: Corpus) -> list[str]:
    """Listed individuals (OFAC entries) with at least two words in their name."""
    return sorted(e for e, k in corpus.entity_type.items()
                  if k == "person" and e.startswith("ofac:")
                  and len(_WORD.findall(corpus.primary[e])) >= 2)


def _parts(name: str) -> tuple[list[str], list[str]]:
    """(given names, surnames) of an OFAC-printed ``SURNAME, Given Middle``."""
    if "," in name:
        surname, _, given = name.partition(",")
        return _WORD.findall(given), _WORD.findall(surname)
    words = _WORD.findall(name)
    return words[:-1], words[-1:]


def v_order(name: str, rng: random.Random) -> str | None:
    given, surname = _parts(name)
    return " ".join([*given, *surname]) if given and "," in name else None


def v_drop_middle(name: str, rng: random.Random) -> str | None:
    """The first given name and the first family name (a Spanish second surname, a middle
    name, a patronymic dropped); a particle stays with its name (AL MAJID, DE LA CRUZ)."""
    given, surname = _parts(name)
    if len(given) + len(surname) < 3 or not given:
        return None
    first = 0
    while first < len(surname) - 1 and surname[first].lower() in PARTICLES:
        first += 1
    return f"{given[0]} {' '.join(surname[:first + 1])}"


def v_initials(name: str, rng: random.Random) -> str | None:
    given, surname = _parts(name)
    if not given or not surname:
        return None
    return " ".join([*(f"{g[0]}." for g in given), *surname])


def _respell(word: str, rng: random.Random) -> str | None:
    options = [(a, b) for a, b in RESPELL if a in word.lower()[1:]]
    if not options:
        return None
    a, b = rng.choice(options)
    low = word.lower()
    at = low.index(a, 1)
    out = low[:at] + b + low[at + len(a):]
    return out.capitalize() if out != low else None


def v_respelt(name: str, rng: random.Random) -> str | None:
    given, surname = _parts(name)
    words = [*given, *surname]
    picks = rng.sample(range(len(words)), k=min(2, len(words)))
    changed = False
    for i in picks:
        new = _respell(words[i], rng)
        if new:
            words[i], changed = new, True
    return " ".join(words) if changed else None


def v_typo(name: str, rng: random.Random) -> str | None:
    given, surname = _parts(name)
    words = [*given, *surname]
    long = [i for i, w in enumerate(words) if len(w) >= 5]
    if not long:
        return None
    i = rng.choice(long)
    w = words[i].lower()
    at = rng.randrange(1, len(w) - 1)
    edit = rng.choice(("drop", "double", "swap", "replace"))
    if edit == "drop":
        w = w[:at] + w[at + 1:]
    elif edit == "double":
        w = w[:at] + w[at] + w[at:]
    elif edit == "swap":
        w = w[:at] + w[at + 1] + w[at] + w[at + 2:]
    else:
        w = w[:at] + rng.choice("aeiounrstl".replace(w[at], "")) + w[at + 1:]
    words[i] = w.capitalize()
    return " ".join(words)


def _icu(rules: str, reverse: bool = False) -> Any:
    import icu

    direction = icu.UTransDirection.REVERSE if reverse else icu.UTransDirection.FORWARD
    return icu.Transliterator.createInstance(rules, direction)


def v_cyrillic(name: str, rng: random.Random) -> str | None:
    given, surname = _parts(name)
    latin = " ".join(w.capitalize() for w in [*given, *surname])
    return str(_icu("Russian-Latin/BGN", reverse=True).transliterate(latin))


def v_scholarly(name: str, rng: random.Random) -> str | None:
    cyrillic = v_cyrillic(name, rng)
    if cyrillic is None:
        return None
    out = str(_icu("Cyrillic-Latin; Latin-ASCII").transliterate(cyrillic))
    out = out.replace("'", "").replace('"', "")
    given, surname = _parts(name)
    return out if out.lower() != " ".join([*given, *surname]).lower() else None


VARIANTS = {"order": v_order, "drop_middle": v_drop_middle, "initials": v_initials,
            "respelt": v_respelt, "typo": v_typo, "cyrillic": v_cyrillic,
            "scholarly": v_scholarly}


def namesakes(corpus: Corpus) -> dict[frozenset[str], set[str]]:
    """Listed persons by each of their names as a set of words."""
    out: dict[frozenset[str], set[str]] = {}
    for eid, name, _ in corpus.names:
        if corpus.entity_type.get(eid) == "person":
            out.setdefault(frozenset(analyze(name).tokens), set()).add(eid)
    return out


def positive_cases(corpus: Corpus, per_kind: int, rng: random.Random) -> list[Case]:
    people = listed_people(corpus)
    same = namesakes(corpus)
    rng.shuffle(people)
    cases: list[Case] = []
    for kind, make in VARIANTS.items():
        slavic = kind in ("cyrillic", "scholarly")
        made = 0
        for eid in people:
            facts = corpus.people.get(eid)
            if slavic and not (facts and set(facts.countries) & SLAVIC):
                continue
            query = make(corpus.primary[eid], rng)
            if not query or query.strip().lower() == corpus.primary[eid].lower():
                continue
            born = corpus.births.get(eid, ())
            country = facts.countries[0] if facts and facts.countries else ""
            also = frozenset(same.get(frozenset(analyze(corpus.primary[eid]).tokens), set()))
            cases.append(Case(query, kind, eid, also - {eid}, born[0] if born else "",
                              country))
            made += 1
            if made == per_kind:
                break
    return cases


def _listed_keys(corpus: Corpus) -> set[frozenset[str]]:
    """Each listed person's name as a set of words (order aside)."""
    return {frozenset(analyze(n).tokens) for e, n, k in corpus.names
            if corpus.entity_type.get(e) == "person" and k != NameKind.WEAK}


def negative_cases(corpus: Corpus, n: int, rng: random.Random) -> list[Case]:
    from faker import Faker

    listed = _listed_keys(corpus)
    out: list[Case] = []
    per_locale = -(-n // len(LOCALES))
    for locale, country in LOCALES.items():
        fake = Faker(locale)
        fake.seed_instance(SEED)
        made = tries = 0
        while made < per_locale and tries < per_locale * 20:
            tries += 1
            given = fake.first_name()
            middle = fake.first_name() if rng.random() < 1 / 3 else ""
            name = " ".join(p for p in (given, middle, fake.last_name()) if p)
            if frozenset(analyze(name).tokens) in listed:
                continue  # a namesake of a listed person: a true name match
            day = f"{rng.randint(1940, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            out.append(Case(name, f"neg_{locale}", dob=day, country=country))
            made += 1
    return out[:n]


def screen(matcher: Matcher, cases: Sequence[Case], dob: bool, nationality: bool
           ) -> list[tuple[str, str, float]]:
    queries = [Query(c.query, kind="person", dob=(c.dob or None) if dob else None,
                     country=(c.country or None) if nationality else None) for c in cases]
    out = []
    for hits in matcher.match_many(queries, limit=1):
        top = hits[0] if hits else None
        out.append((top.decision.value, top.entity_id, top.score) if top else ("no_match", "", 0))
    return out


def tally(cases: Sequence[Case], answers: Sequence[tuple[str, str, float]]) -> dict[str, Any]:
    per_kind: dict[str, Counter[str]] = {}
    found = flagged = positives = 0
    wrong: list[tuple[str, str, str, float]] = []
    for case, (decision, entity, score) in zip(cases, answers, strict=True):
        kind = case.kind if case.expected else "negatives"
        counts = per_kind.setdefault(kind, Counter())
        counts["n"] += 1
        is_flag = decision in FLAGGED
        flagged += is_flag
        counts["flagged"] += is_flag
        counts["match"] += decision == "match"
        if case.expected:
            positives += 1
            hit = is_flag and (entity == case.expected or entity in case.also)
            found += hit
            counts["found"] += hit
        if is_flag and entity != case.expected and entity not in case.also:
            wrong.append((case.kind, case.query, entity, score))
    negatives = per_kind.get("negatives", Counter())
    return {
        "recall": found / max(positives, 1),
        "precision": found / max(flagged, 1),
        "negatives_flagged": negatives["flagged"] / max(negatives["n"], 1),
        "negatives_match": negatives["match"] / max(negatives["n"], 1),
        "by_kind": {k: {"n": c["n"], "rate": (c["found"] if k != "negatives" else c["flagged"])
                        / max(c["n"], 1)} for k, c in sorted(per_kind.items())},
        "wrong": sorted(wrong, key=lambda w: -w[3])[:12],
    }


def print_run(label: str, result: dict[str, Any]) -> None:
    print(f"\n{label}: recall {result['recall']:.3f}, precision {result['precision']:.4f}, "
          f"negatives flagged {result['negatives_flagged']:.2%} "
          f"(match {result['negatives_match']:.2%})")
    for kind, row in result["by_kind"].items():
        what = "flagged" if kind == "negatives" else "found"
        print(f"  {kind:<12} {row['n']:>5}  {what} {row['rate']:.3f}")
    for kind, query, entity, score in result["wrong"][:6]:
        print(f"  wrong: {kind:<12} {score:.2f} {query!r} -> {entity}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    corpus = load_corpus()
    rng = random.Random(SEED)
    per_kind = 50 if args.quick else 200
    positives = positive_cases(corpus, per_kind, rng)
    negatives = negative_cases(corpus, len(positives), rng)
    cases = positives + negatives
    matcher = Matcher.build(corpus.names, corpus.identifiers, corpus.countries,
                            corpus.entity_type, corpus.births, corpus.people)
    print(f"corpus: {len(corpus.names):,} names, {len(listed_people(corpus)):,} listed persons "
          f"with two name words or more; {len(positives):,} positives, {len(negatives):,} "
          f"negatives (Faker {version('faker')}); ready in {time.perf_counter() - t0:.1f}s")
    runs = {}
    for label, dob, nationality in (("name only", False, False),
                                    ("with date of birth", True, False),
                                    ("with date of birth and nationality", True, True)):
        started = time.perf_counter()
        runs[label] = tally(cases, screen(matcher, cases, dob, nationality))
        runs[label]["queries_per_s"] = len(cases) / (time.perf_counter() - started)
        print_run(label, runs[label])
    dob_positives = [c for c in positives if c.dob]
    print(f"\n({len(dob_positives):,} of {len(positives):,} positives have a listed date of "
          "birth; the others are screened on the name alone in every run)")
    name_only, with_dob = runs["name only"], runs["with date of birth"]
    targets = {
        "name only: recall >= 0.95": name_only["recall"] >= 0.95,
        "name only: precision >= 0.98": name_only["precision"] >= 0.98,
        "with dates of birth: precision >= 0.995": with_dob["precision"] >= 0.995,
    }
    print()
    for name, passed in targets.items():
        print(f"target {'PASS' if passed else 'FAIL'}: {name}")
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "targets": targets}, indent=2))
    return 1 if args.strict and not all(targets.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
