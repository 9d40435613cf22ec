"""What the lists say about people reaches the registry and the matcher, on both databases.

OFAC's consolidated list of December 2025 (``tests/fixtures/ofac/cons_2025-12``) prints, for
MARTELLY, Michel Joseph: ``DOB 12 Feb 1961; POB Port-au-Prince, Haiti; nationality Haiti;
Gender Male; ... National ID No. 0032768386 (Haiti); a.k.a. 'Sweet Micky'`` - a weak alias, in
OFAC's CSV remarks.
"""

from __future__ import annotations

from pathlib import Path

from listguard.api.core import Listguard
from listguard.matching.matcher import Query
from listguard.model import IdScheme, NameKind
from listguard.screening.adapter import matcher_from_registry

CONS = Path(__file__).resolve().parents[1] / "fixtures" / "ofac" / "cons_2025-12"
MARTELLY = "ofac-ns-mbs-50476"


def test_person_facts_are_stored_and_screened(db_target: str) -> None:
    core = Listguard.open(db_target)
    reg = core.registry
    try:
        core.update([str(CONS)])
        entity = reg.entity(MARTELLY)
        assert (entity.born, entity.gender) == ("1961-02-12", "male")
        assert entity.countries == "HT;US;DO"  # the nationality, then his addresses' countries
        assert entity.birth_places == "Port-au-Prince, Haiti"
        assert ("Sweet Micky", NameKind.WEAK) in {(n.name, n.kind) for n in reg.names(MARTELLY)}
        ids = {(i.scheme, i.value) for i in reg.identifiers(MARTELLY)}
        assert (IdScheme.NATIONAL_ID, "0032768386") in ids
        profiles = {e.id: e for e in reg.entity_profiles()}
        assert profiles[MARTELLY].birth_places == "Port-au-Prince, Haiti"

        matcher = matcher_from_registry(reg)
        by_id = matcher.match_many([Query("Someone", kind="person", extra_ids=(
            (IdScheme.NATIONAL_ID, "0032-768-386"),))])[0][0]
        assert (by_id.entity_id, by_id.decision.value) == (MARTELLY, "match")
        weak = matcher.match_many([Query("Sweet Micky", kind="person")])[0][0]
        assert (weak.entity_id, weak.decision.value) == (MARTELLY, "review")
        other_man = matcher.match_many([Query("Michel Joseph Martelly", kind="person",
                                              dob="1970-05-05")])[0]
        assert not other_man or other_man[0].decision.value == "no_match"
    finally:
        reg.close()
