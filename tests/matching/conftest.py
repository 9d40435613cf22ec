"""A small listed corpus of real list names (public domain) for the matching tests."""

from __future__ import annotations

import pytest

from listguard.matching import Matcher
from listguard.model import IdScheme, NameKind

P, A, F, L, C = NameKind.PRIMARY, NameKind.ALIAS, NameKind.FORMER, NameKind.LISTED, \
    NameKind.CHINESE

LISTED: list[tuple[str, str, NameKind]] = [
    ("smic", "Semiconductor Manufacturing International Corporation", P),
    ("smic-shenzhen", "Semiconductor Manufacturing International (Shenzhen) Corporation", P),
    ("xiaomi", "Xiaomi Corporation", P),
    ("huawei", "Huawei Technologies Co., Ltd.", P),
    ("china-mobile", "China Mobile Limited", P),
    ("china-mobile", "China Mobile", A),
    ("china-mobile", "中国移动有限公司", C),
    ("china-mobile-group", "China Mobile Communications Group Co., Ltd.", P),
    ("china-mobile-group", "CHINA MOBILE", A),
    ("china-mobile-group", "中国移动通信集团有限公司", C),
    ("hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.", P),
    ("cnooc", "China National Offshore Oil Corporation", P),
    ("avic", "Aviation Industry Corporation of China, Ltd.", P),
    ("avic", "AVIC", A),
    ("avic-jonhon", "AVIC Jonhon Optronic Technology Co., Ltd.", P),
    ("cctc", "China Construction Technology Co., Ltd.", P),
    ("cc-america", "China Construction America, Inc.", P),
    ("casic", "China Aerospace Science and Industry Corporation Limited", P),
    ("casc", "China Aerospace Science and Technology Corporation", P),
    ("cetc", "China Electronics Technology Group Corporation", P),
    ("csgc", "China South Industries Group Corporation", P),
    ("crcc", "China Railway Construction Corporation Limited", P),
    ("ch-uav", "Aerospace CH UAV Co., Ltd", P),
    ("kunlun", "Bank of Kunlun", P),
    ("bnc", "Banco Nacional de Cuba", P),
    ("bnc", "National Bank of Cuba", A),
    ("commercial-syria", "Commercial Bank of Syria", P),
    ("aerospace-comms", "Aerospace Communications Holdings Group Company Limited", P),
    ("aerospace-comms", "Aerospace Communications Holdings Company Limited", F),
    ("gazprom", "Open Joint Stock Company Gazprom", P),
    ("tactical", "Tactical Missiles Corporation Joint Stock Company", P),
    ("vipaks", "LIMITED LIABILITY COMPANY VIPAKS+", P),
    ("ilyushin", "JOINT STOCK COMPANY ILYUSHIN FINANCE COMPANY", P),
    ("sinochem", "Sinochem Group Co., Ltd.", P),
    ("cgn", "China General Nuclear Power Corporation", P),
    ("haige", "Guangzhou Haige Communications Group Incorporated Company", P),
    ("inspur", "Inspur Group", P),
    ("dahua", "Zhejiang Dahua Technology Co., Ltd.", P),
    ("megvii", "Beijing Megvii Technology Co., Ltd.", P),
    ("putin", "PUTIN, Vladimir Vladimirovich", P),
    ("kim-jong-un", "KIM, Jong Un", P),
    ("kim-jong-il", "KIM, Jong Il", P),
    ("qaida", "AL QA'IDA", P),
    ("aeroflot", "Aerocaribbean Airlines", P),
    ("sam", "SAM", A),
    ("tata", "TATA", A),
    ("trading-1", "Pacific Trading Group Limited", P),
    ("trading-2", "Global Technology Trading Company Limited", P),
    ("holdings-1", "Sunrise International Holdings Group", P),
    ("tech-1", "Shenzhen Technology Development Company", P),
]
IDENTIFIERS = [
    ("xiaomi", IdScheme.ISIN, "KYG9830T1067"),
    ("xiaomi", IdScheme.TICKER, "1810 HK"),
    ("smic", IdScheme.TICKER, "0981 HK"),
]


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    return Matcher.build(LISTED, IDENTIFIERS, {"xiaomi": "CN", "smic": "CN"})
