"""Screening people (issue 16), as a specification: one row per case.

Each row is a line of a customer file of people - a name as people write it, and what else the
file says (date of birth, nationality, gender, place of birth, passport, national ID) - screened
through the core (``Listguard.screen``, every row a person) against the real lists: the OFAC
SDN list of May 2024 (whole, ``tests/fixtures/ofac/sdn_2024-05_full``) and the consolidated
list of December 2025, imported the way a user imports them. ``decision`` is what the screen
must say; ``entity`` the listed person a flagged row must point at.

The listed people used (as OFAC prints them):

* PUTIN, Vladimir Vladimirovich (35096): DOB 07 Oct 1952; POB Leningrad, Russia; Russia; male.
* GURYEV, Andrey Grigoryevich (38216), born 24 Mar 1960, and GURYEV, Andrey Andreevich
  (38217), born 07 Mar 1982: two listed men of one name.
* BRIONES RUIZ, Claudia Aide (17871); ARELLANO FELIX, Ramon Eduardo (6706).
* ALSHAWA, Amer Kamal Sharif (45669): passport U12937160 (Turkey).
* ZYUGANOV, Gennady Andreyevich (35238): POB Mymrino, Oryol, Russia; male.
* KHAN, Mohammad Anwar Latif (33954): National ID No. 1590698127721 (Bangladesh).
* ZAHHAR, Mahmoud Khaled (9647): DOB 1945; weak a.k.a. ZAHAR, Mahmoud.
* MARTELLY, Michel Joseph (50476): weak a.k.a. Sweet Micky; POB Port-au-Prince, Haiti.
* KIM, Jong Un (20157): DOB 08 Jan 1984.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from listguard.api.core import Listguard

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ofac"
ON = "2025-12-31"
MATCH, REVIEW, NO = "match", "review", "no_match"
PUTIN, GURYEV_1960, GURYEV_1982 = "ofac-sdn-35096", "ofac-sdn-38216", "ofac-sdn-38217"


@dataclass(frozen=True)
class Case:
    name: str
    decision: str
    entity: str | None = None
    """The listed person a flagged row must name (None: not checked)."""
    dob: str = ""
    nationality: str = ""
    gender: str = ""
    birth_place: str = ""
    passport: str = ""
    national_id: str = ""


CASES = [
    # -- a name as people write it -------------------------------------------------------
    Case("PUTIN, Vladimir Vladimirovich", MATCH, PUTIN),  # as listed
    Case("Vladimir Vladimirovich Putin", MATCH, PUTIN),  # given names first
    Case("Vladimir Putin", MATCH, PUTIN),  # the patronymic left out
    Case("V. V. Putin", MATCH, PUTIN),  # initials
    Case("Wladimir Putin", MATCH, PUTIN),  # a German spelling
    Case("Владимир Путин", MATCH, PUTIN),  # Cyrillic
    Case("Mr. Vladimir Putin", MATCH, PUTIN),  # a title
    Case("Claudia Aide Briones Ruiz", MATCH, "ofac-sdn-17871"),
    Case("Claudia Briones", REVIEW, "ofac-sdn-17871"),  # second surname and middle name left out
    Case("Ramon Arellano Felix", REVIEW, "ofac-sdn-6706"),
    Case("Gennadiy Ziuganov", REVIEW, "ofac-sdn-35238"),  # another romanisation
    # -- common names are never a match on the name alone ---------------------------------
    Case("Mohammed Ali", REVIEW),
    Case("Maria Garcia", REVIEW),
    Case("Wei Zhang", REVIEW),
    Case("Kim Jong Un", REVIEW, "ofac-sdn-20157"),  # three common words, even as listed
    Case("Kim Jong Un", MATCH, "ofac-sdn-20157", dob="1984-01-08"),  # ... until the DOB agrees
    Case("Kim Jong Il", NO),  # a word swapped is another person
    Case("John Smith", NO),
    # -- a date of birth decides between namesakes, or rules a person out ------------------
    Case("Andrey Guryev", REVIEW),  # two listed men of that name: a person must look
    Case("Andrey Guryev", MATCH, GURYEV_1982, dob="1982-03-07"),
    Case("Andrey Guryev", MATCH, GURYEV_1960, dob="1960-03-24"),
    Case("Andrey Guryev", NO, dob="1975-05-05"),  # neither of them
    Case("Vladimir Putin", MATCH, PUTIN, dob="1952"),  # a year that fits
    Case("Vladimir Putin", NO, dob="1980-01-01"),
    Case("Wei Zhang", NO, dob="1980-03-02"),
    # -- nationality, gender, place of birth ------------------------------------------------
    Case("Vladimir Putin", MATCH, PUTIN, nationality="Russia"),
    Case("Vladimir Putin", REVIEW, PUTIN, nationality="France"),  # not the listed nationality
    # the listed MOHAMMED, Ali gives no nationality: nothing to conflict with
    Case("Mohammed Ali", REVIEW, nationality="Norway"),
    Case("Andrey Guryev", NO, nationality="Germany"),  # both listed Guryevs are Russians
    Case("Gennady Zyuganov", NO, gender="female"),  # the listed Zyuganov is a man
    Case("Gennadiy Ziuganov", REVIEW, "ofac-sdn-35238", gender="male",
         birth_place="Mymrino, Russia"),  # agreeing facts add little: still a review
    # -- identity documents decide ------------------------------------------------------------
    Case("Jane Doe", MATCH, "ofac-sdn-45669", passport="U12937160"),
    Case("Anwar Khan", MATCH, "ofac-sdn-33954", national_id="1590698127721"),
    Case("Jane Doe", NO, passport="X0000000"),  # a number no list gives
    # -- weak aliases (OFAC's low-quality a.k.a.) are a review at most on the name ------------
    Case("Sweet Micky", REVIEW, "ofac-ns-mbs-50476"),
    Case("Mahmoud Zahar", REVIEW, "ofac-sdn-9647"),
    Case("Mahmoud Zahar", REVIEW, "ofac-sdn-9647", dob="1945"),  # a year is little more
    Case("Mahmoud Zahar", NO, dob="1971-02-02"),
]


@pytest.fixture(scope="module")
def screened(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    lg = Listguard.open(tmp_path_factory.mktemp("people") / "registry.sqlite")
    lg.update([str(FIXTURES / "sdn_2024-05_full"), str(FIXTURES / "cons_2025-12")])
    frame = pd.DataFrame({
        "full name": [c.name for c in CASES], "date of birth": [c.dob for c in CASES],
        "nationality": [c.nationality for c in CASES], "gender": [c.gender for c in CASES],
        "place of birth": [c.birth_place for c in CASES],
        "passport number": [c.passport for c in CASES],
        "national id": [c.national_id for c in CASES]},
        index=pd.Index([f"row-{i}" for i in range(len(CASES))], name="customer_id"))
    return lg.screen(frame, on=ON, kind="person", progress=False)


def _id(case: Case) -> str:
    said = [v for v in (case.dob, case.nationality, case.gender, case.birth_place,
                        case.passport, case.national_id) if v]
    return "|".join([case.name, *said])


@pytest.mark.parametrize("i", range(len(CASES)), ids=[_id(c) for c in CASES])
def test_case(screened: pd.DataFrame, i: int) -> None:
    case = CASES[i]
    row = screened.loc[f"row-{i}"]
    why = str(row["explanation"])
    assert row["decision"] == case.decision, why
    if case.entity is not None:
        assert row["entity_id"] == case.entity, why


def _why(screened: pd.DataFrame, name: str, **said: str) -> str:
    for i, case in enumerate(CASES):
        if case.name == name and all(getattr(case, k) == v for k, v in said.items()):
            return str(screened.loc[f"row-{i}", "explanation"])
    raise KeyError(name)


def test_the_explanation_says_what_decided(screened: pd.DataFrame) -> None:
    assert "dob_match" in _why(screened, "Kim Jong Un", dob="1984-01-08")
    assert "common_name at most 0.80" in _why(screened, "Kim Jong Un", dob="")
    assert "country_mismatch" in _why(screened, "Vladimir Putin", nationality="France")
    assert "gender_mismatch" in _why(screened, "Gennady Zyuganov", gender="female")
    assert "birth_place_match" in _why(screened, "Gennadiy Ziuganov", gender="male")
    assert "weak_alias" in _why(screened, "Sweet Micky")
    assert "passport" in _why(screened, "Jane Doe", passport="U12937160")
    assert "initial" in _why(screened, "V. V. Putin")
