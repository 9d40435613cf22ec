"""OFAC's remarks field, taken apart into labelled facts.

In OFAC's CSV files everything that has no column of its own is printed into ``remarks``
(continued in ``sdn_comments.csv`` past 1,000 characters), as ``; ``-separated parts that each
start with a label::

    Equity Ticker CHL US; alt. Equity Ticker 941 HK; Issuer Name China Mobile Limited;
    ISIN US16941M1099; alt. ISIN HK0941009539; Target Type Public Company;
    Effective Date (CMIC) 02 Aug 2021; Purchase/Sales For Divestment Date (CMIC) 03 Jun 2022;
    Listing Date (CMIC) 03 Jun 2021; Linked To: CHINA MOBILE COMMUNICATIONS GROUP CO., LTD.

The labels are OFAC's own ID and feature types, the same strings the XML files carry in
``<idType>`` (classic XML) or ``<FeatureType>``/``<IDRegDocType>`` (advanced XML). So this module
turns a remarks string into :data:`Fact` triples ``(label, value, country)`` and the XML readers
build the same triples from elements: one builder (``_build.EntryBuilder``) then makes the
:class:`~listguard.model.ListEntry`, which is why CSV and XML give the same entry.

Only the labels an importer uses are recognised (names, links, securities and company
identifiers, a person's nationality, date and place of birth, gender, passport and national
identity numbers, and dated listing facts); every other part stays in the raw remarks.
"""

from __future__ import annotations

import re
from datetime import date

Fact = tuple[str, str, str]
"""``(label, value, country)``: an OFAC-labelled fact; ``country`` is '' when none is given."""

#: Labels whose value may end with an issuing country in parentheses, ``... (China)``.
COUNTRY_SUFFIX_LABELS = frozenset(
    {
        "Unified Social Credit Code (USCC)",
        "Business Registration Number",
        "Legal Entity Number",
        "Registration Number",
        "Registration ID",
        "Tax ID No.",
        # a person's identity documents
        "Personal ID Card",
        "National ID No.",
        "Identification Number",
        "Kenyan ID No.",
        "Cedula No.",
        "C.U.R.P.",
        "Passport",
    }
)
# Labels recognised in remarks, longest first so that "Registration Number" is not read as
# "Registration ...". Dated labels ("Listing Date (CMIC)" ...) are matched by _DATED_RE.
ID_LABELS = tuple(sorted(
    COUNTRY_SUFFIX_LABELS | {"Nationality of Registration", "Registration Country",
                             "Equity Ticker", "Issuer Name", "Target Type", "Gender", "ISIN"},
    key=lambda label: (-len(label), label)))
LINKED_TO = "Linked To"
NATIONALITY = "nationality"
CITIZEN = "citizen"

_LABEL_RE = re.compile(
    r"^(" + "|".join(re.escape(label) for label in ID_LABELS) + r"):?\s+(.+)$", re.DOTALL
)
_DATED_RE = re.compile(
    r"^((?:Listing Date|Effective Date|Purchase/Sales For Divestment Date)\s*\([^)]*\)):?\s+(.+)$"
)
_ALIAS_RE = re.compile(r"^([afn]\.k\.a\.),?\s+'(.*)'$", re.DOTALL)
_LINKED_RE = re.compile(r"^\(?Linked To:\s*(.+)$", re.DOTALL)
_PERSON_RE = re.compile(r"^(nationality|citizen)\s+(.+)$")
_COUNTRY_SUFFIX_RE = re.compile(r"^(.*\S)\s+\(([^()]+)\)$")
_SPACE_RE = re.compile(r"\s+")
_DOCUMENT_DATES_RE = re.compile(r"\s+(?:issued|expires|expiration|issue date)\b", re.IGNORECASE)
"""Where a document's dates start: ``Passport A123 (Iraq) issued 01 Jan 2010``."""

# OFAC ends the remarks with a period unless the text already ends with one, so a final
# "CO., LTD." keeps its period while "Linked To: HIZBALLAH." loses it. A final period is kept
# only after a legal-form abbreviation, a single letter (an initial) or a dotted abbreviation
# (S.A., C.V.): the last word is matched whole.
_KEEP_FINAL_PERIOD_RE = re.compile(
    r"(?:LTD|CO|INC|CORP|LLC|JSC|PJSC|OJSC|CJSC|PLC|LTDA|CIA|BHD|PTE|PVT|GMBH|SRL|SPA|SAL|EST"
    r"|INTL|BROS|DEPT|NO|ST|AVE|JR|SR|[A-Z]|(?:[A-Z]\.)+[A-Z])\.",
    re.IGNORECASE,
)

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DMY_RE = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?,?\s+(\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MDY_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(text: str) -> date | None:
    """A full date as OFAC prints it (``03 Jun 2021``), ISO (``2021-06-03``) or ``06/03/2021``.

    Partial dates (``Jun 2021``, ``2021``) and anything else give None.
    """
    text = text.strip()
    try:
        m = _DMY_RE.match(text)
        if m:
            month = _MONTHS.get(m.group(2).lower())
            if month is None:
                return None
            return date(int(m.group(3)), month, int(m.group(1)))
        m = _ISO_RE.match(text)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _MDY_RE.match(text)
        if m:
            return date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    except ValueError:
        return None
    return None


_MY_RE = re.compile(r"^([A-Za-z]{3})[A-Za-z]*\.?,?\s+(\d{4})$")
_YEAR_RE = re.compile(r"^(\d{4})$")
_ISO_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_RANGE_RE = re.compile(r"^(\d{4})\s+to\s+(\d{4})$", re.IGNORECASE)
_CIRCA_RE = re.compile(r"^circa\s+(\d{4})$", re.IGNORECASE)


def parse_birth(text: str) -> str | None:
    """A date of birth as OFAC prints it (``DOB 16 Jun 1977``, ``DOB Jun 1977``, ``DOB 1977``,
    ``DOB circa 1977``, ``DOB 1958 to 1961``) as ``1977-06-16``, ``1977-06``, ``1977`` or a
    range of years ``1958/1961`` (circa: the year either side); None for anything else."""
    text = text.strip()
    full = parse_date(text)
    if full is not None:
        return full.isoformat()
    if m := _ISO_MONTH_RE.match(text):
        return f"{m.group(1)}-{m.group(2)}"
    if (m := _MY_RE.match(text)) and m.group(1).lower() in _MONTHS:
        return f"{m.group(2)}-{_MONTHS[m.group(1).lower()]:02d}"
    if m := _YEAR_RE.match(text):
        return m.group(1)
    if m := _RANGE_RE.match(text):
        return f"{m.group(1)}/{m.group(2)}"
    if m := _CIRCA_RE.match(text):
        year = int(m.group(1))
        return f"{year - 1}/{year + 1}"
    return None


def canonical_label(label: str) -> str:
    """An OFAC id/feature type without the trailing ``:`` or `` -`` some types carry."""
    label = _SPACE_RE.sub(" ", label).strip()
    return label.rstrip(":-").rstrip()


def split_programs(text: str) -> list[str]:
    """``SDGT] [IFSR`` (OFAC CSV), ``[SDGT] [IFSR]`` or ``SDGT; IFSR`` (CSL) -> codes."""
    text = text.strip()
    if not text or text == "-0-":
        return []
    if "]" not in text and "[" not in text and ";" not in text:
        return [text]
    parts = re.split(r"\]\s*\[|;", text)
    out: list[str] = []
    for part in parts:
        code = part.strip().strip("[]").strip()
        if code and code not in out:
            out.append(code)
    return out


def strip_final_period(text: str) -> str:
    """The remarks without OFAC's closing period (kept after an abbreviation or initial)."""
    text = text.rstrip()
    if not text.endswith("."):
        return text
    if len(text) > 1 and text[-2].isalpha():
        last = text[-32:].rsplit(None, 1)[-1].lstrip("(,'\"")
        if _KEEP_FINAL_PERIOD_RE.fullmatch(last):
            return text
    return text[:-1].rstrip()


def _linked_name(value: str) -> str:
    """A ``Linked To`` name, without a closing parenthesis it did not open."""
    value = value.strip()
    # "(Linked To: X)" (classic XML remarks): drop the closing parenthesis we did not open.
    while value.endswith(")") and value.count(")") > value.count("("):
        value = value[:-1].rstrip()
    return value


def parse_remarks(text: str) -> list[Fact]:
    """The labelled facts in an OFAC remarks string, in the order printed.

    ``alt.`` prefixes (a second value of the same type) are dropped: the fact is the same kind.
    """
    text = strip_final_period(text)
    if not text or text == "-0-":
        return []
    facts: list[Fact] = []
    for raw in text.split(";"):
        part = raw.strip()
        if not part:
            continue
        if part.startswith("alt. "):
            part = part[5:].lstrip()
        fact = _part_fact(part)
        if fact is not None:
            facts.append(fact)
    return facts


def _part_fact(part: str) -> Fact | None:
    """The fact one remarks part states, if its label is one recognised (and it has a value)."""
    first = part[:1]
    if first in "afn" and (m := _ALIAS_RE.match(part)):
        name = m.group(2).strip()
        return (m.group(1), name, "") if name else None
    if first in "L(" and (m := _LINKED_RE.match(part)):
        name = _linked_name(m.group(1))
        return (LINKED_TO, name, "") if name else None
    if first == "D" and part.startswith("DOB "):
        return ("DOB", part[4:].strip(), "")
    if first == "P" and part.startswith("POB "):
        return ("POB", part[4:].strip(), "")
    if first in "nc" and (m := _PERSON_RE.match(part)):
        return (m.group(1), m.group(2).strip(), "")
    if first in "LEP" and (m := _DATED_RE.match(part)):
        return (canonical_label(m.group(1)), m.group(2).strip(), "")
    if (m := _LABEL_RE.match(part)) is not None:
        label, value, country = m.group(1), m.group(2).strip(), ""
        if label in COUNTRY_SUFFIX_LABELS:
            value = _DOCUMENT_DATES_RE.split(value, maxsplit=1)[0]
        if label in COUNTRY_SUFFIX_LABELS and (c := _COUNTRY_SUFFIX_RE.match(value)):
            value, country = c.group(1), c.group(2).strip()
        return (label, value, country)
    return None
