"""listguard: US restriction lists, point in time.

The Python API is the core every interface uses (:class:`listguard.api.core.Listguard`)::

    import listguard

    listguard.check("Xiaomi", "buy", on="2021-03-16")   # a CheckAnswer (.verdict, .as_dict())
    listguard.status("1810 HK", on=date(2021, 3, 16))   # a StatusAnswer
    listguard.screen(frame, on=pd.Timestamp("2021-03-16"))   # the rows with their decisions

    lg = listguard.open("registry.sqlite")             # one registry, many questions
    lg.timeline("Xiaomi"); lg.lists(); lg.search("Xiaomi Corp")

The module-level functions use the default registry (``$LISTGUARD_DB`` or
``~/.local/share/listguard/registry.sqlite``), opened once. Names load on first use: importing
listguard does not load pandas or the matcher.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from listguard.api.answers import CheckAnswer
    from listguard.api.core import Listguard
    from listguard.api.results import StatusAnswer
    from listguard.model import Activity
    from listguard.screening.api import screen
    from listguard.timeutil import Instant

__version__ = "0.1.0"
__all__ = ["Listguard", "check", "open", "screen", "status"]

_default: Listguard | None = None


def open(db: str | Path | None = None) -> Listguard:
    """The core over the SQLite registry ``db`` (default: ``$LISTGUARD_DB`` or the user's)."""
    from listguard.api.core import Listguard

    return Listguard.open(db)


def _core() -> Listguard:
    global _default
    if _default is None:
        _default = open()
    return _default


def check(query: str, activity: str | Activity, on: Instant | None = None,
          known_at: Instant | None = None) -> CheckAnswer:
    """May a US person do ``activity`` with ``query`` at ``on``? (:meth:`Listguard.check`)"""
    return _core().check(query, activity, on, known_at)


def status(query: str, on: Instant | None = None,
           known_at: Instant | None = None) -> StatusAnswer:
    """Every list membership and every activity's verdict at ``on``
    (:meth:`Listguard.status`)."""
    return _core().status(query, on, known_at)


def __getattr__(name: str) -> Any:
    if name == "screen":  # imported on first use: pandas and the matcher are not light
        from listguard.screening.api import screen

        return screen
    if name == "Listguard":
        from listguard.api.core import Listguard

        return Listguard
    raise AttributeError(f"module 'listguard' has no attribute {name!r}")
