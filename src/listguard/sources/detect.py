"""Which importer reads a given file or folder.

:func:`detect` looks at file names first (OFAC's are fixed: ``sdn.csv``, ``cons_prim.csv``,
``SDN.XML`` ...) and then at the content: the XML root element, a CSV header, the first JSON
line. It returns a :class:`Detected` that can read the path; anything it cannot place raises
:class:`~listguard.sources.errors.SourceError` saying why.

===============================  ======================  =====================================
what                             kind                    reader
===============================  ======================  =====================================
folder with ``sdn.csv``          ``ofac-sdn-csv``        :func:`.ofac.sdn_csv.read` (whole set)
folder with ``cons_prim.csv``    ``ofac-cons-csv``       :func:`.ofac.cons_csv.read`
``sdn.csv`` / ``cons_prim.csv``  same                    that file alone (pass the folder to
                                                         join aliases, addresses, comments)
XML, root ``<sdnList>``          ``ofac-xml``            :func:`.ofac.xml.read_classic`
XML, root ``<Sanctions>``        ``ofac-advanced-xml``   :func:`.ofac.xml.read_advanced`
CSV with ``source,name`` header  ``csl-csv``             :func:`.csl.read_csv`
JSON ``{"results": [...]}``      ``csl-json``            :func:`.csl.read_json`
JSON lines with ``schema``       ``ftm``                 :func:`.ftm.read`
===============================  ======================  =====================================
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from listguard.model import ListEntry
from listguard.sources import csl, ftm
from listguard.sources._io import PathArg, check_file
from listguard.sources.errors import SourceError
from listguard.sources.ofac import cons_csv, sdn_csv
from listguard.sources.ofac import programs as ofac_lists
from listguard.sources.ofac import xml as ofac_xml

_SNIFF_BYTES = 65536
_SDN_SET = {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"}
_CONS_SET = {"cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"}
_COMPANIONS = (_SDN_SET | _CONS_SET) - {"sdn.csv", "cons_prim.csv"}


@dataclass(frozen=True, slots=True)
class Detected:
    """A recognised source: ``read()`` gives its ListEntries."""

    kind: str
    path: Path
    list_ids: tuple[str, ...]
    reader: Callable[[Path], list[ListEntry]]
    dater: Callable[[Path], date | None]

    def read(self) -> list[ListEntry]:
        return self.reader(self.path)

    def publication_date(self) -> date | None:
        """The publication date the file states, if any (OFAC XML, CSL JSON)."""
        return self.dater(self.path)


def _no_date(_path: Path) -> date | None:
    return None


def _sdn_file(path: Path) -> list[ListEntry]:
    return sdn_csv.read(path)


def _cons_file(path: Path) -> list[ListEntry]:
    return cons_csv.read(path)


def _cons_classic(path: Path) -> list[ListEntry]:
    return ofac_xml.read_classic(path, consolidated=True)


def _sdn_classic(path: Path) -> list[ListEntry]:
    return ofac_xml.read_classic(path, consolidated=False)


def _ftm_read(path: Path) -> list[ListEntry]:
    return ftm.read(path)


def _sdn_set(base: Path) -> Detected:
    return Detected("ofac-sdn-csv", base, sdn_csv.LIST_IDS, sdn_csv.read, sdn_csv.publication_date)


def _cons_set(base: Path) -> Detected:
    return Detected(
        "ofac-cons-csv", base, cons_csv.LIST_IDS, cons_csv.read, cons_csv.publication_date
    )


def _sdn_one(base: Path) -> Detected:
    return Detected("ofac-sdn-csv", base, sdn_csv.LIST_IDS, _sdn_file, _no_date)


def _cons_one(base: Path) -> Detected:
    return Detected("ofac-cons-csv", base, cons_csv.LIST_IDS, _cons_file, _no_date)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(path, "binary data, not a list file", line=1)
    return head


def _text_head(path: Path, head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def detect_all(path: PathArg) -> list[Detected]:
    """Every source in a folder (an OFAC CSV set counts once), or ``[detect(file)]``.

    Companion files of a CSV set (``alt.csv`` ...) are not sources of their own; other
    unrecognised files in a folder are skipped. A folder with nothing recognisable raises.
    """
    base = Path(path)
    if not base.is_dir():
        return [detect(base)]
    found: list[Detected] = []
    names = {child.name.lower(): child for child in base.iterdir() if child.is_file()}
    if "sdn.csv" in names:
        found.append(_sdn_set(base))
    if "cons_prim.csv" in names:
        found.append(_cons_set(base))
    for lower, child in sorted(names.items()):
        if lower in _SDN_SET or lower in _CONS_SET or lower.startswith("."):
            continue
        try:
            found.append(detect(child))
        except SourceError:
            continue
    if not found:
        raise SourceError(base, "no list file recognised in this folder")
    return found


def detect(path: PathArg) -> Detected:
    """The importer for one file, or for a folder holding one OFAC CSV set."""
    base = Path(path)
    if not base.exists():
        raise SourceError(base, "no such file or folder")
    if base.is_dir():
        return _one_in_folder(base)
    check_file(base)  # a device, FIFO or oversized file is refused before it is opened
    by_name = _by_name(base)
    if by_name is not None:
        return by_name
    head = _head(base)
    text = _text_head(base, head).lstrip()
    if text.startswith("<"):
        return _xml(base, head)
    if text.startswith(("{", "[")):
        return _json(base, text)
    return _csv(base, text)


def _one_in_folder(base: Path) -> Detected:
    found = detect_all(base)
    if len(found) == 1:
        return found[0]
    kinds = ", ".join(d.kind for d in found)
    raise SourceError(
        base, f"holds {len(found)} list files ({kinds}); use detect_all() or pass one file")


def _by_name(base: Path) -> Detected | None:
    """An OFAC CSV file known by its name (None: the content decides)."""
    name = base.name.lower()
    if name == "sdn.csv":
        return _sdn_one(base)
    if name == "cons_prim.csv":
        return _cons_one(base)
    if name in _COMPANIONS:
        raise SourceError(
            base, "is a companion file of an OFAC CSV set; pass its folder or the primary file")
    return None


def _xml(base: Path, head: bytes) -> Detected:
    """OFAC's classic (SDN or consolidated, by the file name) or advanced XML."""
    root = ofac_xml.sniff_root(head)
    if root == ofac_xml.CLASSIC_ROOT:
        is_cons = "cons" in base.name.lower()
        return Detected("ofac-xml", base, cons_csv.LIST_IDS if is_cons else sdn_csv.LIST_IDS,
                        _cons_classic if is_cons else _sdn_classic, ofac_xml.publication_date)
    if root == ofac_xml.ADVANCED_ROOT:
        return Detected("ofac-advanced-xml", base, ofac_lists.LIST_IDS, ofac_xml.read_advanced,
                        ofac_xml.publication_date)
    raise SourceError(base, f"XML with root <{root or '?'}> is no list format known here")


def _json(base: Path, text: str) -> Detected:
    """FollowTheMoney JSON lines, or a trade.gov CSL JSON export or search."""
    first_line = text.splitlines()[0] if text else ""
    try:
        first = json.loads(first_line)
    except json.JSONDecodeError:
        first = None
    if isinstance(first, dict) and "schema" in first and "properties" in first:
        return Detected("ftm", base, (), _ftm_read, ftm.publication_date)
    if text.startswith("[") or '"results"' in text:
        # A search of the CSL API holds what matched the search, never a whole list.
        whole = () if '"search_performed_at"' in text else csl.WHOLE_LIST_IDS
        return Detected("csl-json", base, whole, csl.read_json, csl.publication_date)
    raise SourceError(base, "JSON that is neither CSL (results) nor FtM (schema) lines")


def _csv(base: Path, text: str) -> Detected:
    """A CSL CSV (by its header), or a headerless OFAC primary file under another name."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    header = [h.strip().lower() for h in next(csv.reader([first_line]), [])]
    if "source" in header and "name" in header:
        return Detected("csl-csv", base, csl.WHOLE_LIST_IDS, csl.read_csv, _no_date)
    if len(header) == 12 and header[0].isdigit():
        return _cons_one(base) if "cons" in base.name.lower() else _sdn_one(base)
    raise SourceError(base, "not a list format known here (OFAC CSV/XML, CSL, FtM)", line=1)
