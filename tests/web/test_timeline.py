"""The timeline chart's lanes, bars and markers (``service/web/timeline.py``)."""

from __future__ import annotations

from datetime import date

from listguard.registry import Registry
from listguard.service.web.timeline import chart, lanes_of


def test_xiaomi_in_force_then_enjoined_then_vacated(reg: Registry) -> None:
    (lane,) = lanes_of(reg.events("xiaomi"))
    assert lane.list_id == "dod-1237"
    assert [(b.state, b.start, b.end) for b in lane.bars] == [
        ("in_force", date(2021, 1, 14), date(2021, 3, 12)),
        ("enjoined", date(2021, 3, 12), date(2021, 5, 25))]
    kinds = [m.kind for m in lane.markers]
    assert kinds == ["listed", "note", "enjoined", "note", "note", "vacated"]
    assert "superseded" not in kinds  # the list-wide end came after the vacatur: not drawn
    assert "1:21-cv-00280" in lane.markers[2].citation


def test_a_list_wide_end_closes_an_open_span(reg: Registry) -> None:
    lanes = {lane.list_id: lane for lane in lanes_of(reg.events("china-mobile-ltd"))}
    ccmc = lanes["ofac-ns-ccmc"]
    assert ccmc.bars and all(b.end is not None for b in ccmc.bars)
    assert ccmc.markers[-1].kind in ("superseded", "removed")
    assert lanes["ofac-ns-cmic"].bars[-1].end is None  # still in force


def test_the_axis_ends_at_today_while_a_span_is_open(reg: Registry) -> None:
    today = date(2026, 12, 1)
    drawn = chart(reg.events("china-mobile-ltd"), today)
    assert drawn.start < date(2021, 1, 1) and drawn.end > today
    assert drawn.today_x is not None and 170 < drawn.today_x < drawn.width
    xiaomi = chart(reg.events("xiaomi"), today)
    assert xiaomi.end < date(2021, 8, 1) and xiaomi.today_x is None  # all closed by then
    for lane in drawn.lanes:
        xs = [m.x for m in lane.markers]
        assert xs == sorted(xs) and all(170 <= x <= drawn.width for x in xs)
