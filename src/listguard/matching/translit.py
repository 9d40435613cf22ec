"""Transliteration: any script to lowercase Latin words a list name could contain.

* **Chinese (Han)**: company-name vocabulary is *translated* with a small glossary (集团 ->
  group, 技术 -> technology, 中国 -> china, 有限公司 -> ltd ...), because English list names
  translate those words rather than spell them in pinyin; every other run of Han characters
  becomes one pinyin word (华为 -> huawei, 小米 -> xiaomi), the way brand names are romanised.
  Traditional characters are folded to simplified ones first, so 集團 and 集团 agree.
* **Cyrillic** goes through ICU's BGN/PCGN romanisation (``Russian-Latin/BGN``), the system
  the US government itself uses for Russian names (Шевченко Юрий -> Shevchenko Yuriy), with
  ICU's general rules for letters it leaves (Ukrainian і, є, ї). It is also some twenty times
  quicker per new word than the general path below.
* **Indic scripts and Ethiopic** go through ICU's general rules (``Any-Latin``).
* **Every other script** goes through rigour's ``ascii_text`` (rigour's own tables for
  Greek, Armenian, Georgian and Hangul; ICU via normality for the rest).

The glossary is deliberately generic (sector words, legal forms, places): it holds no
company's own name, so a listed company is never matched through knowledge about it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from pypinyin import lazy_pinyin
from rigour.text import ascii_text

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CYRILLIC_RE = re.compile(r"[\u0400-\u052f]")
_BGN_RULES = "Russian-Latin/BGN; Any-Latin; Latin-ASCII"
_ICU_SCRIPTS_RE = re.compile(r"[\u0900-\u0dff\u1200-\u139f]")
"""Indic scripts (Devanagari ... Sinhala) and Ethiopic: ICU's general rules read them well
(नरेन्द्र मोदी -> narendra modi) where the fallback below does not."""
_ICU_RULES = "Any-Latin; Latin-ASCII"
_BGN_MARKS = str.maketrans("", "", "'\"\u02b9\u02ba\u2019\u201d")
"""The soft and hard signs' marks in BGN/PCGN output: names are written without them."""

# Traditional -> simplified, for the characters the glossary uses (and a few common others).
_TRAD = str.maketrans(
    "國際團電鐵業務術機發資貿銀車導體無線學開華廣東區長聯網訊數軟備設裝製鋼礦運輸遠"
    "藥醫氣儀衛標計劃產實業興達環維濟動貨倉證條險銷遼寧蘇陝龍門變壓層鋁鎳銅錫鋅輕紡織"
    "農漢島灣臺台飛彈雷艦艇晶體積電路",
    "国际团电铁业务术机发资贸银车导体无线学开华广东区长联网讯数软备设装制钢矿运输远"
    "药医气仪卫标计划产实业兴达环维济动货仓证条险销辽宁苏陕龙门变压层铝镍铜锡锌轻纺织"
    "农汉岛湾台台飞弹雷舰艇晶体积电路",
)

# Longest entries first at each position (see _translate). Values are English words as list
# names print them; legal forms map to words names.py strips.
GLOSSARY: dict[str, str] = {
    # legal forms
    "股份有限公司": "co ltd", "有限责任公司": "ltd", "有限公司": "ltd", "总公司": "corporation",
    "公司": "company", "集团": "group", "控股": "holdings", "股份": "co",
    # places and generic qualifiers
    "中国": "china", "中华": "china", "国际": "international", "国家": "national",
    "全国": "national", "北方": "north", "南方": "south", "东方": "eastern", "西部": "western",
    # sectors
    "技术": "technology", "科技": "technology", "科学": "science", "科工": "science industry",
    "工业": "industry", "产业": "industry", "实业": "industrial", "重工": "heavy industry",
    "工程": "engineering", "建设": "construction", "建筑": "construction", "航空": "aviation",
    "航天": "aerospace", "发动机": "engine", "飞机": "aircraft", "商用": "commercial",
    "船舶": "shipbuilding", "造船": "shipbuilding", "兵器": "ordnance", "装备": "equipment",
    "设备": "equipment", "电子": "electronics", "通信": "communications",
    "通讯": "communications", "电信": "telecom", "移动": "mobile", "联通": "unicom",
    "网络": "network", "信息": "information", "数字": "digital", "软件": "software",
    "半导体": "semiconductor", "集成电路": "integrated circuit", "微电子": "microelectronics",
    "制造": "manufacturing", "石油": "petroleum", "天然气": "natural gas", "石化": "petrochemical",
    "化工": "chemical", "海洋": "offshore", "能源": "energy", "电力": "power",
    "核工业": "nuclear industry", "电网": "grid", "铁路": "railway",
    "铁建": "railway construction", "交通": "communications",
    "交建": "communications construction", "银行": "bank", "投资": "investment",
    "发展": "development", "贸易": "trading", "进出口": "import export", "物流": "logistics",
    "运输": "transportation", "航运": "shipping", "海运": "shipping", "远洋": "ocean",
    "研究院": "research institute", "研究所": "research institute", "大学": "university",
    "学院": "academy", "科学院": "academy of sciences", "医药": "pharmaceutical",
    "生物": "biological", "汽车": "automobile", "机械": "machinery", "材料": "materials",
    "矿业": "mining", "钢铁": "steel", "有色金属": "nonferrous metals", "金属": "metals",
    "电气": "electric", "仪器": "instruments", "光电": "optoelectronics", "无人机": "uav",
    "卫星": "satellite", "导弹": "missile", "雷达": "radar", "证券": "securities",
    "保险": "insurance", "房地产": "real estate", "视频": "video", "智能": "intelligent",
    "安全": "security",
    # provinces and large cities, so a place name never fuses with the brand after it
    "北京": "beijing", "上海": "shanghai", "天津": "tianjin", "重庆": "chongqing",
    "广州": "guangzhou", "深圳": "shenzhen", "杭州": "hangzhou", "南京": "nanjing", "武汉": "wuhan",
    "成都": "chengdu", "长沙": "changsha", "郑州": "zhengzhou", "合肥": "hefei", "济南": "jinan",
    "青岛": "qingdao", "大连": "dalian", "沈阳": "shenyang", "哈尔滨": "harbin", "苏州": "suzhou",
    "无锡": "wuxi", "厦门": "xiamen", "福州": "fuzhou", "昆明": "kunming", "南昌": "nanchang",
    "珠海": "zhuhai", "东莞": "dongguan", "佛山": "foshan", "绵阳": "mianyang", "洛阳": "luoyang",
    "株洲": "zhuzhou", "香港": "hong kong", "澳门": "macau", "台湾": "taiwan", "浙江": "zhejiang",
    "广东": "guangdong", "四川": "sichuan", "湖北": "hubei", "湖南": "hunan", "河南": "henan",
    "河北": "hebei", "福建": "fujian", "安徽": "anhui", "辽宁": "liaoning", "吉林": "jilin",
    "黑龙江": "heilongjiang", "陕西": "shaanxi", "山西": "shanxi",
    "云南": "yunnan", "甘肃": "gansu",
    "新疆": "xinjiang", "西藏": "tibet", "内蒙古": "inner mongolia", "青海": "qinghai",
    "海南": "hainan", "江西": "jiangxi", "广西": "guangxi",
}
_MAX_KEY = max(len(k) for k in GLOSSARY)


def has_han(text: str) -> bool:
    return _HAN_RE.search(text) is not None


def _translate(run: str) -> list[str]:
    """Glossary words where they fit (longest first), pinyin words for the rest."""
    words: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            words.append("".join(lazy_pinyin("".join(pending))))
            pending.clear()

    i = 0
    while i < len(run):
        for size in range(min(_MAX_KEY, len(run) - i), 0, -1):
            english = GLOSSARY.get(run[i : i + size])
            if english is not None:
                flush()
                words.append(english)
                i += size
                break
        else:
            pending.append(run[i])
            i += 1
    flush()
    return words


@lru_cache(maxsize=65536)
def latinize(text: str) -> str:
    """Lowercase Latin text for any input; ASCII input comes back unchanged.

    >>> latinize("华为技术有限公司")
    'huawei technology ltd'
    >>> latinize("Газпром нефть")
    'Gazprom neft'
    """
    if text.isascii():
        return text
    if has_han(text):
        text = text.translate(_TRAD)
        text = _HAN_RE.sub(lambda m: " " + " ".join(_translate(m.group(0))) + " ", text)
        if text.isascii():
            return " ".join(text.split())
    return " ".join(_latin_word(w) for w in text.split())


@lru_cache(maxsize=65536)
def _latin_word(word: str) -> str:
    """One word to Latin. Names are new every time, their words much less so: this is the
    cache that works."""
    if word.isascii():
        return word
    # Latin letters with accents (José, Müller): dropping the marks is the transliteration,
    # and much quicker than the general one.
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    if plain.isascii():
        return plain
    if _CYRILLIC_RE.search(word):
        latin = str(_icu(_BGN_RULES).transliterate(word)).translate(_BGN_MARKS)
        if latin.isascii():
            return latin
    if _ICU_SCRIPTS_RE.search(word):
        latin = "".join(c for c in str(_icu(_ICU_RULES).transliterate(word)) if c.isascii())
        if latin.strip():
            return latin
    return ascii_text(word)


@lru_cache(maxsize=4)
def _icu(rules: str) -> Any:
    """An ICU transliterator (made once per process: making one takes milliseconds)."""
    import icu

    return icu.Transliterator.createInstance(rules)


def clear_caches() -> None:
    latinize.cache_clear()
    _latin_word.cache_clear()
