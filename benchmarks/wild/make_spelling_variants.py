"""Write ``spelling_variants.csv``: realistic misspellings of real listed company names.

Usage::

    python benchmarks/wild/make_spelling_variants.py [--per-kind N] [--seed S] [--out PATH]

Columns ``query,kind,expected_name,expected_source``: the query a screener might be given,
how it was made, the listed name it was made from, and where that name is listed -
``curated:<entity id>`` (the curated lists the package ships), ``sdn_2024-05:<ent_num>``
(OFAC SDN, May 2024) or ``cons_2025-12:<ent_num>`` (OFAC consolidated non-SDN, Dec 2025).

Listed names used: the primary name of every company entry (curated entities of kind
``company``; OFAC entries that are entities, not individuals, vessels or aircraft) written in
Latin letters, of at least 8 letters and at most 120 characters. Each kind draws up to
``--per-kind`` names, at most one variant per listed name: about 15% from the curated lists,
25% from the consolidated list, the rest from the SDN list. Legal-form words (``LLC``,
``Co., Ltd.``, ``Aktsionernoe Obshchestvo``, ``Sanayi ve Ticaret A.S.`` ...) are never edited.

Kinds:

``transliteration``
    one or two romanisation changes, each a rule drawn at random and applied at one place:
    ph/f, y/i/j, zh/j, ou/u, oo/u, ee/i, kh/h/ch, ie/ye, iy/ii/y, ks/x, w/v, ts/c/tz, sh/sch/ş,
    shch/sch, ch/ç/tch, Turkish and other diacritics dropped (ş ç ğ ı ö ü é á ñ), doubled /
    undoubled consonants, c/k, qu/k, q/k, -ción/-tion, ya/ia, yu/iu, ye/e, ei/ey, ai/ay,
    dj/j, gh/g (``Teknoloji`` -> ``Teknolojy``, ``Geliştirme`` -> ``Gelistirme``,
    ``Finland`` -> ``Fynland``);
``two_typos``
    two keyboard slips in a name of at least 15 letters outside its legal form: a letter
    replaced by a QWERTY neighbour, dropped, doubled or a neighbour inserted, or two
    neighbouring letters swapped; never a word's first letter; in two words when the name
    has two words of 4+ letters, else two places at least 2 apart in one word of 8+;
``order_typo_drop``
    a generic word dropped (Group, Trading, International, Industrial, Sanayi, Beijing ...),
    the remaining words reordered (two neighbours swapped, or the first word moved last, or
    the last first; the legal form stays where it was) and one typo as above.

A variant that is, after ``listguard.normalize.name_key``, any listed name (the one it came
from included) is not used: it would not be a misspelling. The output is the same for the
same seed and data.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "src"))

from listguard.normalize import name_key  # noqa: E402

SHARED = Path(os.environ.get("LISTGUARD_SHARED_DATA", ROOT.parent / "shared" / "data"))
KINDS = ("transliteration", "two_typos", "order_typo_drop")
SHARES = {"curated": 0.15, "cons_2025-12": 0.25}
"""Share of each kind drawn from these sources (the SDN list gives the rest)."""



def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LEGAL = _words(
    """aktsionernoe aktsionernoye aktsionernaya obshchestvo obschestvo obshestvo
    ogranichennoi ogranichennoy otvetstvennostyu otvetstvennostiu tovarishchestvo
    publichnoe otkrytoe zakrytoe nepublichnoe fgup gup mup nao ao oao zao pao too tov ooo
    sa sas sl sae sarl sprl srl spa sapi ag kg kgaa gmbh mbh bv nv ab as asa aps oy oyj doo
    dd ad ead sro spol shpk sh bhd sdn pte pty fze fzco fzc fzllc dmcc sal saog wll psc
    jsc pjsc ojsc cjsc cv sac saic sab de rl ltda eireli cia lp llp plc llc inc corp co
    ltd limited company corporation incorporated sociedad anonima societe anonyme anonim
    sirketi şirketi şti sti unitary eu limitada sociedade unipessoal sasu eood ood kft zrt
    nyrt gie sca snc fz cie compania compagnie companie liability joint stock pvt"""
)
"""Words of legal forms: never edited. (Written out here, not taken from the matcher, so the
variants do not change when the matcher's own list does.)"""
GLUE = frozenset({"de", "ve", "s", "y", "i", "and", "&"})
"""Part of a legal form when both neighbours are (``Obshchestvo s Ogranichennoi ...``,
``S.A. de C.V.``)."""
QUALIFIERS = frozenset({"public", "open", "closed", "private", "federal", "state", "joint",
                        "s", "limited", "liability"})
GENERIC = _words(
    """group groups holding holdings international intl technology technologies tech trading
    trade industries industry industrial national general development investment investments
    services service science sciences scientific engineering enterprises import export
    commercial global worldwide resources systems solutions logistics partners management
    manufacturing grupo internacional comercial servicios industrias industria tecnologia
    teknoloji sanayi ticaret gruppa china chinese beijing shanghai shenzhen"""
)
FUNCTION = frozenset({"and", "of", "the", "&", "-", "for", "in", "de", "del", "la", "le", "les",
                      "des", "du", "al", "el", "und", "der", "von", "van", "y", "e", "et", "i",
                      "u", "ve", "di", "da", "do"})
KEYBOARD = {
    "q": "wa", "w": "qeas", "e": "wrds", "r": "etdf", "t": "ryfg", "y": "tugh", "u": "yihj",
    "i": "uojk", "o": "ipkl", "p": "ol", "a": "qwsz", "s": "awedxz", "d": "serfcx",
    "f": "drtgvc", "g": "ftyhbv", "h": "gyujnb", "j": "huikmn", "k": "jiolm", "l": "kop",
    "z": "asx", "x": "zsdc", "c": "xdfv", "v": "cfgb", "b": "vghn", "n": "bhjm", "m": "njk",
}
TRANSLIT: list[tuple[str, str, str]] = [
    ("ph", r"ph", "f"),
    ("f", r"(?<=[a-z])f(?=[aeiou])", "ph"),
    ("y", r"(?<=[a-z])y", "i"),
    ("i", r"(?<=[a-z])i", "y"),
    ("j", r"j(?=[aeiou])", "y"),
    ("y", r"y(?=[aeiou])", "j"),
    ("zh", r"zh", "j"),
    ("ou", r"ou", "u"),
    ("u", r"(?<=[bcdfgklmnprstvz])u(?=[bcdfgklmnprstvz])", "ou"),
    ("oo", r"oo", "u"),
    ("ee", r"ee", "i"),
    ("kh", r"kh", "h"),
    ("kh", r"kh", "ch"),
    ("h", r"(?<=[aeiou])h(?=[aeiou])", "kh"),
    ("ie", r"(?<=[a-z])ie", "ye"),
    ("iy", r"iy", "y"),
    ("ii", r"ii", "y"),
    ("ks", r"ks", "x"),
    ("x", r"x", "ks"),
    ("w", r"w", "v"),
    ("v", r"v", "w"),
    ("ts", r"ts", "c"),
    ("ts", r"ts", "tz"),
    ("tz", r"tz", "ts"),
    ("sh", r"(?<![cs])sh(?!ch)", "sch"),
    ("sch", r"(?<!h)sch", "sh"),
    ("sh", r"(?<![cs])sh(?!ch)", "ş"),
    ("shch", r"shch", "sch"),
    ("ch", r"(?<=[abd-ru-z])ch", "ç"),
    ("ch", r"(?<=[aeiou])ch", "tch"),
    ("tch", r"tch", "ch"),
    ("ş", r"ş", "s"),
    ("ş", r"ş", "sh"),
    ("ç", r"ç", "c"),
    ("ç", r"ç", "ch"),
    ("ğ", r"ğ", "g"),
    ("ı", r"ı", "i"),
    ("ö", r"ö", "o"),
    ("ü", r"ü", "u"),
    ("ö", r"ö", "oe"),
    ("ü", r"ü", "ue"),
    ("ä", r"ä", "ae"),
    ("é", r"[éè]", "e"),
    ("á", r"[áà]", "a"),
    ("ó", r"ó", "o"),
    ("í", r"í", "i"),
    ("ñ", r"ñ", "n"),
    ("ñ", r"ñ", "ny"),
    ("double", r"([bcdfgklmnprstz])\1", r"\1"),
    ("single", r"(?<=[aeiou])([lmnrst])(?=[aeiou])", r"\1\1"),
    ("c", r"c(?=[aou])", "k"),
    ("k", r"(?<=[a-z])k(?=[aou])", "c"),
    ("qu", r"qu(?=[ei])", "k"),
    ("q", r"q(?!u)", "k"),
    ("cion", r"ci[oó]n$", "tion"),
    ("tion", r"tion$", "cion"),
    ("ya", r"ya", "ia"),
    ("ia", r"(?<=[a-z])ia", "ya"),
    ("yu", r"yu", "iu"),
    ("iu", r"iu", "yu"),
    ("ye", r"ye", "e"),
    ("ei", r"ei(?![aeiou])", "ey"),
    ("ey", r"ey(?![aeiou])", "ei"),
    ("ai", r"ai(?![aeiou])", "ay"),
    ("ay", r"ay(?![aeiou])", "ai"),
    ("dj", r"dj", "j"),
    ("gh", r"gh", "g"),
]
_RULES = [(label, re.compile(pattern), repl) for label, pattern, repl in TRANSLIT]


@dataclass(frozen=True)
class Listed:
    source: str
    name: str


@dataclass
class Keys:
    """Every listed name (any kind, aliases included) by its name key, and by its sorted
    words."""

    keys: set[str] = field(default_factory=set)
    sorted_keys: set[tuple[str, ...]] = field(default_factory=set)

    def add(self, name: str) -> None:
        self.keys.add(name_key(name))
        self.sorted_keys.add(sorted_key(name))


# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------


def bare(token: str) -> str:
    return token.strip(".,;:()\"'").casefold()


def is_latin(name: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


def letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def legal_flags(tokens: list[str]) -> list[bool]:
    """Which tokens are (part of) a legal form: a legal word, or a qualifier (Public, Joint,
    Federal State ...) followed by one."""
    flags = [bare(t) in LEGAL or bare(t).replace(".", "") in LEGAL for t in tokens]
    for i in range(1, len(tokens) - 1):
        if bare(tokens[i]) in GLUE and flags[i - 1] and flags[i + 1]:
            flags[i] = True
    for i in range(len(tokens) - 2, -1, -1):
        if not flags[i] and flags[i + 1] and bare(tokens[i]) in QUALIFIERS:
            flags[i] = True
    return flags


_ABBREVIATION = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?\.?,?")


def editable(tokens: list[str]) -> list[bool]:
    """Tokens a variant may change: not legal-form words, not dotted abbreviations (D.E.S.,
    S.A.S.U.), nothing in brackets."""
    legal = legal_flags(tokens)
    out = []
    depth = 0
    for token, is_legal in zip(tokens, legal, strict=True):
        inside = depth > 0 or "(" in token
        depth += token.count("(") - token.count(")")
        out.append(not is_legal and not inside and not _ABBREVIATION.fullmatch(token))
    return out


def sorted_key(name: str) -> tuple[str, ...]:
    """The name key's words in order: one key for a name and its reorderings."""
    return tuple(sorted(name_key(name).split()))


# --------------------------------------------------------------------------------------------
# Edits
# --------------------------------------------------------------------------------------------


def transliterate_word(word: str, rng: random.Random) -> str | None:
    """One romanisation change in a word, the rule drawn among those that apply."""
    low = word.casefold()
    if len(low) != len(word):  # casefold changed the length (ß): leave the word alone
        return None
    options = [(label, rx, repl) for label, rx, repl in _RULES if rx.search(low)]
    if not options:
        return None
    _, rx, repl = rng.choice(options)
    m = rng.choice(list(rx.finditer(low)))
    new = m.expand(repl)
    seg = word[m.start() : m.end()]
    if seg.isupper() or (word.isupper() and not seg.isalpha()):
        new = new.upper()
    elif seg[:1].isupper():
        new = new[:1].upper() + new[1:]
    return word[: m.start()] + new + word[m.end() :]


def typo_word(word: str, rng: random.Random, avoid: set[int] | None = None) -> tuple[str, int]:
    """One keyboard slip in a word, never its first letter: (new word, position)."""
    spots = [i for i in range(1, len(word)) if word[i].isalpha() and i not in (avoid or set())]
    if not spots:
        return word, -1
    p = rng.choice(spots)
    ch = word[p]
    low = ch.casefold()
    upper = ch.isupper()
    ops = ["sub", "del", "ins"]
    if p + 1 < len(word) and word[p + 1].isalpha() and word[p + 1].casefold() != low:
        ops.append("swap")
    op = rng.choice(ops)
    if op == "sub":
        near = KEYBOARD.get(low, "")
        if not near:
            return word, -1
        new = rng.choice(near)
        return word[:p] + (new.upper() if upper else new) + word[p + 1 :], p
    if op == "del":
        return word[:p] + word[p + 1 :], p
    if op == "ins":
        extra = rng.choice([low, *KEYBOARD.get(low, "")])
        return word[:p] + (extra.upper() if upper else extra) + word[p:], p
    return word[:p] + word[p + 1] + word[p] + word[p + 2 :], p


def v_transliteration(name: str, rng: random.Random, keys: Keys) -> str | None:
    tokens = name.split()
    ok = editable(tokens)
    mixed = not name.isupper()
    # not an acronym: CCCC, or JOUAV in a name that is not all capitals
    spots = [i for i, t in enumerate(tokens)
             if ok[i] and letters(t) >= 3 and re.search(r"[aeiouyAEIOUY]", t)
             and not (mixed and t.isupper())
             and any(rx.search(t.casefold()) for _, rx, _ in _RULES)]
    if not spots:
        return None
    changes = 1 if rng.random() < 0.5 else 2
    # two changes in two words when there are two, else both in the one word
    targets = rng.sample(spots, changes) if len(spots) >= changes else spots * changes
    for i in targets:
        new = transliterate_word(tokens[i], rng)
        if new:
            tokens[i] = new
    out = " ".join(tokens)
    return out if out != name else None


def v_two_typos(name: str, rng: random.Random, keys: Keys) -> str | None:
    tokens = name.split()
    legal = legal_flags(tokens)
    ok = editable(tokens)
    if letters(" ".join(t for t, lg in zip(tokens, legal, strict=True) if not lg)) < 15:
        return None
    spots = [i for i, t in enumerate(tokens) if ok[i] and letters(t) >= 4]
    if len(spots) >= 2:
        for i in rng.sample(spots, 2):
            tokens[i], p = typo_word(tokens[i], rng)
            if p < 0:
                return None
        return " ".join(tokens)
    long = [i for i in spots if letters(tokens[i]) >= 8]
    if not long:
        return None
    i = long[0]
    word, p = typo_word(tokens[i], rng)
    if p < 0:
        return None
    word, q = typo_word(word, rng, avoid={p - 2, p - 1, p, p + 1, p + 2})
    if q < 0:
        return None
    tokens[i] = word
    return " ".join(tokens)


def _function_word_misplaced(words: list[str]) -> bool:
    fn = [bare(w) in FUNCTION for w in words]
    return fn[0] or fn[-1] or any(a and b for a, b in pairwise(fn))


def v_order_typo_drop(name: str, rng: random.Random, keys: Keys) -> str | None:
    tokens = name.split()
    legal = legal_flags(tokens)
    start = 0
    while start < len(tokens) and legal[start]:
        start += 1
    end = len(tokens)
    while end > start and legal[end - 1]:
        end -= 1
    core = [t.rstrip(",") for t in tokens[start:end]]
    if any(legal[start:end]) or len(core) < 3 or not all(editable(core)):
        return None
    generic = [i for i, t in enumerate(core) if bare(t) in GENERIC]
    if not generic:
        return None
    del core[rng.choice(generic)]
    distinctive = [t for t in core
                   if bare(t) not in GENERIC and bare(t) not in FUNCTION and letters(t) >= 3]
    # Still two words of its own, no dangling "of" / "and", and not, in any order, another
    # listed name (KORYO COMMERCIAL BANK less COMMERCIAL is KORYO BANK, another party).
    if len(distinctive) < 2 or _function_word_misplaced(core) \
            or sorted_key(" ".join(core)) in keys.sorted_keys:
        return None
    before = list(core)
    for _ in range(10):
        how = rng.choice(["swap", "first_last", "last_first"])
        if how == "swap":
            pairs = [i for i in range(len(core) - 1)
                     if bare(core[i]) not in FUNCTION and bare(core[i + 1]) not in FUNCTION]
            if not pairs:
                continue
            i = rng.choice(pairs)
            core[i], core[i + 1] = core[i + 1], core[i]
        elif how == "first_last":
            core = [*core[1:], core[0]]
        else:
            core = [core[-1], *core[:-1]]
        if [bare(t) for t in core] != [bare(t) for t in before] \
                and not _function_word_misplaced(core):
            break
        core = list(before)
    if core == before:
        return None
    spots = [i for i, t in enumerate(core) if letters(t) >= 5]
    if not spots:
        return None
    i = rng.choice(spots)
    core[i], p = typo_word(core[i], rng)
    if p < 0:
        return None
    return " ".join([*tokens[:start], *core, *tokens[end:]])


VARIANTS: dict[str, Callable[[str, random.Random, Keys], str | None]] = {
    "transliteration": v_transliteration,
    "two_typos": v_two_typos,
    "order_typo_drop": v_order_typo_drop,
}


# --------------------------------------------------------------------------------------------
# Listed names
# --------------------------------------------------------------------------------------------


def load_listed(shared: Path) -> tuple[dict[str, list[Listed]], Keys]:
    """Company primary names by source, and the name key of every listed name (any kind,
    aliases included)."""
    from listguard.sources import curated
    from listguard.sources.ofac import cons_csv, sdn_csv

    by_source: dict[str, list[Listed]] = {}
    keys = Keys()
    data = curated.load()
    by_source["curated"] = [Listed(f"curated:{e.id}", e.name) for e in data.entities
                            if e.kind == "company"]
    for e in data.entities:
        keys.add(e.name)
    for n in data.names:
        keys.add(n.name)
    for label in ("sdn_2024-05", "cons_2025-12"):
        reader = sdn_csv if label.startswith("sdn") else cons_csv
        entries = reader.read(shared / "ofac" / label)
        by_source[label] = [Listed(f"{label}:{e.entry_id}", e.name) for e in entries
                            if e.entity_kind == "company"]
        for e in entries:
            keys.add(e.name)
            for a, _ in e.aliases:
                keys.add(a)
    for label, items in by_source.items():
        by_source[label] = sorted(
            (x for x in items
             if is_latin(x.name) and letters(x.name) >= 8 and len(x.name) <= 120),
            key=lambda x: (x.source, x.name))
    return by_source, keys


def generate(by_source: dict[str, list[Listed]], keys: Keys, per_kind: int, seed: int
             ) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    for k, kind in enumerate(KINDS):
        rng = random.Random(seed * 101 + k)
        variant = VARIANTS[kind]
        queries: set[str] = set()
        used: set[str] = set()
        made = 0
        quotas = {src: round(per_kind * share) for src, share in SHARES.items()}
        quotas["sdn_2024-05"] = per_kind - sum(quotas.values())
        for src in ("curated", "cons_2025-12", "sdn_2024-05"):
            pool = list(by_source[src])
            rng.shuffle(pool)
            # the SDN list makes up what the smaller lists could not give
            target = made + quotas[src] if src != "sdn_2024-05" else per_kind
            for item in pool:
                if made >= target:
                    break
                original = name_key(item.name)
                if original in used:
                    continue
                query = variant(item.name, rng, keys)
                if not query:
                    continue
                query = " ".join(query.split())
                key = name_key(query)
                if not key or key in keys.keys or key == original or query in queries:
                    continue
                queries.add(query)
                used.add(original)
                rows.append((query, kind, item.name, item.source))
                made += 1
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-kind", type=int, default=400)
    parser.add_argument("--seed", type=int, default=20251201)
    parser.add_argument("--out", type=Path, default=HERE / "spelling_variants.csv")
    parser.add_argument("--shared", type=Path, default=SHARED,
                        help="the shared data folder holding ofac/ (default: %(default)s)")
    args = parser.parse_args(argv)
    by_source, keys = load_listed(args.shared)
    rows = generate(by_source, keys, args.per_kind, args.seed)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["query", "kind", "expected_name", "expected_source"])
        writer.writerows(rows)
    counts = Counter((kind, src.split(":")[0]) for _, kind, _, src in rows)
    print(f"wrote {len(rows)} rows to {args.out}")
    for kind in KINDS:
        parts = ", ".join(f"{s} {counts[(kind, s)]}"
                          for s in ("curated", "cons_2025-12", "sdn_2024-05"))
        print(f"  {kind}: {sum(counts[(kind, s)] for s in by_source)} ({parts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
