# ruff: noqa: E501  (a data-heavy one-off script: long source citations are kept on one line)
"""One-off generator for the curated list data in ``src/listguard/data/``.

Reads the sourced research tables in ``../shared`` (beside the checkout) and writes
``entities.csv``, ``names.csv``, ``identifiers.csv``, ``links.csv`` and ``events.csv``.
The product never reads ``../shared``: the CSVs written here are the product, and they are
meant to be reviewed and hand-edited afterwards.  Re-running this script overwrites them.

    .venv/bin/python tools/curate_bootstrap.py [--check]

Every judgement call (which rows are the same company, which absence from a roster is a
removal, which date to use) is written out below as data, with the reason next to it, so a
reviewer can audit it without reading the merge code.

Conventions used for the output (beyond ``data/README.md``):

* ``entities.country`` is the ISO code of the entity's address as OFAC prints it in
  CONS_ADD (Hong Kong addresses -> ``HK``); it is left empty when OFAC gives addresses in two
  countries or when no source gives one.
* 1260H citations name the DoD edition (and the Federal Register where known); the rosters
  were read from the opensanctions transcription, which is named as the secondary source.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from listguard.normalize import clean_text, isin_valid, name_key  # noqa: E402

SHARED = ROOT.parent / "shared"
LISTS = SHARED / "data" / "lists"
OFAC_DIR = SHARED / "data" / "ofac" / "cons_2025-12"
OUT = ROOT / "src" / "listguard" / "data"

# ------------------------------------------------------------------------------------------
# Source citations used more than once
# ------------------------------------------------------------------------------------------

OFAC_CONS = "OFAC Consolidated Non-SDN list CONS_PRIM/CONS_ALT (snapshot Dec 2025, moov-io/watchman testdata @ fca231b0)"
OFAC_ADD = "OFAC CONS_ADD (snapshot Dec 2025)"
OS_1260H = "roster via opensanctions us/dod_chinese_milcorps @ f33cff233"

T_CITE = {
    "T1": "DoD s.1237 tranche 1 list 'Qualifying Entities Prepared in Response to Section 1237' "
    "(media.defense.gov/2020/Aug/28/2002486659, not viewed), released with DoD letter to Sen. Cotton "
    "of June 24, 2020; names per Hogan Lovells alert (JD Supra); release date per Arent Fox",
    "T2-3": "DoD s.1237 tranches 2-3, DoD statement of Aug 28, 2020 as quoted by Sputnik "
    "(urdupoint.com 1014568/1014658); PDF media.defense.gov/2020/Aug/28/2002486689 (not viewed)",
    "T4": "DoD release 'DOD Releases List of Additional Companies, In Accordance With Section 1237 "
    "of FY99 NDAA', Dec 3, 2020 (defense.gov Article 2434513); names per Thompson Hine, "
    "mrwatchlist.com 2020-12-07",
    "T5": "DoD release of Jan 14, 2021 (tranche 5) as transcribed by mrwatchlist.com 2021-01-14; "
    "corroborated by urdupoint.com (Sputnik) 2021-01-15",
}
T_SHORT = {
    "T1": "Hogan Lovells transcription via JD Supra",
    "T2-3": "DoD statement quoted by Sputnik, urdupoint.com",
    "T4": "Thompson Hine / mrwatchlist.com transcriptions",
    "T5": "mrwatchlist.com hand transcription",
}
T_DATE = {"T1": "2020-06-24", "T2-3": "2020-08-28", "T4": "2020-12-03", "T5": "2021-01-14"}

E1260 = ["2021-06-03", "2022-10-05", "2024-01-31", "2025-01-07", "2026-06-08"]
E1260_CITE = {
    "2021-06-03": "DoD s.1260H list of June 3, 2021; 86 FR 33994 (June 28, 2021), FR Doc 2021-13753",
    "2022-10-05": "DoD s.1260H list update of Oct 5, 2022 (insidedefense.com 2022-10-05)",
    "2024-01-31": "DoD s.1260H list of Jan 31, 2024, media.defense.gov/2024/Jan/31/2003384819/-1/-1/0/1260H-LIST.PDF",
    "2025-01-07": "DoD s.1260H list of Jan 7, 2025, media.defense.gov/2025/Jan/07/2003625471/-1/-1/1/"
    "ENTITIES-IDENTIFIED-AS-CHINESE-MILITARY-COMPANIES-OPERATING-IN-THE-UNITED-STATES.PDF",
    "2026-06-08": "DoD s.1260H list of June 8, 2026, media.defense.gov/2026/Jun/08/2003945537/-1/-1/1/"
    "ENTITIES-IDENTIFIED-AS-CHINESE-MILITARY-COMPANIES-OPERATING-IN-THE-UNITED-STATES-IN-ACCORDANCE-WITH-SECTION-1260H.PDF",
}

CMIC_ANNEX_CITE = (
    "EO 14032 Annex, 86 FR 30145 (June 7, 2021), FR Doc 2021-12019; "
    "OFAC CONS_PRIM 'Listing Date (CMIC) 03 Jun 2021'"
)
CMIC_LATER_CITE = {
    "2021-12-10": "OFAC CONS_PRIM 'Listing Date (CMIC) 10 Dec 2021'; Seward & Kissel 2021-12-20",
    "2021-12-16": "OFAC CONS_PRIM 'Listing Date (CMIC) 16 Dec 2021'; Thompson Hine 2021-12; "
    "Seward & Kissel 2021-12-20",
}

# ------------------------------------------------------------------------------------------
# Entity ids: NS-CMIC entries by OFAC ent num, and the 44 s.1237 designations by table row
# ------------------------------------------------------------------------------------------

CMIC_IDS = {
    "30902": "aecc",
    "32084": "aerospace-ch-uav",
    "32073": "aerospace-communications-holdings",
    "32129": "aerosun",
    "32028": "anhui-greatwall",
    "30925": "avic",
    "32082": "avic-aviation-high-tech",
    "32053": "avic-heavy-machinery",
    "32055": "avic-jonhon",
    "32056": "avic-shenyang-aircraft",
    "32052": "avic-xian-aircraft",
    "32102": "changsha-jingjia",
    "30927": "calt",
    "30928": "casic",
    "30929": "casc",
    "32085": "catec",
    "32090": "china-avionics-systems",
    "30930": "cccc",
    "32072": "cccg",
    "30932": "cec",
    "30936": "cetc",
    "30937": "cgn",
    "32103": "china-marine-information-electronics",
    "30944": "china-mobile-group",
    "30923": "china-mobile-ltd",
    "30954": "cnnc",
    "30956": "cnooc-group",
    "30957": "norinco",
    "30958": "cnecc",
    "30959": "crcc",
    "32069": "china-satcom",
    "32100": "csic-ltd",
    "32106": "csic-power",
    "30933": "csgc",
    "30934": "china-spacesat",
    "30938": "cssc",
    "30882": "china-telecom-ltd",
    "30939": "china-telecom-group",
    "30924": "china-unicom-hk",
    "30942": "china-unicom-group",
    "30926": "cnooc-ltd",
    "32107": "costar",
    "32079": "comec",
    "32077": "fujian-torch",
    "32101": "guizhou-space-appliance",
    "30946": "hikvision",
    "32087": "huawei-holding",
    "30947": "huawei",
    "32078": "inner-mongolia-first-machinery",
    "30949": "inspur",
    "32088": "jiangxi-hongdu",
    "32128": "nanjing-panda",
    "32130": "north-navigation-control",
    "30950": "panda-electronics-group",
    "32089": "proven-glory",
    "32091": "proven-honour",
    "30951": "smic",
    "32131": "shaanxi-zhongtian-rocket",
    "32153": "zemic",
    "33114": "sensetime",
    "33112": "cloudwalk",
    "33113": "sugon",
    "33894": "leon-technology",
    "33091": "megvii",
    "33895": "netposa",
    "33111": "dji",
    "33896": "meiya-pico",
    "33893": "yitu",
}

# s.1237 name (as in ccmc_1237.csv) -> entity id.  Where the id is an NS-CMIC id the merge
# rests on ccmc_1237.csv's `later_status_and_notes` ("in EO 14032 Annex [as X]") or, for
# Sugon, "added to NS-CMIC by OFAC 16 Dec 2021".
CCMC_IDS = {
    "Aviation Industry Corporation of China": "avic",
    "China Aerospace Science and Technology Corporation": "casc",
    "China Aerospace Science and Industry Corporation": "casic",
    "China Electronics Technology Group Corporation": "cetc",
    "China South Industries Group Corporation": "csgc",
    "China Shipbuilding Industry Corporation": "csic-group",
    "China State Shipbuilding Corporation": "cssc",
    "China North Industries Group Corporation": "norinco",
    "Hangzhou Hikvision Digital Technology Co., Ltd.": "hikvision",
    "Huawei": "huawei",
    "Inspur Group": "inspur",
    "Aero Engine Corporation of China": "aecc",
    "China Railway Construction Corporation": "crcc",
    "CRRC Corp.": "crrc",
    "Panda Electronics Group": "panda-electronics-group",
    "Dawning Information Industry Co.": "sugon",
    "China Mobile Communications Group": "china-mobile-group",
    "China General Nuclear Power Corp.": "cgn",
    "China National Nuclear Corp.": "cnnc",
    "China Telecommunications Corp.": "china-telecom-group",
    "China Communications Construction Company": "cccc",
    "China Academy of Launch Vehicle Technology": "calt",
    "China Spacesat": "china-spacesat",
    "China United Network Communications Group Co Ltd": "china-unicom-group",
    "China Electronics Corporation": "cec",
    "China National Chemical Engineering Group Co., Ltd.": "cncec",
    "China National Chemical Corporation": "chemchina",
    "Sinochem Group Co Ltd": "sinochem",
    "China State Construction Group Co., Ltd.": "china-state-construction-group",
    "China Three Gorges Corporation Limited": "ctg",
    "China Nuclear Engineering & Construction Corporation": "cnecc",
    "China Construction Technology Co. Ltd.": "cctc",
    "China International Engineering Consulting Corp.": "ciecc",
    "China National Offshore Oil Corp.": "cnooc-group",
    "Semiconductor Manufacturing International Corp.": "smic",
    "Advanced Micro-Fabrication Equipment Inc.": "amec",
    "Luokong Technology Corporation": "luokung",
    "Xiaomi Corporation": "xiaomi",
    "Beijing Zhongguancun Development Investment Center": "zhongguancun-development-investment",
    "GOWIN Semiconductor Corp": "gowin",
    "Grand China Air Co. Ltd": "grand-china-air",
    "Global Tone Communication Technology Co. Ltd": "gtcom",
    "China National Aviation Holding Co. Ltd": "cnah",
    "Commercial Aircraft Corporation of China, Ltd.": "comac",
}

# Readable case for OFAC names that proper_case() gets wrong.
CMIC_NAMES = {
    "netposa": "NetPosa Technologies Limited",
    "cloudwalk": "CloudWalk Technology Co., Ltd.",
    "sensetime": "SenseTime Group Limited",
    "china-spacesat": "China SpaceSat Co., Ltd.",
    "china-satcom": "China Satellite Communications Co., Ltd.",
}

# Display names for entities whose best name is not simply the list name.
NAME_OVERRIDES = {
    "luokung": "Luokung Technology Corp.",
    "xiaomi": "Xiaomi Corporation",
    "huawei": "Huawei Technologies Co., Ltd.",
    "dji": "SZ DJI Technology Co., Ltd.",
    "csic-group": "China Shipbuilding Industry Corporation",
    "cnah": "China National Aviation Holding Co. Ltd",
    "grand-china-air": "Grand China Air Co. Ltd",
    "gowin": "GOWIN Semiconductor Corp",
    "zhongguancun-development-investment": "Beijing Zhongguancun Development Investment Center",
    "sinochem": "Sinochem Group Co., Ltd.",
    "china-state-construction-group": "China State Construction Group Co., Ltd.",
}

# ------------------------------------------------------------------------------------------
# Section 1260H: rows that are the same company under another printed name.
# Keyed by listguard.normalize.name_key of the printed name (trailing "(ACRONYM)" removed).
# ------------------------------------------------------------------------------------------

H_SAME = {
    # OFAC gives "CHINA TELECOM GROUP CO., LTD." as an a.k.a. of CHINA TELECOMMUNICATIONS
    # CORPORATION (ent 30939), the s.1237 designee.
    "china telecom group": (
        "china-telecom-group",
        "OFAC a.k.a. of CHINA TELECOMMUNICATIONS CORPORATION (ent 30939)",
    ),
    # The 2025 roster prints "AVIC Airborne Systems Co., Ltd. (formerly China Avionics
    # Systems Co., Ltd.)"; OFAC's CHINA AVIONICS SYSTEMS COMPANY LIMITED has that a.k.a.
    "avic airborne systems": (
        "china-avionics-systems",
        "DoD 2025/2026 print 'formerly China Avionics Systems Co., Ltd.'",
    ),
    # 2026 prints "AVIC Chengdu Aircraft Co., Ltd. (formerly Zhonghang Electronic Measuring
    # Instruments Company Limited (ZEMIC))".
    "avic chengdu aircraft": (
        "zemic",
        "DoD 2026 print 'formerly Zhonghang Electronic Measuring Instruments Company Limited (ZEMIC)'",
    ),
    # OFAC a.k.a. XI'AN AIRCRAFT INDUSTRY GROUP CO LTD of ent 32052, and 2026 print
    # "AVIC Xi'an ... (formerly Xi'an Aircraft Industry Group Co., Ltd.)".  The 2025 roster
    # printed it as a separate line as well.
    "xi an aircraft industry group": (
        "avic-xian-aircraft",
        "OFAC a.k.a. of ent 32052; DoD 2026 print 'formerly Xi'an Aircraft Industry Group Co., Ltd.'",
    ),
    # SZ = Shenzhen; the 2025->2026 rosters rename the line and its subsidiary's parent alike;
    # OFAC's SZ DJI TECHNOLOGY CO., LTD. (ent 33111) is the same company.
    "shenzhen dji innovation technology": (
        "dji",
        "same company as OFAC's SZ DJI Technology Co., Ltd. (SZ = Shenzhen); the 2026 roster renames the line and its subsidiary's parent",
    ),
    "shenzhen dji technology": (
        "dji",
        "SZ = Shenzhen; OFAC ent 33111 is SZ DJI Technology Co., Ltd.",
    ),
    # Meiya Pico renamed itself SDIC Intelligence (Xiamen) Information Co., Ltd. (300188):
    # reportify.ai summary of its 2024 Q2 report ("formerly 'Meiya Pico', stock code 300188").
    "sdic intelligence xiamen information": (
        "meiya-pico",
        "renamed from Xiamen Meiya Pico Information Co., Ltd. (reportify.ai, 300188 2024 Q2 report)",
    ),
    # 2026 prints "Hesai Group (also known as Hesai Technology Co., Ltd.)".
    "hesai group": (
        "hesai",
        "DoD 2026 print 'Hesai Group (also known as Hesai Technology Co., Ltd.)'",
    ),
    # SMIC's English name for 中芯北方集成电路制造(北京)有限公司; the 2025 edition's count of
    # six removals (Squire Patton Boggs) only adds up if this line is a rename.
    "semiconductor manufacturing north china beijing": (
        "smic-north-china",
        "English name variant of SMIC Northern Integrated Circuit Manufacturing (Beijing); DoD's 2025 removal count implies a rename",
    ),
    "smic northern integrated circuit manufacturing beijing": ("smic-north-china", ""),
    # 2026 "formerly" renames of CETC / other subsidiaries.
    "cheng du westone information industry": ("cetc-cyberspace-security", ""),
    "cetc cyberspace security technology": (
        "cetc-cyberspace-security",
        "DoD 2026 print 'formerly Chen Du Westone Information Industry Co., Ltd.'",
    ),
    "shanghai east china computer": ("cetc-digital-technology", ""),
    "cetc digital technology": (
        "cetc-digital-technology",
        "DoD 2026 print 'formerly Shanghai East China Computer Co., Ltd.'",
    ),
    "guangzhou gci science and technology": ("cetc-potevio", ""),
    "cetc potevio science and technology": (
        "cetc-potevio",
        "DoD 2026 print 'formerly Guangzhou GCI Science & Technology Co., Ltd.'",
    ),
    "phoenix optics": ("phenix-optical", ""),
    "phenix optical": (
        "phenix-optical",
        "DoD 2026 print 'formerly Phoenix Optics Company Limited'",
    ),
    "china unicom group bvi": ("china-unicom-group-bvi", ""),
    "china unicom group corporation bvi": (
        "china-unicom-group-bvi",
        "2025 prints 'China Unicom Group (BVI) Co., Ltd.', 2026 'China Unicom Group Corporation (BVI) Co., Ltd.': treated as one line",
    ),
    # AMEC: DoD s.1237 printed "Advanced Micro-Fabrication Equipment Inc, (AMEC)", 1260H
    # "Advanced Micro-Fabrication Equipment Inc. China (AMEC)": same acronym, same company.
    "advanced micro fabrication equipment china": (
        "amec",
        "same acronym AMEC and name as the s.1237 designee",
    ),
    # Two 2026 lines whose wording differs from a 2025 line with the same parent, with no
    # "formerly" in the print.  Treated as renames because (a) neither is in the withdrawn
    # Feb 2026 notice's drop list, which otherwise predicts exactly the ten lines the June
    # roster drops, and (b) Squire Patton Boggs' count of 65 additions matches only then.
    "china communications constructions usa": ("cccc-usa", ""),
    "china communications construction usa": (
        "cccc-usa",
        "probable rename of the 2025 line 'China Communications Constructions USA, Inc.'",
    ),
    "guangzhou wenchong shipyard": ("guangzhou-wenchuan-heavy-industry", ""),
    "guangzhou wenchuan heavy industry": (
        "guangzhou-wenchuan-heavy-industry",
        "probable rename of the 2025 line 'Guangzhou Wenchong Shipyard Co., Ltd.'",
    ),
}

# Short printed names that would be poor screening aliases (a region, a typo).
H_SKIP_ALIASES = {"Inner Mongolia", "Inner Monoglia"}

# 1260H entities not on the other lists: readable ids where the slug would be poor.
H_IDS = {
    "360 security technology": "qihoo-360",
    "beijing zhidao chuangyu information technology": "knownsec",
    "bgi genomics": "bgi-genomics",
    "bgi group": "bgi-group",
    "beijing megvii technology": "beijing-megvii",
    "shanghai yitu network technology": "shanghai-yitu",
    "idg capital partners": "idg-capital",
    "china state construction engineering": "cscec",
    "cnooc china": "cnooc-china",
    "cnooc international trading": "cnooc-international-trading",
    "hesai technology": "hesai",
    "tencent holdings": "tencent",
    "contemporary amperex technology": "catl",
    "zhejiang dahua technology": "dahua",
    "chengdu dahua wisdom information technology": "chengdu-dahua-wisdom",
    "yangtze memory technologies": "ymtc",
    "changxin memory technologies": "cxmt",
    "china international marine containers group": "cimc",
    "china cosco shipping": "cosco-shipping",
    "cosco shipping north america": "cosco-shipping-north-america",
    "14th research institute of cetc": "cetc-14th-research-institute",
    "15th research institute of cetc": "cetc-15th-research-institute",
    "the 6th research institute of cec": "cec-6th-research-institute",
    "china south industries group corporation no 59 research institute": "csgc-59th-research-institute",
    "merit automotive electronics systems s l u": "merit-automotive-electronics-systems",
    "changan us r and d center": "changan-us-rd-center",
    "xi an aerospace tianhua data technology": "xian-aerospace-tianhua-data-technology",
    "sichuan jian an industry": "sichuan-jianan-industry",
    "shenzhen consys science and technology": "consys",
    "chengdu jouav automation tech": "jouav",
    "chengdu m and s electronics technology": "chengdu-m-and-s-electronics",
    "wuhan geosun navigation technology": "geosun",
    "guizhou aviation technical development": "guizhou-aviation-technical-development",
    "global tone communication technology": "gtcom",
    "gtcom technology": "gtcom-us",
    "comac america": "comac-america",
    "shanghai aircraft manufacturing": "shanghai-aircraft-manufacturing",
    "beijing aeronautical science and technology research institute": "comac-beijing-research-center",
    "forensic genomics international": "forensic-genomics-international",
    "mgi tech": "mgi-tech",
    "china shipbuilding trading": "china-shipbuilding-trading",
    "china cargo airlines": "china-cargo-airlines",
    "china national chemical engineering": "cnce-co",
    "china unicom bvi": "china-unicom-bvi",
    "china united network communications": "china-unicom-a-share",
    "semiconductor manufacturing international beijing": "smic-beijing",
    "semiconductor manufacturing international shenzhen": "smic-shenzhen",
    "semiconductor manufacturing international tianjin": "smic-tianjin",
    "semiconductor manufacturing south china": "smic-south-china",
    "smic holdings": "smic-holdings",
    "smic semiconductor manufacturing shanghai": "smic-shanghai",
    "smic hong kong international": "smic-hong-kong-international",
    "smic americas": "smic-americas",
    "alibaba group holding": "alibaba",
    "baidu": "baidu",
    "boe technology group": "boe",
    "byd": "byd",
    "calb group": "calb",
    "eve energy": "eve-energy",
    "ja solar technology": "ja-solar",
    "trina solar": "trina-solar",
    "nio": "nio",
    "tp link technologies": "tp-link",
    "wuxi apptec": "wuxi-apptec",
    "robosense technology": "robosense",
    "hangzhou yushu technology": "unitree",
    "zhongji innolight": "innolight",
    "tianma microelectronics": "tianma",
    "novogene": "novogene",
    "quectel wireless solutions": "quectel",
    "sinotrans and csc holdings": "sinotrans",
    "autel robotics": "autel-robotics",
    "autel intelligent technology": "autel-intelligent-technology",
    "baicells technologies": "baicells",
    "origincell technology": "origincell",
    "china telecom satellite communications": "china-telecom-satellite",
    "china mobile hong kong bvi": "china-mobile-hk-bvi",
    "china airport construction group": "china-airport-construction-group",
    "china construction america": "china-construction-america",
    "china traffic construction usa": "china-traffic-construction-usa",
    "china international information services": "china-international-information-services",
    "china ic capital": "china-ic-capital",
    "sdic intelligence xiamen information": "meiya-pico",
}

# Relations where the 1260H `parent` column is, to our knowledge, the wrong way round; not
# written as links (reported instead).
H_PARENT_SKIP = {("china-state-construction-group", "cscec")}

# ------------------------------------------------------------------------------------------
# Chinese-script names beyond chinese_names.csv (each with the page that states it)
# ------------------------------------------------------------------------------------------

EXTRA_CHINESE = [
    (
        "tencent",
        "腾讯控股有限公司",
        "zh-Hans",
        "Wikipedia 'Tencent' infobox, Simplified Chinese (mirror http://conceptmap.cfapps.io/wikipage?lang=en&name=Tencent)",
    ),
    (
        "tencent",
        "騰訊控股有限公司",
        "zh-Hant",
        "Wikipedia 'Tencent' infobox, Traditional Chinese (same mirror)",
    ),
    (
        "catl",
        "寧德時代新能源科技股份有限公司",
        "zh-Hant",
        "CATL HKEX prospectus of May 12, 2025, cover page (copy at sdyanbao.com/detail/887281)",
    ),
    (
        "hesai",
        "禾賽科技",
        "zh-Hant",
        "Hesai Group HKEX notices (stock code 2525), Jan 26, 2026 (reportify.cn HK:02525 documents)",
    ),
    (
        "meiya-pico",
        "国投智能(厦门)信息股份有限公司",
        "zh-Hans",
        "company rules of Aug 2024, stock 300188 (reportify.ai SZ:300188 documents); current name after the SDIC rename",
    ),
    (
        "dji",
        "大疆创新科技有限公司",
        "zh-Hans",
        "uavsystemsinternational.com 'What does DJI mean?' (short form, without the 深圳市 prefix)",
    ),
]

# ------------------------------------------------------------------------------------------

OFAC_ACRONYMS = {
    "AECC",
    "AEROCOM",
    "AVIC",
    "CALT",
    "CASC",
    "CASIC",
    "CATEC",
    "CCCG",
    "CEC",
    "CETC",
    "CGN",
    "CNEC",
    "CNECC",
    "CNIGC",
    "CNNC",
    "CNOOC",
    "COMEC",
    "CRCC",
    "CSC",
    "CSGC",
    "CSICL",
    "CSICP",
    "CSIGC",
    "CSSC",
    "FIRMACO",
    "HDAA",
    "NORINCO",
    "SACO",
    "SMIC",
    "ZEMIC",
}

LEGAL_UPPER = {
    "AVIC",
    "CSSC",
    "CH",
    "UAV",
    "SZ",
    "DJI",
    "CNOOC",
    "II",
    "SMIC",
    "CGN",
    "CNNC",
}
SMALL = {"of", "and", "the", "for", "in"}


def proper_case(name: str) -> str:
    """OFAC's upper-case names in a readable case: 'CO., LTD.' -> 'Co., Ltd.'."""
    out = []
    for i, tok in enumerate(name.split(" ")):
        core = re.sub(r"[^A-Za-z']", "", tok)
        if core.upper() in LEGAL_UPPER:
            out.append(tok)
            continue
        low = tok.lower()
        if i > 0 and low in SMALL:
            out.append(low)
            continue
        # capitalise each alphabetic run: "(HONG" -> "(Hong", "HIGH-TECHNOLOGY" -> "High-Technology"
        out.append(re.sub(r"[A-Za-z][A-Za-z']*", lambda m: m.group(0).capitalize(), low))
    return " ".join(out).replace("Xi'an", "Xi'an")


def norm_space(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u2019", "'")).strip()


def is_acronym(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Z0-9&\-]{2,10}( [A-Z0-9&\-]{2,6})?", s))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass
class Ent:
    id: str
    name: str
    country: str = ""
    notes: list[str] = field(default_factory=list)
    lists: set[str] = field(default_factory=set)


class Registry:
    def __init__(self) -> None:
        self.ents: dict[str, Ent] = {}
        self.names: list[dict[str, str]] = []
        self.ids: list[dict[str, str]] = []
        self.links: list[dict[str, str]] = []
        self.events: list[dict[str, str]] = []
        self.key_index: dict[str, str] = {}
        self.merges: list[tuple[str, str, str]] = []

    def ent(self, eid: str, name: str = "") -> Ent:
        if eid not in self.ents:
            self.ents[eid] = Ent(eid, name)
        elif name and not self.ents[eid].name:
            self.ents[eid].name = name
        return self.ents[eid]

    def note(self, eid: str, text: str) -> None:
        if text and text not in self.ents[eid].notes:
            self.ents[eid].notes.append(text)

    def name(self, eid: str, name: str, kind: str, source: str, lang: str = "") -> None:
        name = norm_space(name) if kind != "chinese" else name.strip()
        if name:
            self.names.append(
                {"entity_id": eid, "name": name, "kind": kind, "lang": lang, "source": source}
            )

    def ident(self, eid: str, scheme: str, value: str, source: str) -> None:
        self.ids.append({"entity_id": eid, "scheme": scheme, "value": value, "source": source})

    def link(self, sub: str, obj: str, source: str) -> None:
        if sub != obj:
            self.links.append(
                {"subject_id": sub, "relation": "subsidiary_of", "object_id": obj, "source": source}
            )

    def event(
        self,
        eid: str,
        list_id: str,
        kind: str,
        effective: str,
        citation: str,
        *,
        published: str = "",
        entry: str = "",
        listed_name: str = "",
        confirmed: bool = True,
        note: str = "",
    ) -> None:
        if eid:
            self.ents[eid].lists.add(list_id)
        self.events.append(
            {
                "entity_id": eid,
                "list_id": list_id,
                "kind": kind,
                "effective": effective,
                "published": "" if published == effective[:10] else published,
                "list_entry_id": entry,
                "listed_name": listed_name,
                "citation": citation,
                "confirmed": "yes" if confirmed else "no",
                "note": note,
            }
        )

    def index(self, eid: str, name: str) -> None:
        key = name_key(norm_space(name))
        if key and key not in self.key_index:
            self.key_index[key] = eid


# ------------------------------------------------------------------------------------------


def ofac_extras() -> tuple[dict[str, str], dict[str, list[str]]]:
    """Country per ent num (from CONS_ADD) and LEIs (from CONS_PRIM remarks)."""
    prim = {}
    with (OFAC_DIR / "cons_prim.csv").open(encoding="latin-1", newline="") as fh:
        for r in csv.reader(fh):
            if len(r) > 11 and "CMIC" in r[3]:
                prim[r[0]] = r[11]
    countries: dict[str, set[str]] = defaultdict(set)
    with (OFAC_DIR / "cons_add.csv").open(encoding="latin-1", newline="") as fh:
        for r in csv.reader(fh):
            if r and r[0] in prim:
                city, country = r[3].strip(), r[4].strip()
                if country == "China":
                    countries[r[0]].add("HK" if "Hong Kong" in city else "CN")
                elif country == "Cayman Islands":
                    countries[r[0]].add("KY")
                elif country == "Virgin Islands, British":
                    countries[r[0]].add("VG")
    country = {
        k: next(iter(v)) if len(v) == 1 else "/".join(sorted(v)) for k, v in countries.items()
    }
    leis = {k: re.findall(r"Legal Entity Number ([0-9A-Z]{20})", v) for k, v in prim.items()}
    return country, {k: v for k, v in leis.items() if v}


def build() -> Registry:
    reg = Registry()
    country, leis = ofac_extras()

    # --- NS-CMIC ---------------------------------------------------------------------------
    cmic = read_csv(LISTS / "nscmic.csv")
    assert len(cmic) == 68
    for r in cmic:
        ent_num = r["ofac_ent_num"]
        eid = CMIC_IDS[ent_num]
        e = reg.ent(eid, NAME_OVERRIDES.get(eid) or CMIC_NAMES.get(eid) or proper_case(r["name"]))
        e.country = country.get(ent_num, "")
        if "/" in e.country:
            reg.note(
                eid,
                f"country left empty: OFAC gives addresses in {e.country.replace('/', ' and ')}",
            )
            e.country = ""
        reg.index(eid, r["name"])
        reg.name(eid, r["name"], "listed", "OFAC NS-CMIC list name")
        for alias in [a.strip() for a in r["aliases"].split(";") if a.strip()]:
            if alias.endswith("(fka)"):
                reg.name(eid, alias[:-5], "former", "OFAC CONS_ALT (f.k.a.)")
                reg.index(eid, alias[:-5])
            elif alias in OFAC_ACRONYMS:
                reg.name(eid, alias, "acronym", "OFAC CONS_ALT (a.k.a.)")
            else:
                reg.name(eid, alias, "alias", "OFAC CONS_ALT (a.k.a.)")
                if len(name_key(alias).split()) >= 3:
                    reg.index(eid, alias)
        for iss in [a.strip() for a in r["issuer_names"].split(";") if a.strip()]:
            reg.name(eid, iss, "issuer", "OFAC CONS_PRIM remarks (Issuer Name)")
        for t in [a for a in r["equity_tickers"].split(";") if a.strip()]:
            t = norm_space(t)
            m = re.fullmatch(r"([0-9A-Z]+?)\s*([A-Z]{2})", t)
            assert m, t
            reg.ident(
                eid,
                "ticker",
                f"{m.group(1)} {m.group(2)}",
                "OFAC CONS_PRIM remarks (Equity Ticker)",
            )
        bad = []
        for isin in [a.strip() for a in r["isins"].split(";") if a.strip()]:
            if isin_valid(isin):
                reg.ident(eid, "isin", isin, "OFAC CONS_PRIM remarks (ISIN)")
            else:
                bad.append(isin)
        if bad:
            reg.note(
                eid,
                "OFAC prints ISIN(s) "
                + ", ".join(repr(b) for b in bad)
                + " that fail the ISIN format/check digit; left out of identifiers.csv",
            )
        if r["uscc"]:
            reg.ident(eid, "uscc", r["uscc"], "OFAC CONS_PRIM remarks (USCC)")
        reg.ident(eid, "ofac_ent", ent_num, "OFAC CONS_PRIM entity number")
        for lei in leis.get(ent_num, []):
            reg.ident(eid, "lei", lei, "OFAC CONS_PRIM remarks (Legal Entity Number)")
        date = r["tranche_or_version_date"]
        cite = CMIC_ANNEX_CITE if date == "2021-06-03" else CMIC_LATER_CITE[date]
        reg.event(
            eid,
            "ofac-ns-cmic",
            "listed",
            date,
            cite,
            entry=ent_num,
            listed_name=r["name"],
            note="" if date == "2021-06-03" else "OFAC determination after the Annex",
        )

    # --- DoD s.1237 ------------------------------------------------------------------------
    ccmc = read_csv(LISTS / "ccmc_1237.csv")
    verified = {r["name_in_our_table"]: r for r in read_csv(LISTS / "ccmc_names_verified.csv")}
    assert len(ccmc) == 44
    for r in ccmc:
        eid = CCMC_IDS[r["name"]]
        tranche = r["tranche"]
        printed = verified[r["name"]]["name_as_printed"]
        listed_name = re.sub(r"\s*\([^()]*\)$", "", printed).rstrip(",").strip()
        e = reg.ent(eid, NAME_OVERRIDES.get(eid, ""))
        reg.index(eid, r["name"])
        src = T_CITE[tranche]
        if eid == "amec":
            listed_name = "Advanced Micro-Fabrication Equipment Inc."
        reg.name(
            eid, printed, "listed", f"DoD s.1237 {tranche} list as printed ({T_SHORT[tranche]})"
        )
        reg.name(eid, listed_name, "listed", f"DoD s.1237 {tranche} list ({T_SHORT[tranche]})")
        for alias in [a.strip() for a in r["aliases"].split(";") if a.strip()]:
            if alias in {"China Telecom (group)", "LKCO"} or alias.startswith(
                "Luokung Technology Corp."
            ):
                continue
            if alias.startswith("Guangdong Gowin"):
                reg.name(
                    eid,
                    "Guangdong GOWIN Semiconductor Corp",
                    "alias",
                    "todaychina.cc rendering of the DoD tranche 5 list (a translator's addition, not DoD's text)",
                )
                continue
            kind = "acronym" if is_acronym(alias) else "alias"
            asrc = (
                f"DoD s.1237 {tranche} list, bracketed label"
                if kind == "acronym" and alias in printed
                else "name variant in transcriptions of the DoD s.1237 list"
            )
            reg.name(eid, alias, kind, asrc)
        note = ""
        confirmed = True
        if tranche == "T1":
            note = (
                "effective = public release (June 24, 2020); a June 12, 2020 list date is reported "
                "only by SlashGear (UNCONFIRMED); names rest on a law-firm transcription"
            )
        if tranche == "T2-3":
            note = "Steptoe gives Aug 27, 2020; all other sources and the PDF URL give Aug 28"
        if eid == "cgn":
            confirmed = False
            note = (
                "DoD wording UNRESOLVED: Hogan Lovells prints 'China General Nuclear Corp.', "
                "indiandefensenews 'China General Nuclear Power Corp', Reuters 'China General "
                "Nuclear Power Group'; " + note
            )
        if eid == "huawei":
            confirmed = False
            note = (
                "printed name UNCONFIRMED: Hogan Lovells prints 'Huawei', Reuters factbox and "
                "indiandefensenews 'Huawei Technologies (Co)'; " + note
            )
        if eid == "amec":
            confirmed = False
            note = (
                "listed_name punctuation UNCONFIRMED: the hand transcription reads "
                "'Advanced Micro-Fabrication Equipment Inc, (AMEC)'"
            )
        if eid == "luokung":
            note = (
                "misspelt in the DoD list; corrected by the re-designation of Mar 9, 2021 "
                "(HSF Notes reads 'Luokong Technology Corp.')"
            )
        if eid in {"cetc", "panda-electronics-group"}:
            note += (
                "; Hogan Lovells' typo ('Elections'/'Electronica') corrected per Reuters factbox"
            )
        reg.event(
            eid,
            "dod-1237",
            "listed",
            T_DATE[tranche],
            src,
            listed_name=listed_name,
            confirmed=confirmed,
            note=note.strip("; "),
        )

    # --- DoD s.1260H -----------------------------------------------------------------------
    h_rows = read_csv(LISTS / "dod_1260h.csv")
    assert len(h_rows) == 397
    h_members: dict[str, dict[str, str]] = defaultdict(dict)  # eid -> edition -> printed name
    h_compact: dict[str, list[dict[str, str]]] = defaultdict(list)
    h_parent: list[tuple[str, str, str]] = []
    h_latest: dict[str, str] = {}
    merges: list[tuple[str, str, str]] = []

    def resolve(name: str) -> tuple[str, str]:
        base = re.sub(r"\s*\((?:[A-Z][A-Za-z0-9&\- ]{0,25})\)\s*$", "", norm_space(name))
        key = name_key(base)
        if key in H_SAME:
            return H_SAME[key][0], "H_SAME"
        if key in reg.key_index:
            return reg.key_index[key], "name"
        return H_IDS.get(key) or slug(base), "new"

    for r in h_rows:
        eid, how = resolve(r["name"])
        ed = r["tranche_or_version_date"]
        e = reg.ent(eid)
        h_latest[eid] = norm_space(
            re.sub(r"\s*\((?:[A-Z][A-Za-z0-9&\- ]{0,25})\)\s*$", "", r["name"])
        )
        if how != "new" and eid not in {m[1] for m in merges if m[0] == r["name"]}:
            merges.append((r["name"], eid, how))
        reg.index(eid, r["name"])
        printed_name = norm_space(r["name"])
        h_members[eid].setdefault(ed, printed_name)
        if r["row_semantics"].startswith("added"):
            h_compact[eid].append(r)
        # names: the printed form (with its bracketed label) and what it contains
        printed = ""
        for a in [x.strip() for x in r["aliases"].split(";")]:
            if a.endswith("(as printed)"):
                printed = norm_space(a[: -len("(as printed)")]).rstrip("*.").strip()
        cite = f"DoD s.1260H list {ed}"
        if printed:
            reg.name(eid, printed, "listed", cite)
            inner = printed[len(printed_name) :] if printed.startswith(printed_name) else ""
            for grp in re.findall(r"\(((?:[^()]|\([^()]*\))*)\)", inner):
                grp = grp.strip().rstrip("]")
                m = re.match(r"(formerly|also known as) (.*)$", grp)
                if m:
                    inner_name = m.group(2)
                    acr = re.search(r"\(([A-Z0-9&\- ]+)\)$", inner_name)
                    if acr:
                        inner_name = inner_name[: acr.start()].strip()
                        reg.name(eid, acr.group(1), "acronym", cite + " (former acronym)")
                    reg.name(
                        eid, inner_name, "former" if m.group(1) == "formerly" else "alias", cite
                    )
                elif grp in H_SKIP_ALIASES:
                    continue
                elif is_acronym(grp):
                    reg.name(eid, grp, "acronym", cite)
                else:
                    reg.name(eid, grp, "alias", cite)
        reg.name(eid, printed_name, "listed", cite)
        if r["parent"]:
            h_parent.append((eid, r["parent"], ed))

    # Entity display names: override > OFAC > latest 1260H print > s.1237 table name.
    for eid, name in h_latest.items():
        if not reg.ents[eid].name:
            reg.ents[eid].name = name
    for r in ccmc:
        e = reg.ents[CCMC_IDS[r["name"]]]
        if not e.name:
            e.name = r["name"]

    # membership per edition
    ed_members: dict[str, set[str]] = {ed: set() for ed in E1260}
    for eid, rows in h_compact.items():
        for r in rows:
            end = r["end_date"]
            for ed in E1260[:3]:
                if r["tranche_or_version_date"] <= ed and (not end or end > ed):
                    ed_members[ed].add(eid)
    for r in h_rows:
        if r["tranche_or_version_date"] in E1260[3:]:
            ed_members[r["tranche_or_version_date"]].add(resolve(r["name"])[0])
    # Hesai is carried on its 2024 row only in the opensanctions 2025 roster (lists.md s.4).
    ed_members["2025-01-07"].add("hesai")
    # AMEC and IDG were removed in Dec 2024, before the 2025 edition.
    specials_removed = {"amec": "2024-12-17", "idg-capital": "2024-12-17"}

    h_events(reg, ed_members, h_members, specials_removed)

    # parents -> links (one link per pair, naming the editions that show it)
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for eid, parent, ed in h_parent:
        pid, how = resolve(parent)
        if how == "new" and pid not in reg.ents:
            print(f"  unresolved 1260H parent {parent!r} of {eid}", file=sys.stderr)
            continue
        if (eid, pid) not in H_PARENT_SKIP and ed not in pairs[(eid, pid)]:
            pairs[(eid, pid)].append(ed)
    for (eid, pid), eds in pairs.items():
        reg.link(
            eid,
            pid,
            f"DoD s.1260H list ({', '.join(sorted(eds))}): listed under this parent ({OS_1260H})",
        )

    reg.merges = merges
    return reg


def slug(name: str) -> str:
    s = name_key(name)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


def h_events(
    reg: Registry,
    members: dict[str, set[str]],
    printed: dict[str, dict[str, str]],
    specials_removed: dict[str, str],
) -> None:
    os_note = f"{OS_1260H}"
    all_ids = set().union(*members.values())
    for eid in sorted(all_ids):
        was_on = False
        for ed in E1260:
            on = eid in members[ed]
            cite = f"{E1260_CITE[ed]}; {os_note}"
            if on and not was_on:
                name = printed[eid].get(ed) or next(iter(printed[eid].values()))
                note = ""
                if ed == "2025-01-07":
                    note = "Squire Patton Boggs describes the 2025 update as published Jan 6, 2025 (FR public inspection)"
                reg.event(eid, "dod-1260h", "listed", ed, cite, listed_name=name, note=note)
            elif was_on and not on and eid not in specials_removed:
                reg.event(eid, "dod-1260h", "removed", ed, cite, **removal_detail(eid, ed))
            was_on = on
            if eid in specials_removed and ed == "2024-01-31" and on:
                reg.event(
                    eid,
                    "dod-1260h",
                    "removed",
                    specials_removed[eid],
                    "DoD 'Notice of Removal of Designated Chinese Military Companies', FR Doc "
                    "2024-30018 (Dec 18, 2024); Reuters via asiafinancial.com 2024-12-18",
                    published="2024-12-18",
                    note="DoD announced the removal on Tuesday Dec 17, 2024 with FR publication the "
                    "next day; opensanctions has no end date for this row",
                )
                was_on = False
                break


# Reasons printed with the 2024 removals ("list note" in dod_1260h.csv).
REMOVAL_REASONS_2024 = {
    "ciecc": "no apparent U.S. nexus",
    "fujian-torch": "no apparent U.S. nexus",
    "smic-hong-kong-international": "no longer owned by SMIC",
}

REMOVAL_2026_FEB_SET = {
    "anhui-sun-create-electronics",
    "china-international-information-services",
    "cnce-co",
    "china-traffic-construction-usa",
    "cnooc-china",
    "cnooc-international-trading",
    "cosco-shipping-finance",
    "costar",
    "glarun-technology",
    "taiji-computer",
}


def removal_detail(eid: str, ed: str) -> dict[str, object]:
    if ed == "2026-06-08":
        if eid in REMOVAL_2026_FEB_SET:
            return {
                "note": "absent from the full 2026-06-08 roster; the withdrawn Feb 13, 2026 notice "
                "had also proposed dropping it (opensanctions end date 2026-02-17 ignored)"
            }
        raise AssertionError(f"unexpected 2026 removal {eid}")
    if ed == "2025-01-07":
        if eid == "cnooc-ltd":
            return {
                "confirmed": False,
                "note": "the 2025 roster prints 'CNOOC China Limited' (a different company) and no "
                "'CNOOC Limited'; DoD counted only 6 removals, so DoD may have meant a rename; "
                "either way the line is gone from the 2026 roster",
            }
        return {
            "note": "absent from the 2025 roster (opensanctions end date 2025-01-07; one of the 6 "
            "removals counted by Squire Patton Boggs)"
        }
    if ed == "2024-01-31":
        reason = REMOVAL_REASONS_2024.get(eid, "")
        return {
            "note": "opensanctions end date 2024-01-31"
            + (f"; DoD's stated reason: {reason}" if reason else "")
        }
    return {}


# ------------------------------------------------------------------------------------------
# Hand-written events and facts
# ------------------------------------------------------------------------------------------


def curated_events(reg: Registry) -> None:
    ev = reg.event
    XC = "Xiaomi Corp. v. DoD, No. 1:21-cv-00280 (D.D.C.)"
    LC = "Luokung Technology Corp. v. DoD, No. 1:21-cv-00583 (D.D.C.)"

    # ---- whole lists
    ev(
        "",
        "dod-1237",
        "superseded",
        "2021-06-03",
        "EO 14032 s.1 and s.4, 86 FR 30145 (June 7, 2021): ss.1-5 of EO 13959 replaced, EO 13974 revoked",
        note="s.1237 listings had effect only through EO 13959; no old prohibition survived June 3, 2021",
    )
    ev(
        "",
        "dod-1237",
        "removed",
        "2021-06-03",
        "defense.gov Release Article 2434513 (Dec 3, 2020) note: 'As of June 3, 2021, the Secretary of "
        "Defense has removed the entities listed here from the CCMC list'",
        confirmed=False,
        note="DoD stated it for the Dec 3, 2020 tranche page only",
    )
    ev(
        "",
        "ofac-ns-ccmc",
        "superseded",
        "2021-06-03",
        "EO 14032, 86 FR 30145 (June 7, 2021); Norton Rose Fulbright (June 2021): the NS-CMIC List "
        "'replaced and superseded in its entirety' the NS-CCMC List",
    )
    ev(
        "",
        "ofac-ns-ccmc",
        "note",
        "2020-12-28",
        "OFAC FAQs 857-861 'Date Released December 28, 2020' (home.treasury.gov)",
        note="NS-CCMC list published with FAQs 857-861; no full NS-CCMC data file from Jan-May 2021 found",
    )
    ev(
        "",
        "ofac-ns-cmic",
        "note",
        "2022-02-16",
        "Chinese Military-Industrial Complex Sanctions Regulations, 31 CFR part 586, 87 FR 8735 (Feb 16, 2022), FR Doc 2022-03378",
        note="implementing regulations published; no list change",
    )
    for ed, text in [
        ("2021-06-03", "first edition, 47 entities (Sayari; 47 rows in opensanctions)"),
        ("2022-10-05", "update adding 13 entities"),
        (
            "2024-01-31",
            "update adding 16 lines and removing 3 (Dechert says 17 added); the line "
            "'China Telecom Group Co., Ltd.' is an existing entity here; FR publication possibly "
            "Apr 2, 2024 (UNCONFIRMED)",
        ),
        (
            "2025-01-07",
            "edition of 134 entities, 6 removed (Squire Patton Boggs; 133 rows in "
            "opensanctions, Hesai carried on its 2024 row); 133 entities here because the lines "
            "'AVIC Xi'an Aircraft Industry Group Company Ltd.' and 'Xi'an Aircraft Industry Group "
            "Co., Ltd.' are one company (OFAC a.k.a.; 2026 'formerly')",
        ),
        (
            "2026-06-08",
            "edition of 188 entities; Squire Patton Boggs ('Dueling lists', June 2026) "
            "counts 65 additions; here: 65 new companies, 11 lines renamed or folded into another "
            "entity, 10 lines dropped (the same ten the withdrawn Feb 13, 2026 notice would have "
            "dropped, besides YMTC and CXMT)",
        ),
    ]:
        ev("", "dod-1260h", "note", ed, E1260_CITE[ed], note=text)
    ev(
        "",
        "dod-1260h",
        "note",
        "2026-02-13",
        "military.com 2026-02-13; Washington Times 2026-02-13; Kharon brief",
        note="an FR update adding Alibaba, Baidu and BYD and removing YMTC and CXMT was placed on "
        "public inspection and then withdrawn at DoD's request; it had no effect (opensanctions "
        "end dates of 2026-02-17 that stem from it are ignored)",
    )

    # ---- NS-CCMC: the four Treasury-listed subsidiaries
    for eid, nm in [
        ("cnooc-ltd", "CNOOC Limited"),
        ("china-mobile-ltd", "China Mobile Limited"),
        ("china-telecom-ltd", "China Telecom Corporation Limited"),
        ("china-unicom-hk", "China Unicom (Hong Kong) Limited"),
    ]:
        ev(
            eid,
            "ofac-ns-ccmc",
            "listed",
            "2021-01-08",
            "OFAC GL 1B (May 18, 2021) text (sanctions.org/turbofac); OFAC FAQ 857 (Dec 28, 2020); "
            "NYSE CNOOC notice 2021-02-26 (mondovisione); Baker McKenzie sanctionsnews",
            listed_name=nm,
            note="listed as a CCMC subsidiary under EO 13959 s.4(a)(iii); its ban was to start 60 days "
            "later, 9:30 a.m. ET Mar 9, 2021",
        )

    # ---- NYSE market events (no legal effect)
    nyse = [
        (
            "2020-12-31",
            "",
            "NYSE announcement via mondovisione.com",
            "NYSE announced delisting proceedings for the ADRs (CHL, CHA, CHU)",
        ),
        (
            "2021-01-04",
            "",
            "NYSE statement via businesstimes.com.sg 2021-01-05; RTTNews 2021-01-05",
            "NYSE reversed the delisting decision",
        ),
        (
            "2021-01-06",
            "",
            "NYSE/ICE press release, Jan 6, 2021 (ir.theice.com)",
            "NYSE reinstated the delisting after OFAC guidance of Jan 5, 2021",
        ),
        (
            "2021-01-11T04:00:00-05:00",
            "2021-01-06",
            "NYSE/ICE press release, Jan 6, 2021 (ir.theice.com)",
            "NYSE trading in the ADR suspended at 4:00 a.m. EST (an exchange action; the OFAC ban on "
            "the issuer began Mar 9, 2021)",
        ),
    ]
    for eid, adr in [
        ("china-mobile-ltd", "CHL"),
        ("china-telecom-ltd", "CHA"),
        ("china-unicom-hk", "CHU"),
    ]:
        for eff, pub, cite, text in nyse:
            ev(eid, "ofac-ns-ccmc", "note", eff, cite, published=pub, note=f"{adr}: {text}")
    ev(
        "china-mobile-ltd",
        "ofac-ns-ccmc",
        "note",
        "2021-05-07",
        "SEC EDGAR 6-K chl-6k_20210510 (Review Decision dated May 7, 2021); China Mobile announcement "
        "2022-09-14 (kk.hyqcw.com)",
        note="CHL: NYSE review decision affirmed the delisting; NYSE filed Form 25 the same day "
        "(same dates for CHA and CHU likely but UNCONFIRMED)",
    )
    ev(
        "china-mobile-ltd",
        "ofac-ns-ccmc",
        "note",
        "2021-05-18",
        "China Mobile announcement 2022-09-14 (kk.hyqcw.com); SEC 6-K 2022-09-14",
        note="CHL: NYSE delisting effective",
    )
    ev(
        "cnooc-ltd",
        "ofac-ns-ccmc",
        "note",
        "2021-02-26",
        "NYSE notice 2021-02-26 via mondovisione.com / fxnewsgroup.com",
        note="CEO: NYSE announced it would delist the ADR, citing the 60-day clock ending Mar 9, 2021",
    )
    ev(
        "cnooc-ltd",
        "ofac-ns-ccmc",
        "note",
        "2021-03-09T04:00:00-05:00",
        "NYSE notice 2021-02-26 via mondovisione.com / fxnewsgroup.com",
        published="2021-02-26",
        note="CEO: NYSE trading in the ADR suspended at 4:00 a.m. EST",
    )

    # ---- Xiaomi
    ev(
        "xiaomi",
        "dod-1237",
        "note",
        "2021-01-29",
        f"Complaint, {XC}, Doc. 1 'Filed 01/29/21' (copy at info.5y1.org)",
        note="Xiaomi sued DoD, Austin, Treasury and Yellen",
    )
    ev(
        "xiaomi",
        "dod-1237",
        "enjoined",
        "2021-03-12",
        f"{XC}, Mem. Op. Doc. 21 (Mar 12, 2021), law.justia.com",
        note="preliminary injunction three days before the ban's start (9:30 a.m. Mar 15, 2021)",
    )
    ev(
        "xiaomi",
        "dod-1237",
        "note",
        "2021-03-14",
        "OFAC FAQ 880 (Mar 14, 2021) as described by Willkie Compliance Concourse 2021-03-16",
        note="OFAC: EO 13959 prohibitions on Xiaomi on hold pending further order of the court",
    )
    ev(
        "xiaomi",
        "dod-1237",
        "note",
        "2021-05-11",
        f"Joint status report, {XC}; Thompson Hine SmarTrade 2021-05",
        note="DoD agreed that the designation be vacated",
    )
    ev(
        "xiaomi",
        "dod-1237",
        "vacated",
        "2021-05-25",
        f"Final order, {XC} (May 25, 2021, 4:09 pm per Xiaomi statement, news18.com/mensxp.com)",
        note="OFAC FAQ 896 (Xiaomi no longer subject) followed in the week of May 24-28, 2021; its exact date is UNCONFIRMED",
    )

    # ---- Luokung
    ev(
        "luokung",
        "dod-1237",
        "note",
        "2021-03-04",
        f"Complaint, {LC} (Willkie 2021-03-16)",
        note="Luokung sued DoD",
    )
    ev(
        "luokung",
        "dod-1237",
        "redesignated",
        "2021-03-09",
        "OFAC FAQ 881 (Mar 14, 2021) as described by Willkie Compliance Concourse 2021-03-16 and "
        "2021-03-25; Luokung 6-K Ex. 99.1 (Mar 11, 2021)",
        published="2021-03-11",
        listed_name="Luokung Technology Corp.",
        note="DoD removed 'Luokong Technology Corporation' and listed 'Luokung Technology Corp.'; the "
        "60-day clock restarted (ban to start May 8, 2021); earliest public record seen is Luokung's "
        "6-K of Mar 11, 2021",
    )
    ev(
        "luokung",
        "dod-1237",
        "note",
        "2021-03-23",
        f"First Amended Complaint, {LC}, Doc. 22 (docslib.org copy)",
        note="amended complaint against the re-designation",
    )
    ev(
        "luokung",
        "dod-1237",
        "enjoined",
        "2021-05-05",
        f"{LC}, Mem. Op. Doc. 33 (May 5, 2021), 538 F. Supp. 3d 174; OFAC FAQ 893 (May 6, 2021) quoted by mrwatchlist.com",
        note="preliminary injunction three days before the ban's start (May 8, 2021)",
    )
    ev(
        "luokung",
        "dod-1237",
        "note",
        "2021-05-06",
        "OFAC FAQ 893 (May 6, 2021), text quoted by mrwatchlist.com 2021-05-06",
        note="OFAC: EO 13959 prohibitions do not apply to Luokung pending further order of the court",
    )

    # ---- GOWIN
    ev(
        "gowin",
        "dod-1237",
        "note",
        "2021-05-21",
        "Communications Daily 2021-05-25; Nicholas Turner, Sanctions Top-5 week ending 28 May 2021",
        note="GOWIN sued DoD in D.D.C.; outcome UNCONFIRMED (not in the EO 14032 Annex, so probably moot)",
    )

    # ---- 1260H specials
    ev(
        "hesai",
        "dod-1260h",
        "removed",
        "2024-10-29",
        "DoD notice, 89 FR 86230 (Oct 29, 2024); Export Compliance Daily 2024-10-25",
        note="removed and immediately re-listed; Export Compliance Daily reported it on Oct 25, 2024",
    )
    ev(
        "hesai",
        "dod-1260h",
        "listed",
        "2024-10-29",
        "DoD notice, 89 FR 86230 (Oct 29, 2024); Export Compliance Daily 2024-10-25",
        listed_name="Hesai Technology Co., Ltd.",
        note="re-listed the same day as the removal (apply after the removal)",
    )
    ev(
        "hesai",
        "dod-1260h",
        "note",
        "2024-05-13",
        "Hesai Technology v. DoD, No. 1:24-cv-01381 (D.D.C.); Bloomberg via jp.logomoney.com; chronicleslive.com",
        note="Hesai sued DoD (Export Compliance Daily says Feb 2024, which conflicts)",
    )
    ev(
        "hesai",
        "dod-1260h",
        "note",
        "2025-07-11",
        "Hesai Technology v. DoD (D.D.C., Judge Friedman); Trade Law Daily 2025-07-15",
        note="district court upheld the designation; appeal No. 25-5256 followed",
    )
    ev(
        "dji",
        "dod-1260h",
        "note",
        "2024-10-18",
        "DJI v. DoD (D.D.C.); johnsonwkchoi.com 2024-10-19; sUAS News",
        note="DJI sued DoD over its 1260H designation",
    )
    ev(
        "dji",
        "dod-1260h",
        "note",
        "2025-09-26",
        "DJI v. DoD (D.D.C., Judge Friedman); devdiscourse.com 2025-09-26",
        note="district court upheld the designation; appeal filed Oct 2025 (exact date UNCONFIRMED)",
    )
    ev(
        "amec",
        "dod-1260h",
        "note",
        "2024-08-16",
        "AMEC v. DoD, No. 24-02357 (D.D.C.); Trade Law Daily 2024-08-19",
        confirmed=False,
        note="AMEC sued DoD; filing date approximate ('around Aug 16, 2024')",
    )
    ev(
        "china-telecom-group",
        "dod-1260h",
        "note",
        "2024-01-31",
        E1260_CITE["2024-01-31"] + f"; {OS_1260H}",
        note="the 2024 edition adds the line 'China Telecom Group Co., Ltd.', which OFAC gives as an a.k.a. of this company",
    )
    ev(
        "china-telecom-group",
        "dod-1260h",
        "note",
        "2025-01-07",
        E1260_CITE["2025-01-07"] + f"; {OS_1260H}",
        note="the 2025 edition drops the line 'China Telecommunications Corporation' (counted by DoD among "
        "6 removals) but keeps 'China Telecom Group Co., Ltd.'; treated as still listed, not removed",
    )
    for eid, text in [
        (
            "dji",
            "the 2026 edition prints 'Shenzhen DJI Technology Co., Ltd.' (2022-2025: 'Shenzhen DJI Innovation Technology Co., Ltd.')",
        ),
        ("zemic", "the 2026 edition prints 'AVIC Chengdu Aircraft Co., Ltd. (formerly ... ZEMIC)'"),
        (
            "hesai",
            "the 2026 edition prints 'Hesai Group (also known as Hesai Technology Co., Ltd.)'",
        ),
        (
            "avic-xian-aircraft",
            "the 2026 edition prints one line 'AVIC Xi'an ... (formerly Xi'an Aircraft Industry Group Co., Ltd.)' where 2025 had two",
        ),
    ]:
        ev(
            eid,
            "dod-1260h",
            "note",
            "2026-06-08",
            E1260_CITE["2026-06-08"] + f"; {OS_1260H}",
            note=text,
        )

    # ---- BIS Entity List
    bis = [
        (
            "huawei",
            "2019-05-16",
            "2019-05-16",
            "84 FR 22961 (May 21, 2019) (recital in 85 FR 51596); Thompson Hine 2019-05",
            True,
            "Huawei Technologies Co., Ltd. and 68 affiliates; rule effective May 16, 2019 and public that "
            "day (public inspection), FR publication May 21",
        ),
        (
            "sugon",
            "2019-06-24",
            "",
            "84 FR 29371 (June 24, 2019), FR Doc 2019-13245 (regulations.justia.com); learnexportcompliance.com",
            True,
            "Sugon (Dawning) and four other entities",
        ),
        (
            "smic",
            "2020-12-18",
            "",
            "85 FR 83416 (Dec 22, 2020), FR Doc 2020-28031; Thompson Hine 2020-12",
            True,
            "SMIC and 10 affiliates, effective and announced Dec 18, 2020; FR publication Dec 22",
        ),
        (
            "dji",
            "2020-12-18",
            "",
            "85 FR 83416 (Dec 22, 2020), FR Doc 2020-28031; Thompson Hine 2020-12",
            True,
            "effective and announced Dec 18, 2020; FR publication Dec 22",
        ),
        (
            "cnooc-group",
            "2021-01-14",
            "",
            "86 FR 4862 (Jan 15, 2021), FR Doc 2021-00995 (govinfo); Commerce release Jan 14, 2021; "
            "STR Trade Report and Trade Law Daily 2021-01-15 ('effective Jan. 14')",
            True,
            "the rule lists 'China National Offshore Oil Corporation Ltd.' (the parent, not CNOOC Limited); "
            "license requirement excludes listed hydrocarbons and some joint ventures",
        ),
    ]
    oct2019 = (
        "FR Doc 2019-22210, published and effective Oct 9, 2019 (public-inspection copy via "
        "docslib.org); Winston 2019-10-09; Mondaq 2019; page citation 84 FR 54002 UNCONFIRMED"
    )
    for eid, printed in [
        ("hikvision", "Hikvision"),
        ("dahua", "Dahua Technology"),
        ("megvii", "Megvii Technology"),
        ("sensetime", "Sense Time"),
        ("yitu", "Yitu Technologies"),
        ("meiya-pico", "Xiamen Meiya Pico Information Co. Ltd."),
    ]:
        extra = ""
        if eid == "yitu":
            extra = "; which Yitu legal entity the rule names (YITU LIMITED or Shanghai Yitu Network Technology) is not established"
        if eid == "sensetime":
            extra = "; the exact SenseTime legal entity named is not established"
        bis.append(
            (
                eid,
                "2019-10-09",
                "2019-10-07",
                oct2019,
                False,
                f"printed as '{printed}' per Mondaq / Fox Rothschild; announced Oct 7, 2019; "
                f"FR page citation UNCONFIRMED{extra}",
            )
        )
    for eid, eff, pub, cite, conf, note in bis:
        ev(eid, "bis-entity-list", "listed", eff, cite, published=pub, confirmed=conf, note=note)


ENTITY_NOTES = {
    "china-mobile-group": "parent group; its listed subsidiary China Mobile Limited is a separate entity (china-mobile-ltd)",
    "china-mobile-ltd": "HK-listed subsidiary of China Mobile Communications Group (china-mobile-group)",
    "cnooc-group": "parent group (s.1237 tranche 4); CNOOC Limited (cnooc-ltd) is its listed subsidiary",
    "cnooc-ltd": "listed subsidiary of China National Offshore Oil Corporation (cnooc-group); not the same as CNOOC China Limited (cnooc-china)",
    "cnooc-china": "a CNOOC subsidiary distinct from CNOOC Limited; it appears in the 2025 1260H roster where earlier editions had CNOOC Limited",
    "china-telecom-group": "parent group (s.1237 'China Telecommunications Corp.'); OFAC a.k.a. 'China Telecom Group Co., Ltd.', the name DoD's 1260H list uses from 2024",
    "china-telecom-ltd": "listed subsidiary of China Telecommunications Corporation (china-telecom-group)",
    "china-unicom-group": "parent group (s.1237 tranche 2-3); its listed subsidiary China Unicom (Hong Kong) Limited is china-unicom-hk",
    "china-unicom-hk": "listed subsidiary of China United Network Communications Group (china-unicom-group); f.k.a. China Unicom Limited",
    "china-unicom-a-share": "the group's Shanghai-listed company; distinct from China Unicom (Hong Kong) Limited",
    "csic-group": "s.1237 group; not in the EO 14032 Annex, which lists its listed subsidiary China Shipbuilding Industry Company Limited (csic-ltd) instead",
    "csic-ltd": "listed subsidiary of the CSIC group (csic-group), which is a separate entity",
    "panda-electronics-group": "group company; Nanjing Panda Electronics Company Limited (nanjing-panda) is separate",
    "china-state-construction-group": "s.1237 tranche 2-3 and 1260H 2022-2025 ('China State Construction Group Co.'); kept separate from China State Construction Engineering Corporation Limited (cscec)",
    "cscec": "kept separate from China State Construction Group Co., Ltd. (china-state-construction-group); the 1260H source lists the group under CSCEC, which looks reversed, so no link is written",
    "megvii": "OFAC's Cayman holding company; kept separate from Beijing Megvii Technology Co., Ltd. (beijing-megvii, 1260H 2024)",
    "beijing-megvii": "kept separate from MEGVII TECHNOLOGY LIMITED (megvii, NS-CMIC): different legal entity",
    "yitu": "OFAC's Cayman company; kept separate from Shanghai Yitu Network Technology Co., Ltd. (shanghai-yitu, 1260H)",
    "shanghai-yitu": "kept separate from YITU LIMITED (yitu, NS-CMIC): different legal entity",
    "sensetime": "merged: OFAC 'SENSETIME GROUP LIMITED' and 1260H 'SenseTime Group, Inc.' (same name apart from the legal form)",
    "dji": "merged: OFAC 'SZ DJI Technology Co., Ltd.' and 1260H 'Shenzhen DJI Innovation Technology Co., Ltd.' (2022-2025) / 'Shenzhen DJI Technology Co., Ltd.' (2026); SZ = Shenzhen",
    "meiya-pico": "renamed SDIC Intelligence (Xiamen) Information Co., Ltd. (stock 300188, per reportify.ai); the 1260H list uses the new name from 2025; OFAC's NS-CMIC entry still carries the old name",
    "hesai": "merged: 1260H 'Hesai Technology Co., Ltd.' (2024) and 'Hesai Group' (2026, printed a.k.a. Hesai Technology Co., Ltd.)",
    "amec": "merged: s.1237 'Advanced Micro-Fabrication Equipment Inc.' and 1260H 'Advanced Micro-Fabrication Equipment Inc. China' (same acronym AMEC)",
    "zemic": "the 2026 1260H edition prints it as AVIC Chengdu Aircraft Co., Ltd. (formerly ZEMIC); OFAC's NS-CMIC entry still carries the old name",
    "china-avionics-systems": "the 1260H list prints it as AVIC Airborne Systems Co., Ltd. (formerly China Avionics Systems Co., Ltd.); OFAC's NS-CMIC entry still carries the old name",
    "avic-xian-aircraft": "the 2025 1260H roster also printed 'Xi'an Aircraft Industry Group Co., Ltd.' as a separate line; OFAC gives that name as an a.k.a. and the 2026 roster as 'formerly', so both lines are this entity",
    "smic-north-china": "'SMIC Northern Integrated Circuit Manufacturing (Beijing) Co., Ltd' (1260H 2021) and 'Semiconductor Manufacturing North China (Beijing) Corporation' (2025-2026) treated as one company (two renderings of one Chinese name; DoD's 2025 removal count implies a rename)",
    "xiaomi": "s.1237 designation vacated by court; never on the NS-CMIC list",
    "luokung": "listed as 'Luokong Technology Corporation', re-designated under the correct name Mar 9, 2021; enjoined; omitted from EO 14032; case dismissed by joint stipulation in June 2021 (exact date UNCONFIRMED)",
    "gowin": "sued DoD May 21, 2021; outcome UNCONFIRMED",
    "cgn": "the s.1237 printed name is unresolved (see the dod-1237 event)",
    "guangzhou-wenchuan-heavy-industry": "printed 'Guangzhou Wenchong Shipyard Co., Ltd.' in 2025 and 'Guangzhou Wenchuan Heavy Industry Co., Ltd.' in 2026, both under COMEC; treated as a rename (not in the Feb 2026 drop list; DoD's count of 65 additions matches only then) but no source says so",
    "cccc-usa": "printed 'China Communications Constructions USA, Inc.' in 2025 and 'China Communications Construction (USA) Co., Ltd.' in 2026, both under CCCG; treated as a rename (not in the Feb 2026 drop list; DoD's count of 65 additions matches only then) but no source says so",
    "china-unicom-group-bvi": "printed 'China Unicom Group (BVI) Co., Ltd.' in 2025 and 'China Unicom Group Corporation (BVI) Co., Ltd.' in 2026: treated as one company",
    "crrc": "s.1237 'CRRC Corp.' and 1260H 'CRRC Corporation Limited' merged (same name apart from the legal form)",
    "smic-hong-kong-international": "1260H 2021-2024; the 2024 edition notes it is no longer owned by SMIC",
    "proven-glory": "Huawei financing vehicle (OFAC 'Linked To' Huawei Investment & Holding)",
    "proven-honour": "Huawei financing vehicle (OFAC 'Linked To' Huawei Investment & Holding)",
}

CURATED_NAMES = [
    (
        "luokung",
        "Luokong Technology Corp.",
        "alias",
        "HSF Notes 2021-05-18 (variant of the misspelt printed name)",
    ),
    (
        "cgn",
        "China General Nuclear Power Group",
        "alias",
        "Reuters factbox (news18.com); polialert.com",
    ),
    (
        "cgn",
        "China General Nuclear Power Corp.",
        "alias",
        "indiandefensenews.in rendering of the DoD tranche 1 list",
    ),
    (
        "cetc",
        "China Elections Technology Group Corporation",
        "alias",
        "Hogan Lovells transcription of the DoD tranche 1 list (typo as printed there)",
    ),
    ("xiaomi", "Xiaomi Corp.", "alias", "Xiaomi Corp. v. DoD, No. 1:21-cv-00280 (D.D.C.) caption"),
    ("luokung", "LKCO", "acronym", "DoD s.1237 T5 list, bracketed label (Nasdaq ticker)"),
]

CURATED_IDS = [
    (
        "xiaomi",
        "ticker",
        "1810 HK",
        "lists.md s.6: HKEX 1810 (several public ISIN-to-ticker maps; secondary)",
    ),
    (
        "xiaomi",
        "isin",
        "KYG9830T1067",
        "lists.md s.6: several public ISIN-to-ticker maps (secondary; no OFAC row)",
    ),
    (
        "luokung",
        "ticker",
        "LKCO US",
        "DoD tranche 5 list '(LKCO)' as quoted by mrwatchlist.com 2021-01-14; Nasdaq",
    ),
    ("crrc", "ticker", "1766 HK", "rules.md s.10 case 5 (CRRC 1766 HK)"),
]

CURATED_LINKS = [
    (
        "china-mobile-ltd",
        "china-mobile-group",
        "OFAC CONS_PRIM 'Linked To: CHINA MOBILE COMMUNICATIONS GROUP CO., LTD.'; Treasury-listed CCMC subsidiary (GL 1B, Jan 8, 2021)",
    ),
    (
        "cnooc-ltd",
        "cnooc-group",
        "OFAC CONS_PRIM 'Linked To: CHINA NATIONAL OFFSHORE OIL CORPORATION'; Treasury-listed CCMC subsidiary (GL 1B, Jan 8, 2021)",
    ),
    (
        "china-telecom-ltd",
        "china-telecom-group",
        "OFAC CONS_PRIM 'Linked To: CHINA TELECOMMUNICATIONS CORPORATION'; Treasury-listed CCMC subsidiary (GL 1B, Jan 8, 2021)",
    ),
    (
        "china-unicom-hk",
        "china-unicom-group",
        "OFAC CONS_PRIM 'Linked To: CHINA UNITED NETWORK COMMUNICATIONS GROUP CO., LTD.'; Treasury-listed CCMC subsidiary (GL 1B, Jan 8, 2021)",
    ),
    (
        "proven-glory",
        "huawei-holding",
        "OFAC CONS_PRIM 'Linked To: HUAWEI INVESTMENT & HOLDING CO., LTD.' (direction: financing vehicle of the holding company)",
    ),
    (
        "proven-honour",
        "huawei-holding",
        "OFAC CONS_PRIM 'Linked To: HUAWEI INVESTMENT & HOLDING CO., LTD.' (direction: financing vehicle of the holding company)",
    ),
    ("cccc", "cccg", "OFAC CONS_PRIM 'Linked To' between the two (on CCCG's row)"),
    (
        "huawei",
        "huawei-holding",
        "OFAC CONS_PRIM 'Linked To' between the two (on the holding's row)",
    ),
    (
        "nanjing-panda",
        "cec",
        "OFAC CONS_PRIM 'Linked To: NANJING PANDA ELECTRONICS COMPANY LIMITED' on CEC's row (undirected; CEC is the group parent)",
    ),
]


# ------------------------------------------------------------------------------------------


def finish(reg: Registry) -> None:
    for eid, text in ENTITY_NOTES.items():
        assert eid in reg.ents, eid
        reg.note(eid, text)
    for eid, name, kind, src in CURATED_NAMES:
        reg.name(eid, name, kind, src)
    for eid, scheme, value, src in CURATED_IDS:
        reg.ident(eid, scheme, value, src)
    for sub, obj, src in CURATED_LINKS:
        reg.link(sub, obj, src)
    for r in read_csv(LISTS / "chinese_names.csv"):
        eid = CHINESE_MAP[r["english_name"]]
        lang = "zh-Hant" if any(ch in TRAD_ONLY for ch in r["chinese_name"]) else "zh-Hans"
        # "X(Y)" gives two names for the same group in the jszjba.com list; elsewhere the
        # brackets are part of the name (中微半导体设备(上海)股份有限公司).
        if r["english_name"] in CHINESE_SPLIT:
            parts = [p for p in re.split(r"[()（）]", r["chinese_name"]) if p]
        else:
            parts = [r["chinese_name"]]
        src = r["source"]
        if len(parts) > 1:
            src += f"; printed as '{r['chinese_name']}'"
        for p in parts:
            reg.name(eid, p, "chinese", src, lang)
    for eid, name, lang, src in EXTRA_CHINESE:
        reg.name(eid, name, "chinese", src, lang)


TRAD_ONLY = set("國團業機產鐵電術華開發軍艦東經濟資導體設備環際網絡時寧騰訊賽飛裝")
CHINESE_SPLIT = {
    "China South Industries Group Corporation (CSGC)",
    "China North Industries Group Corporation (Norinco Group)",
}

CHINESE_MAP = {
    "Xiaomi Corporation": "xiaomi",
    "Huawei Technologies Co., Ltd.": "huawei",
    "Semiconductor Manufacturing International Corporation (SMIC)": "smic",
    "Hangzhou Hikvision Digital Technology Co., Ltd.": "hikvision",
    "China National Offshore Oil Corporation (CNOOC)": "cnooc-group",
    "China Mobile Communications Group Co., Ltd.": "china-mobile-group",
    "China Mobile Limited": "china-mobile-ltd",
    "Aviation Industry Corporation of China (AVIC)": "avic",
    "China Aerospace Science and Industry Corporation (CASIC)": "casic",
    "China Aerospace Science and Technology Corporation (CASC)": "casc",
    "Aero Engine Corporation of China (AECC)": "aecc",
    "Commercial Aircraft Corporation of China, Ltd. (COMAC)": "comac",
    "CRRC Corporation Limited (CRRC Corp.)": "crrc",
    "Dawning Information Industry Co. (Sugon)": "sugon",
    "Inspur Group": "inspur",
    "China Electronics Technology Group Corporation (CETC)": "cetc",
    "China South Industries Group Corporation (CSGC)": "csgc",
    "China Shipbuilding Industry Corporation (CSIC)": "csic-group",
    "China State Shipbuilding Corporation (CSSC)": "cssc",
    "China North Industries Group Corporation (Norinco Group)": "norinco",
    "China Railway Construction Corporation (CRCC)": "crcc",
    "China Three Gorges Corporation Limited": "ctg",
    "Sinochem Group Co Ltd": "sinochem",
    "China Communications Construction Company (CCCC)": "cccc",
    "Advanced Micro-Fabrication Equipment Inc. (AMEC)": "amec",
}

# ------------------------------------------------------------------------------------------

ENTITY_COLS = ["id", "name", "kind", "country", "note"]
NAME_COLS = ["entity_id", "name", "kind", "lang", "source"]
ID_COLS = ["entity_id", "scheme", "value", "source"]
LINK_COLS = ["subject_id", "relation", "object_id", "source"]
EVENT_COLS = [
    "entity_id",
    "list_id",
    "kind",
    "effective",
    "published",
    "list_entry_id",
    "listed_name",
    "citation",
    "confirmed",
    "note",
]
KIND_ORDER = {
    "listed": 0,
    "redesignated": 1,
    "enjoined": 2,
    "injunction_lifted": 3,
    "vacated": 4,
    "superseded": 5,
    "removed": 6,
    "note": 7,
}
LIST_ORDER = {
    "bis-entity-list": 0,
    "dod-1237": 1,
    "ofac-ns-ccmc": 2,
    "ofac-ns-cmic": 3,
    "dod-1260h": 4,
}
NAME_KIND_ORDER = {"listed": 0, "former": 1, "acronym": 2, "alias": 3, "issuer": 4, "chinese": 5}


def write(path: Path, cols: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def output(reg: Registry) -> dict[str, list[dict[str, str]]]:
    ents = [
        {
            "id": e.id,
            "name": e.name,
            "kind": "company",
            "country": e.country,
            "note": "; ".join(e.notes),
        }
        for e in sorted(reg.ents.values(), key=lambda e: e.id)
    ]

    # names: drop the entity's own name and duplicates that differ only in case, spacing or
    # punctuation (the exact printed form stays in events.csv `listed_name`); keep the first
    # kind in NAME_KIND_ORDER.  Chinese names are compared as they are.
    def dkey(n: dict[str, str]) -> str:
        return n["name"] if n["kind"] == "chinese" else clean_text(n["name"])

    seen: set[tuple[str, str]] = set()
    names = []
    for n in sorted(reg.names, key=lambda n: (n["entity_id"], NAME_KIND_ORDER[n["kind"]])):
        k = (n["entity_id"], dkey(n))
        if k in seen or dkey(n) == clean_text(reg.ents[n["entity_id"]].name):
            continue
        seen.add(k)
        names.append(n)
    names.sort(key=lambda n: (n["entity_id"], NAME_KIND_ORDER[n["kind"]], n["name"]))

    seen_i: set[tuple[str, str, str]] = set()
    ids = []
    for i in reg.ids:
        k = (i["entity_id"], i["scheme"], i["value"])
        if k not in seen_i:
            seen_i.add(k)
            ids.append(i)
    scheme_order = {"ofac_ent": 0, "uscc": 1, "lei": 2, "ticker": 3, "isin": 4}
    ids.sort(key=lambda i: (i["entity_id"], scheme_order[i["scheme"]]))

    merged: dict[tuple[str, str], dict[str, str]] = {}
    for lk in reg.links:
        k = (lk["subject_id"], lk["object_id"])
        if k in merged:
            if lk["source"] not in merged[k]["source"]:
                merged[k]["source"] = lk["source"] + "; " + merged[k]["source"]
        else:
            merged[k] = dict(lk)
    links = list(merged.values())
    links.sort(key=lambda lk: (lk["subject_id"], lk["object_id"]))

    # events: by entity, then instant; same entity/list/instant keeps insertion order except
    # that the generic kind order breaks ties (removed before a same-day listed is explicit
    # below for Hesai, the only such case).
    events = list(enumerate(reg.events))

    def ekey(item: tuple[int, dict[str, str]]) -> tuple[object, ...]:
        i, e = item
        tie = (
            i
            if (e["entity_id"], e["effective"]) == ("hesai", "2024-10-29")
            else KIND_ORDER[e["kind"]]
        )
        return (
            e["entity_id"],
            e["effective"][:10],
            e["effective"],
            LIST_ORDER[e["list_id"]],
            tie,
            i,
        )

    events = [e for _, e in sorted(events, key=ekey)]
    return {
        "entities.csv": ents,
        "names.csv": names,
        "identifiers.csv": ids,
        "links.csv": links,
        "events.csv": events,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true", help="print merge report, write nothing")
    args = ap.parse_args()
    reg = build()
    curated_events(reg)
    finish(reg)
    out = output(reg)
    multi = [e for e in reg.ents.values() if len(e.lists) > 1]
    print(f"entities {len(out['entities.csv'])}, on 2+ lists {len(multi)}", file=sys.stderr)
    for src_name, eid, how in sorted(reg.merges, key=lambda m: m[1]):
        print(f"  1260H {src_name!r} -> {eid} ({how})", file=sys.stderr)
    if args.check:
        return 0
    cols = {
        "entities.csv": ENTITY_COLS,
        "names.csv": NAME_COLS,
        "identifiers.csv": ID_COLS,
        "links.csv": LINK_COLS,
        "events.csv": EVENT_COLS,
    }
    for fname, rows in out.items():
        write(OUT / fname, cols[fname], rows)
        print(f"wrote {fname}: {len(rows)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
