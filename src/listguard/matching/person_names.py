"""Spellings of one person's name: Mohammed = Muhammad = Mohamed, Osama = Usama, Ted =
Theodore, bin = ibn = ben.

The table (``person_names.tsv.gz``, built by ``tools/build_person_names.py``) is rigour's
person-name symbols (OpenSanctions' tables of Wikidata given and family names, nicknames and
name particles) for some 90,000 real name words: the names of OFAC's listed individuals, the
name lists of Faker's locales and Jörg Michael's name dictionary. Each word is listed with the
numbered symbols it shares with at least one other word; two words sharing a number are
spellings of one name. Shipped as data rather than asked of rigour at run time, because rigour
loads its whole table (six seconds, 300 MB) in every process on first use.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

SYMBOL_CATEGORY = "NAME"
"""The category these symbols carry beside rigour's organisation symbols (see :mod:`.tokens`)."""


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    data = resources.files("listguard.matching").joinpath("person_names.tsv.gz").read_bytes()
    table: dict[str, tuple[str, ...]] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _, ids = line.partition("\t")
            table[word] = tuple(ids.split(","))
    return table


def name_symbols(word: str) -> tuple[tuple[str, str], ...]:
    """The person-name symbols of one (lowercase, Latin) word: ``(("NAME", "2168"), ...)``;
    empty for a word the table does not know."""
    return tuple((SYMBOL_CATEGORY, i) for i in _table().get(word, ()))
