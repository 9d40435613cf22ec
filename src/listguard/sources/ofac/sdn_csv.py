"""OFAC SDN list, CSV set: ``sdn.csv`` + ``alt.csv`` + ``add.csv`` + ``sdn_comments.csv``.

Source: https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV
(and ALT.CSV, ADD.CSV, SDN_COMMENTS.CSV). See :mod:`._csv` for the layout. Every row is on
the SDN list (``ofac-sdn``); its programs are kept in ``programs``.
"""

from __future__ import annotations

from datetime import date

from listguard.model import ListEntry
from listguard.sources._io import PathArg
from listguard.sources.ofac import programs as lists
from listguard.sources.ofac._csv import FileNames, read_set, resolve

FILES = FileNames("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
LIST_IDS = (lists.SDN,)


def read(
    path: PathArg,
    *,
    alt: PathArg | None = None,
    add: PathArg | None = None,
    comments: PathArg | None = None,
) -> list[ListEntry]:
    """One ListEntry per ``sdn.csv`` row, with aliases, addresses and comments joined.

    ``path`` is a folder holding the files (any may be missing but ``sdn.csv``; names are
    matched case-insensitively) or the ``sdn.csv`` file itself, with the companions passed
    explicitly. Raises :class:`~listguard.sources.errors.SourceError`.
    """
    files = resolve(path, FILES, alt, add, comments)
    return read_set(files, lambda _programs: lists.SDN)


def publication_date(path: PathArg) -> date | None:
    """OFAC's CSV files state no publication date."""
    return None
