"""What a row says besides its name, read into the values the matcher compares.

Each reader takes a cell as a file gives it and returns the value, or ``None`` with nothing
to compare; none of them guesses. The matcher's features (:mod:`listguard.matching.features`)
say what each value does to a score.

============  ==========================================================================
attribute     read as
============  ==========================================================================
country       ISO 3166 alpha-2 (``United States``, ``USA``, ``us`` -> ``US``), by
              :func:`listguard.normalize.country_code`
kind          ``company``, ``person``, ``vessel``, ``aircraft`` or ``any``
              (:data:`KIND_WORDS`: ``individual`` is a person, ``organisation`` a company)
dob           a date of birth: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (also ``15 Jan 1960``,
              ``01/15/1960``)
identifier    an ISIN, LEI, Chinese USCC or ticker with its market, recognised by its shape
              and check digits (python-stdnum); an OFAC entry number only from a column
              whose header names OFAC (an ordinary ``id`` column holds the file's own keys)
passport,     a document number: letters and digits, upper case (``A 123-456`` ->
national id   ``A123456``), four or more of them
birth place   the text as written (``Baghdad, Iraq``): its words and its country compared
gender        ``male`` or ``female`` (``M``, ``F``, ``man``, ``woman`` ...)
============  ==========================================================================
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from stdnum import lei as stdnum_lei
from stdnum.cn import uscc as stdnum_uscc

from listguard.model import IdScheme
from listguard.normalize import country_code, isin_valid, ticker_key

KINDS = ("company", "person", "vessel", "aircraft", "any")
"""What ``--type`` (or a type column) may say."""
KIND_WORDS = {
    "company": "company", "companies": "company", "organization": "company",
    "organisation": "company", "entity": "company", "legal entity": "company",
    "corporation": "company", "business": "company", "org": "company", "firm": "company",
    "issuer": "company", "legalentity": "company",
    "person": "person", "individual": "person", "natural person": "person",
    "people": "person", "human": "person",
    "vessel": "vessel", "ship": "vessel", "boat": "vessel",
    "aircraft": "aircraft", "airplane": "aircraft", "aeroplane": "aircraft", "plane": "aircraft",
    "any": "any",
}
"""Words a type column uses, to the kinds the matcher compares."""

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_YMD = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?,?\s+(\d{4})$")
_MY = re.compile(r"^([A-Za-z]{3})[A-Za-z]*\.?,?\s+(\d{4})$")
_MDY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
OFAC_HEADER = re.compile(r"ofac|sdn|ent[ _-]?num|uid", re.IGNORECASE)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


@lru_cache(maxsize=4096)
def _country(text: str) -> str:
    code = country_code(text)
    return code if len(code) == 2 else ""


def read_country(value: object) -> str | None:
    """ISO alpha-2, or None for an empty cell or a value that names no country."""
    text = _text(value)
    return (_country(text) or None) if text else None


def read_kind(value: object) -> str | None:
    """``company``, ``person``, ``vessel``, ``aircraft`` or ``any``; None if not one."""
    text = " ".join(_text(value).lower().replace("_", " ").split())
    return KIND_WORDS.get(text)


def read_dob(value: object) -> str | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; None for anything that is not a plausible
    date of birth (a year from 1880 to today)."""
    if isinstance(value, date):
        return value.isoformat()[:10]
    text = _text(value)
    if not text:
        return None
    parts: tuple[int, int | None, int | None] | None = None
    if m := _YMD.match(text):
        parts = (int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
    elif (m := _DMY.match(text)) and m[2].lower() in _MONTHS:
        parts = (int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    elif (m := _MY.match(text)) and m[1].lower() in _MONTHS:
        parts = (int(m[2]), _MONTHS[m[1].lower()], None)
    elif m := _MDY.match(text):
        parts = (int(m[3]), int(m[1]), int(m[2]))
    return _dob_text(parts) if parts else None


def _dob_text(parts: tuple[int, int | None, int | None]) -> str | None:
    year, month, day = parts
    if not 1880 <= year <= date.today().year:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def read_identifier(value: object, *, ofac: bool = False) -> tuple[tuple[IdScheme, str], ...]:
    """The schemes ``value`` is an identifier of (usually one); empty when none fits.

    ``ofac``: the column's header names OFAC, so a bare number is an OFAC entry number.
    """
    text = _text(value)
    compact = "".join(text.split()).upper()
    if not compact:
        return ()
    if isin_valid(compact):
        return ((IdScheme.ISIN, compact),)
    if stdnum_lei.is_valid(compact):
        return ((IdScheme.LEI, compact),)
    if stdnum_uscc.is_valid(compact):
        return ((IdScheme.USCC, compact),)
    if ofac and compact.isdigit():
        return ((IdScheme.OFAC_ENT, str(int(compact))),)
    parsed = ticker_key(text)
    if parsed is not None and parsed[1] is not None:
        return ((IdScheme.TICKER, text),)
    return ()


GENDER_WORDS = {"m": "male", "male": "male", "man": "male", "mr": "male", "f": "female",
                "female": "female", "woman": "female", "w": "female", "mrs": "female",
                "ms": "female"}


def read_gender(value: object) -> str | None:
    """``male`` or ``female``; None for anything else (unknown, other, empty)."""
    return GENDER_WORDS.get(_text(value).lower().strip(". "))


def read_place(value: object) -> str | None:
    """A place of birth as written, or None when empty."""
    return _text(value) or None


def read_document(value: object, scheme: IdScheme) -> tuple[tuple[IdScheme, str], ...]:
    """A passport or national ID number as ``((scheme, number),)``; empty when fewer than
    four letters or digits are written."""
    text = "".join(ch for ch in _text(value).upper() if ch.isalnum())
    return ((scheme, text),) if len(text) >= 4 else ()
