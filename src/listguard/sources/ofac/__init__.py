"""OFAC importers: the SDN and consolidated (non-SDN) lists, CSV and XML.

=====================  ==============================================================
module                 reads
=====================  ==============================================================
:mod:`.sdn_csv`        ``sdn.csv`` + ``alt.csv`` + ``add.csv`` + ``sdn_comments.csv``
:mod:`.cons_csv`       ``cons_prim.csv`` + ``cons_alt.csv`` + ``cons_add.csv`` +
                       ``cons_comments.csv``
:mod:`.xml`            ``SDN.XML`` / ``CONS.XML`` and ``SDN_ADVANCED.XML`` /
                       ``CONS_ADVANCED.XML``
:mod:`.remarks`        the remarks field, taken apart
:mod:`.programs`       program tags and list names -> list ids
=====================  ==============================================================

Each reader module has ``read(path) -> list[ListEntry]`` and ``publication_date(path)``.
"""

from listguard.sources.ofac import cons_csv, sdn_csv, xml
from listguard.sources.ofac.programs import LIST_IDS, cons_list_id, list_id_for_list_name

__all__ = ["LIST_IDS", "cons_csv", "cons_list_id", "list_id_for_list_name", "sdn_csv", "xml"]
