"""OFAC Consolidated (non-SDN) lists, CSV set: ``cons_prim.csv`` + ``cons_alt.csv`` +
``cons_add.csv`` + ``cons_comments.csv``.

Source: https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_PRIM.CSV
(and CONS_ALT, CONS_ADD, CONS_COMMENTS). Same layout as the SDN set (see :mod:`._csv`). The
file mixes several lists; each row's ``list_id`` comes from its programs
(:func:`~.programs.cons_list_id`): ``CMIC-EO13959`` rows are ``ofac-ns-cmic``.
"""

from __future__ import annotations

from datetime import date

from listguard.model import ListEntry
from listguard.sources._io import PathArg
from listguard.sources.ofac import programs as lists
from listguard.sources.ofac._csv import FileNames, read_set, resolve

FILES = FileNames("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")
LIST_IDS = tuple(list_id for list_id in lists.LIST_IDS if list_id != lists.SDN)


def read(
    path: PathArg,
    *,
    alt: PathArg | None = None,
    add: PathArg | None = None,
    comments: PathArg | None = None,
) -> list[ListEntry]:
    """One ListEntry per ``cons_prim.csv`` row (see :func:`.sdn_csv.read` for ``path``)."""
    files = resolve(path, FILES, alt, add, comments)
    return read_set(files, lists.cons_list_id)


def publication_date(path: PathArg) -> date | None:
    """OFAC's CSV files state no publication date."""
    return None
