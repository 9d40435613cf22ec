"""Build ``src/listguard/matching/person_names.tsv.gz``: person-name variants from rigour.

rigour (OpenSanctions) tags the parts of a person's name with symbols from its tables: one
Wikidata given- or family-name item per name (``NAME:Q5837762`` is Mohammed = Muhammad =
Mohamed ...), nicknames (``NICK:TED``: Ted = Theodore) and particles (``SYMBOL:BIN``: bin = ibn
= ben). Loading those tables costs rigour six seconds and some 300 MB in every process, so
listguard ships what it needs of them: for every word of a large vocabulary of real names, the
symbols it shares with at least one other word of that vocabulary.

The vocabulary: every word of the names of the individuals on OFAC's SDN and consolidated
lists (the files in ``../shared/data/ofac``), and the given and family names of every locale
of the Faker package (public name lists of some 80 locales) and the given names of Jörg Michael's
name dictionary (shipped by gender-guesser), romanised as listguard reads them. Needs
``pip install faker gender-guesser`` (tools only; listguard does not depend on them).

Run from the repository root after upgrading rigour: ``python tools/build_person_names.py``.
"""

from __future__ import annotations

import csv
import gzip
import importlib
import pkgutil
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path

import faker.providers.person as faker_person
from rigour.names import NameTypeTag, analyze_names

from listguard.matching.names import clean_name

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "ofac"
OUT = ROOT / "src" / "listguard" / "matching" / "person_names.tsv.gz"
CATEGORIES = ("NAME", "NICK", "SYMBOL")
MAX_GROUP = 400
"""A symbol shared by more words than this says nothing (a syllable of many names)."""


def ofac_person_names() -> Iterator[str]:
    """Every name of every individual in the OFAC files beside the project."""
    for folder in sorted(SHARED.iterdir()):
        people: set[str] = set()
        for prim in ("sdn.csv", "cons_prim.csv"):
            path = folder / prim
            if not path.exists():
                continue
            with path.open(encoding="latin-1", newline="") as fh:
                for row in csv.reader(fh):
                    if len(row) > 3 and row[2].strip().strip('"') == "individual":
                        people.add(row[0])
                        yield row[1]
        for alt in ("alt.csv", "cons_alt.csv"):
            path = folder / alt
            if path.exists():
                with path.open(encoding="latin-1", newline="") as fh:
                    for row in csv.reader(fh):
                        if len(row) > 3 and (row[0] in people or not people):
                            yield row[3]


def faker_names() -> Iterator[str]:
    """Given and family names of every Faker locale."""
    for info in pkgutil.iter_modules(faker_person.__path__):
        module = importlib.import_module(f"{faker_person.__name__}.{info.name}")
        provider = getattr(module, "Provider", None)
        for attr in ("first_names", "first_names_male", "first_names_female", "last_names",
                     "first_romanized_names", "last_romanized_names"):
            names = provider.__dict__.get(attr) if provider else None
            if isinstance(names, dict):
                yield from names.keys()
            elif isinstance(names, (list, tuple)):
                yield from names


def gender_guesser_names() -> Iterator[str]:
    """The first names of Jörg Michael's name dictionary (``nam_dict.txt``, shipped by the
    gender-guesser package): some 40,000 given names of many countries and their spellings."""
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    with path.open(encoding="iso8859-1") as fh:
        for line in fh:
            if line[:1] not in "#=" and len(line) > 30:
                yield line[3:29].strip().replace("+", " ")


def vocabulary(names: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for name in names:
        words.update(w for w in clean_name(name).split() if w.isalpha() and len(w) >= 2)
    return words


def symbols_of(words: list[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for word in words:
        for name in analyze_names(NameTypeTag.PER, [word], phonetics=False):
            for span in name.spans:
                if len(span.parts) == 1 and span.symbol.category.value in CATEGORIES:
                    found[word].add(f"{span.symbol.category.value}:{span.symbol.id}")
    return found


def main() -> int:
    words = sorted(vocabulary(ofac_person_names()) | vocabulary(faker_names())
                   | vocabulary(gender_guesser_names()))
    print(f"{len(words):,} words", file=sys.stderr)
    found = symbols_of(words)
    members: dict[str, set[str]] = defaultdict(set)
    for word, syms in found.items():
        for sym in syms:
            members[sym].add(word)
    kept = sorted(s for s, m in members.items() if 2 <= len(m) <= MAX_GROUP)
    number = {s: i for i, s in enumerate(kept)}
    rows = []
    for word in words:
        ids = sorted(number[s] for s in found.get(word, ()) if s in number)
        if ids:
            rows.append(f"{word}\t{','.join(map(str, ids))}")
    header = (f"# person-name variants: word, then the symbols (numbered) it shares with other "
              f"words; from rigour {version('rigour')} over {len(words):,} words (OFAC "
              f"individuals, Faker {version('faker')} name lists, gender-guesser "
              f"{version('gender-guesser')} nam_dict); tools/build_person_names.py")
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(header + "\n" + "\n".join(rows) + "\n")
    print(f"{len(rows):,} words in {len(kept):,} groups -> {OUT} "
          f"({OUT.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
