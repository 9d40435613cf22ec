"""Checking and normalising the identifiers importers put on a ListEntry.

Values are stored as the list prints them (upper-cased, spaces collapsed); only values of the
right shape are kept, so the registry's exact-match indexes never hold a typo. Tickers keep
OFAC's ``code market`` form (``941 HK``), the form ``listguard/data`` uses;
:func:`listguard.normalize.ticker_index_key` makes the index key from it.
"""

from __future__ import annotations

import re

from listguard.model import IdScheme
from listguard.normalize import isin_valid, ticker_index_key

_SPACE_RE = re.compile(r"\s+")
_GLUED_TICKER_RE = re.compile(r"^(\d+)([A-Z]{2})$")
_LEI_RE = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def lei_valid(value: str) -> bool:
    """ISO 17442 LEI: 20 characters, ISO 7064 MOD 97-10 check digits."""
    if not _LEI_RE.match(value):
        return False
    return int("".join(str(int(ch, 36)) for ch in value)) % 97 == 1


def uscc_valid(value: str) -> bool:
    """Chinese Unified Social Credit Code (GB 32100-2015): 18 characters and check character."""
    if not _USCC_RE.match(value):
        return False
    total = sum(_USCC_CHARS.index(ch) * w for ch, w in zip(value, _USCC_WEIGHTS, strict=False))
    return _USCC_CHARS[(31 - total % 31) % 31] == value[17]


def clean_isin(value: str) -> str | None:
    text = _SPACE_RE.sub("", value).upper()
    return text if isin_valid(text) else None


def clean_ticker(value: str) -> str | None:
    """``600372  CN`` -> ``600372 CN``; ``603019CN`` -> ``603019 CN``; None without a market."""
    text = _SPACE_RE.sub(" ", value.strip()).upper()
    glued = _GLUED_TICKER_RE.match(text)
    if glued:
        text = f"{glued.group(1)} {glued.group(2)}"
    return text if ticker_index_key(text) is not None else None


def clean_lei(value: str) -> str | None:
    text = _SPACE_RE.sub("", value).upper()
    return text if lei_valid(text) else None


def clean_uscc(value: str) -> str | None:
    """Shape-checked only (18 characters of the USCC alphabet): a wrong check character is
    more likely OFAC's typo than a different company, and the code is still what OFAC printed.
    """
    text = _SPACE_RE.sub("", value).upper()
    return text if _USCC_RE.match(text) else None


CLEANERS = {
    IdScheme.ISIN: clean_isin,
    IdScheme.TICKER: clean_ticker,
    IdScheme.LEI: clean_lei,
    IdScheme.USCC: clean_uscc,
}


def clean_document(value: str) -> str | None:
    """A passport or identity-card number as compared: letters and digits only, upper case
    (``A 123-456`` -> ``A123456``); None when fewer than four are left."""
    text = "".join(ch for ch in value.upper() if ch.isalnum())
    return text if len(text) >= 4 else None
