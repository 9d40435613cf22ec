"""The EO 14032 windows the rules compute agree with the dates OFAC prints for all 68 entries."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from listguard.model import EventKind
from listguard.registry import Registry
from listguard.rules import eo14032
from listguard.timeutil import ny_date

NSCMIC = Path(__file__).parent / "fixtures" / "lists" / "nscmic.csv"


def test_windows_match_ofac_dates(reg: Registry) -> None:
    with NSCMIC.open(encoding="utf-8") as fh:
        ofac = {row["ofac_ent_num"]: row for row in csv.DictReader(fh)}
    listed = [e for e in reg.store.list_events("ofac-ns-cmic") if e.kind is EventKind.LISTED]
    assert len(listed) == len(ofac) == 68
    for event in listed:
        row = ofac[event.list_entry_id]
        ban, divest, _ = eo14032.windows(ny_date(event.effective))
        assert ban.date() == date.fromisoformat(row["effective_date"]), row["name"]
        assert divest.date() == date.fromisoformat(row["divestment_deadline"]), row["name"]
        assert (ban.hour, ban.minute) == (0, 1)
