"""The review loop, on SQLite and on PostgreSQL: a proposed event, accepted, changes ``check``
exactly as the curated event would (marked unconfirmed); rejected, it changes nothing.

The registry copy first loses two curated events - the Entity List listings of SMIC and of
SMIC (Beijing), effective December 18, 2020 (85 FR 83416) - so that a real article reporting
them (``13-thompsonhine-entity-list-smic.txt``) finds them ``new``. The answers before the
removal are what the curated events gave; after accepting SMIC's proposal they must come back,
verdict, reasons, dates and deadlines alike, differing only in saying the fact is
UNCONFIRMED; SMIC (Beijing)'s proposal is rejected and its answers stay as without the event.
"""

from __future__ import annotations

from typing import Any

from listguard.api.core import Listguard
from listguard.registry import Registry
from listguard.registry.proposals import ProposalStatus

from .conftest import FIXTURES

ARTICLE = str(FIXTURES / "13-thompsonhine-entity-list-smic.txt")
ASKED = [("2020-12-17", None), ("2020-12-18T12:00", None), ("2021-06-01", None),
         ("2024-01-02", None), ("2021-06-01", "2020-12-17"), ("2026-07-01", None)]
"""(on, known_at): before the listing, on its day, after, and as known before it."""
PARTIES = {"smic": "0981 HK",
           "smic-beijing": "Semiconductor Manufacturing International (Beijing) Corporation"}


def answers(lg: Listguard, entity: str) -> list[dict[str, Any]]:
    out = []
    for on, known in ASKED:
        for activity in ("export", "invest"):
            out.append(lg.check(PARTIES[entity], activity, on, known).as_dict())
    return out


def without_certainty(value: Any) -> Any:
    """An answer less what says how sure it is: ``confirmed``, the citations and message."""
    if isinstance(value, dict):
        return {k: without_certainty(v) for k, v in value.items()
                if k not in ("confirmed", "citation", "message")}
    if isinstance(value, list):
        return [without_certainty(v) for v in value]
    return value


def remove_curated(target: str, *entities: str) -> None:
    reg = Registry.open(target)
    with reg.store.transaction(write=True):
        for entity in entities or tuple(PARTIES):
            reg.store.execute("DELETE FROM events WHERE list_id = 'bis-entity-list' AND "
                              "entity_id = ? AND proposal IS NULL", (entity,))
    reg.close()


def test_accepted_counts_as_curated_rejected_changes_nothing(db_target: str) -> None:
    remove_curated(db_target, "smic-beijing")  # the world the test ends in: SMIC listed
    curated = answers(Listguard.open(db_target), "smic")
    rejected_before = answers(Listguard.open(db_target), "smic-beijing")
    remove_curated(db_target, "smic")
    missing = answers(Listguard.open(db_target), "smic")
    assert [a["verdict"] for a in missing] != [a["verdict"] for a in curated]

    lg = Listguard.open(db_target)
    reading = lg.news_read(ARTICLE, propose=True)
    new = {c.entity_id: c for c in reading.claims if c.verdict.status == "new"}
    assert set(new) == set(PARTIES)
    proposed = {p["entity_id"]: p for p in reading.proposals}
    assert {p["kind"] for p in proposed.values()} == {"listed"}
    assert all(p["effective"] == "2020-12-18" and not p["official"] for p in proposed.values())
    waiting = lg.news_review()
    assert {p.entity_id for p in waiting} == set(PARTIES)

    accepted = lg.news_decide(proposed["smic"]["id"], True, "matches 85 FR 83416")
    rejected = lg.news_decide(proposed["smic-beijing"]["id"], False, "checking the FR first")
    assert accepted.status is ProposalStatus.ACCEPTED and not accepted.official
    assert rejected.status is ProposalStatus.REJECTED

    after = Listguard.open(db_target)
    smic = answers(after, "smic")
    assert without_certainty(smic) == without_certainty(curated)
    for got, was in zip(smic, curated, strict=True):
        news = [r for r in got["reasons"] if r["list"] == "bis-entity-list"
                and "listing: " in (r["citation"] or "")]
        for reason in news:  # the reasons resting on the news event say so
            assert reason["confirmed"] is False and reason["citation"].endswith("[UNCONFIRMED]")
            assert "listing: news report: " in reason["citation"]
        if news and got["verdict"] in ("license_required", "prohibited"):
            assert got["confirmed"] is False and was["confirmed"] is True
            assert got["message"].endswith("(rests on a fact marked UNCONFIRMED)")
    assert answers(after, "smic-beijing") == rejected_before  # rejected: no change

    records = after.audit_export("jsonl")
    for action in ("news.propose", "news.accept", "news.reject"):
        assert f'"action":"{action}"' in records
    assert after.audit_verify().ok


def test_an_official_citation_confirms_the_event(db_target: str) -> None:
    remove_curated(db_target, "smic-beijing")
    curated = answers(Listguard.open(db_target), "smic")
    remove_curated(db_target, "smic")
    lg = Listguard.open(db_target)
    reading = lg.news_read(ARTICLE, propose=True)
    pid = next(p["id"] for p in reading.proposals if p["entity_id"] == "smic")
    lg.news_decide(pid, True)
    lg.news_attach(pid, "85 FR 83416 (Dec 22, 2020), FR Doc 2020-28031")
    after = Listguard.open(db_target)
    got = answers(after, "smic")
    assert without_certainty(got) == without_certainty(curated)
    assert [a["confirmed"] for a in got] == [a["confirmed"] for a in curated]
    reg = Registry.open(db_target)
    reg.refresh_curated(force=True)  # a rebuild of the curated data keeps accepted events
    assert any(e.citation.startswith("85 FR 83416 (Dec 22, 2020), FR Doc 2020-28031")
               and e.list_id == "bis-entity-list" for e in reg.events("smic"))
    reg.close()


def test_a_proposal_is_decided_once_and_a_rejection_needs_a_reason(db_target: str) -> None:
    import pytest

    from listguard.errors import UsageError

    remove_curated(db_target)
    lg = Listguard.open(db_target)
    reading = lg.news_read(ARTICLE, propose=True)
    again = lg.news_read(ARTICLE, propose=True)  # the same event is proposed once
    assert [p["id"] for p in again.proposals] == [p["id"] for p in reading.proposals]
    assert not any(p["new"] for p in again.proposals)
    pid = reading.proposals[0]["id"]
    with pytest.raises(UsageError, match="comment"):
        lg.news_decide(pid, False, "  ")
    lg.news_decide(pid, True)
    with pytest.raises(UsageError, match="already accepted"):
        lg.news_decide(pid, False, "too late")
    with pytest.raises(UsageError, match="no proposal"):
        lg.news_decide("P-00000000", True)
    assert [p.id for p in lg.news_review("accepted")] == [pid]
