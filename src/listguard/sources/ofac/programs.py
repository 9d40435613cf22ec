"""Which listguard list an OFAC entry is on.

Every row of the SDN files is on the SDN list (``ofac-sdn``), whatever its programs. The
consolidated (non-SDN) files hold several lists in one file with no list column; only the
program tags tell them apart:

=====================================  ==================  ==================================
program tag(s)                         list id             OFAC list
=====================================  ==================  ==================================
``CMIC-EO13959``                       ``ofac-ns-cmic``    Non-SDN CMIC List
``CCMC-EO13959``                       ``ofac-ns-ccmc``    Non-SDN CCMC List (Jan-Jun 2021)
``NS-PLC``                             ``ofac-ns-plc``     Non-SDN Palestinian Legislative
                                                           Council List
``UKRAINE-EO13662``                    ``ofac-ssi``        Sectoral Sanctions Identifications
``561-Related``, ``CAPTA``             ``ofac-capta``      CAPTA List (formerly Part 561 List)
``FSE-*`` (FSE-IR, FSE-SY, ...)        ``ofac-fse``        Foreign Sanctions Evaders List
``CAATSA - RUSSIA``, ``HKAA``,         ``ofac-ns-mbs``     Non-SDN Menu-Based Sanctions List
``BURMA-EO14014``,
``ILLICIT-DRUGS-EO14059``
``RUSSIA-EO14024`` alone               ``ofac-ns-mbs``     (beside an SSI tag it means SSI)
anything else                          ``ofac-cons``       the consolidated file, unattributed
=====================================  ==================  ==================================

A row's list is the one named by its first program that names a list, so ``SDGT] [NS-PLC`` is
NS-PLC (SDGT is the person's SDN program) and ``UKRAINE-EO13662] [RUSSIA-EO14024`` is SSI.
The advanced XML states the list by name; :func:`list_id_for_list_name` reads it.
"""

from __future__ import annotations

from collections.abc import Sequence

SDN = "ofac-sdn"
CONS = "ofac-cons"
NS_CMIC = "ofac-ns-cmic"
NS_CCMC = "ofac-ns-ccmc"
NS_PLC = "ofac-ns-plc"
SSI = "ofac-ssi"
CAPTA = "ofac-capta"
FSE = "ofac-fse"
NS_MBS = "ofac-ns-mbs"

#: Every list id an OFAC importer can produce.
LIST_IDS = (SDN, NS_CMIC, NS_CCMC, NS_PLC, SSI, CAPTA, FSE, NS_MBS, CONS)

CONS_PROGRAM_LISTS: dict[str, str] = {
    "CMIC-EO13959": NS_CMIC,
    "CMIC-EO14032": NS_CMIC,  # not seen in any OFAC file; used by some third-party data
    "CCMC-EO13959": NS_CCMC,
    "NS-PLC": NS_PLC,
    "UKRAINE-EO13662": SSI,
    "561-RELATED": CAPTA,
    "CAPTA": CAPTA,
    "CAATSA - RUSSIA": NS_MBS,
    "HKAA": NS_MBS,
    "BURMA-EO14014": NS_MBS,
    "ILLICIT-DRUGS-EO14059": NS_MBS,
}
#: Programs that name a list only when no other program does.
CONS_WEAK_PROGRAM_LISTS: dict[str, str] = {"RUSSIA-EO14024": NS_MBS}


def cons_list_id(programs: Sequence[str]) -> str:
    """The list of a consolidated-file row, from its programs (see the module table)."""
    weak = ""
    for program in programs:
        key = program.strip().upper()
        found = CONS_PROGRAM_LISTS.get(key)
        if found is None and key.startswith("FSE-"):
            found = FSE
        if found is not None:
            return found
        if not weak:
            weak = CONS_WEAK_PROGRAM_LISTS.get(key, "")
    return weak or CONS


def list_id_for_list_name(name: str) -> str | None:
    """The list id for an advanced-XML ``<List>`` name; None for the umbrella lists.

    ``SDN List`` -> ``ofac-sdn``, ``Non-SDN CMIC List`` -> ``ofac-ns-cmic``, ``SSI List`` ->
    ``ofac-ssi`` ...; ``Consolidated List`` (every non-SDN entry also carries it) -> None.
    """
    low = " ".join(name.lower().replace("-", " ").split())
    if "cmic" in low or "chinese military industrial" in low:
        return NS_CMIC
    if "ccmc" in low or "communist chinese" in low:
        return NS_CCMC
    if "palestinian" in low or "plc" in low.split():
        return NS_PLC
    if "menu based" in low or "mbs" in low.split():
        return NS_MBS
    if "sectoral" in low or "ssi" in low.split():
        return SSI
    if "capta" in low or "561" in low:
        return CAPTA
    if "evaders" in low or "fse" in low.split():
        return FSE
    if low in ("sdn list", "sdn", "specially designated nationals list"):
        return SDN
    return None
