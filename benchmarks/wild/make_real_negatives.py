"""Write ``real_negatives.csv``: real listed companies that are on no US restriction list.

Usage::

    python benchmarks/wild/make_real_negatives.py [WHEEL] [--out PATH] [--shared DIR]

``WHEEL`` is the ``pytickersymbols`` 1.17.10 wheel (``pip download pytickersymbols==1.17.10
--no-deps -d DIR``); without it the wheel is downloaded with pip into a temporary folder. The
wheel is read as a zip file and its data module parsed with ``ast.literal_eval``: nothing in
it is imported or run.

What is written (columns ``name,country,source``), one row per company, sorted:

* every constituent of every index the package holds (AEX, BEL 20, CAC 40, CAC Mid 60, DAX,
  MDAX, SDAX, TecDAX, Dow Jones, EURO STOXX 50, FTSE 100, IBEX 35, NASDAQ 100, Nikkei 225,
  OMX Helsinki 25, OMX Stockholm 30, S&P 100, S&P 500, S&P 600, Switzerland 20);
* the name as the package gives it, less a Wikipedia disambiguator or share class in
  trailing brackets (``Rio Tinto (corporation)``, ``Clearway Energy, Inc. (Class A)``) and a
  share-class letter the OMX lists glue on (``KalmarB``);
* ``country``: ISO 3166 alpha-2, by a vote over everything the package says about the
  company in every index it is in - the ``country`` field, the headquarters, the ISIN
  prefixes, and the home market of a national index (Nikkei 225 -> JP, DAX -> DE ...);
  ties go to the ``country`` field, then headquarters, then ISIN, then home market. (The
  ``country`` field alone is unreliable: it says United Kingdom for many Nikkei companies.)
* ``source``: ``pytickersymbols 1.17.10:`` and the indices the company is in;
* one row per (name key, country): the same company in several indices is one row.

Left out, each printed with the reason: Chinese, Hong Kong and Macau issuers (country CN, HK
or MO, or an ISIN of one of them). A company whose name is, after the project's exact
normalization (``listguard.normalize.name_key``: case, punctuation and legal form removed),
a name of a listed party - an entity or name of the curated lists the package ships, or the
name or an alias of an entry of the OFAC SDN list (May 2024) or of the OFAC consolidated
non-SDN list (Dec 2025) - is **kept** and printed as a namesake: PPL Corporation (a US
utility) is not the Russian PPL, NSK Ltd. (Japan) not OOO NSK, CoStar Group (US) not Costar
Group Co., Ltd. (China). Those are the false alarms a screen must learn to tell apart (with
the country, the legal form, the kind of party), which is why issue 12 names them.
``--all-kinds`` drops every namesake instead.
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "src"))

from listguard.normalize import country_code, name_key  # noqa: E402

SHARED = Path(os.environ.get("LISTGUARD_SHARED_DATA", ROOT.parent / "shared" / "data"))
PACKAGE, VERSION = "pytickersymbols", "1.17.10"
DATA_MODULE = "pytickersymbols/indices_data.py"
WHEEL_SHA256 = "126ba59039f62fbde99d02b49eb180f0eb7987120aa8daaa25fe4b1c1651eb57"
"""pytickersymbols-1.17.10-py3-none-any.whl as PyPI serves it (the CSV was made from it)."""

HOME_MARKET = {
    "AEX": "NL",
    "BEL 20": "BE",
    "CAC_40": "FR",
    "CAC Mid 60": "FR",
    "DAX": "DE",
    "MDAX": "DE",
    "SDAX": "DE",
    "TecDAX": "DE",
    "FTSE 100": "GB",
    "IBEX 35": "ES",
    "NIKKEI 225": "JP",
    "OMX Helsinki 25": "FI",
    "OMX Stockholm 30": "SE",
    "Switzerland 20": "CH",
    "DOW JONES": "US",
    "NASDAQ 100": "US",
    "S&P 100": "US",
    "S&P 500": "US",
    "S&P 600": "US",
}
"""Where a national index's constituents are listed (EURO STOXX 50 has no home market)."""
EXCLUDED_COUNTRIES = frozenset({"CN", "HK", "MO"})
_STATES = (
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia "
    "Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland "
    "Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio "
    "Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington Wisconsin "
    "Wyoming"
)
US_STATES = frozenset(_STATES.split()) | {
    "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota",
    "Rhode Island", "South Carolina", "South Dakota", "West Virginia", "D.C.", "Puerto Rico",
    "US", "U.S", "U.S.", "USA", "United States",
}
UK_PARTS = frozenset({"UK", "U.K.", "U.K", "England", "Scotland", "Wales"})
_PARENS = re.compile(r"\([^)]*\)")
_TRAILING_PARENS = re.compile(r"\s*\([^)]*\)\s*$")
_GLUED_CLASS = re.compile(r"(?<=[a-zäöå])[ABC]$")
PRIORITY = ("country field", "headquarters", "ISIN", "home market")


def place_country(text: object) -> str:
    """ISO alpha-2 code of a place as the package writes it (``Tempe, Arizona``,
    ``Shinjuku, Tokyo 161-8525, Japan``, ``Russian Federation``); '' if none is found.
    The last part naming a country wins; two-letter parts other than US / UK are skipped
    (``Tempe, AZ`` is Arizona, not Azerbaijan)."""
    if not isinstance(text, str) or not text.strip() or text.strip().lower() == "none":
        return ""
    plain = _PARENS.sub(" ", text)
    for part in reversed([p.strip(" .") for p in re.split(r"[,;]", plain)]):
        if not part:
            continue
        if part in US_STATES or f"{part}." in US_STATES:
            return "US"
        if part in UK_PARTS:
            return "GB"
        if len(part) <= 2:
            continue
        code = country_code(part)
        if code:
            return code[:2]
    return ""


def isin_country(isin: str) -> str:
    prefix = isin[:2].upper()
    if prefix in ("EU", "XS") or country_code(prefix) != prefix:
        return ""
    return prefix


def clean_name(name: str, index: str) -> str:
    """The package's name less a trailing bracket and an OMX share-class letter."""
    out = _TRAILING_PARENS.sub("", name).strip()
    if index.startswith("OMX"):
        out = _GLUED_CLASS.sub("", out)
    return " ".join(out.split())


@dataclass
class Company:
    names: Counter[str] = field(default_factory=Counter)
    indices: set[str] = field(default_factory=set)
    votes: Counter[str] = field(default_factory=Counter)
    first_priority: dict[str, int] = field(default_factory=dict)
    isin_countries: set[str] = field(default_factory=set)

    def vote(self, code: str, priority: int) -> None:
        if code:
            self.votes[code] += 1
            self.first_priority[code] = min(priority, self.first_priority.get(code, priority))

    def country(self) -> str:
        if not self.votes:
            return ""
        return min(self.votes, key=lambda c: (-self.votes[c], self.first_priority[c], c))

    def name(self) -> str:
        # The spelling most indices use; then one not in capitals; then the first sorted.
        return min(self.names, key=lambda n: (-self.names[n], n.isupper(), n))


def read_wheel(wheel: Path) -> tuple[str, dict[str, dict[str, object]]]:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        print(f"warning: {wheel.name} has SHA-256 {digest}, not the {WHEEL_SHA256} the CSV "
              "was made from", file=sys.stderr)
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        version = ""
        for line in zf.read(meta).decode("utf-8").splitlines():
            if line.startswith("Version:"):
                version = line.split(":", 1)[1].strip()
        tree = ast.parse(zf.read(DATA_MODULE).decode("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "INDICES" for t in node.targets
        ):
            indices: dict[str, dict[str, object]] = ast.literal_eval(node.value)
            return version, indices
    raise SystemExit(f"{wheel}: no INDICES in {DATA_MODULE}")


def download_wheel(folder: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", f"{PACKAGE}=={VERSION}", "--no-deps",
           "--only-binary", ":all:", "-d", str(folder), "--quiet"]
    subprocess.run(cmd, check=True)
    return next(folder.glob(f"{PACKAGE}-{VERSION}-*.whl"))


def collect(indices: dict[str, dict[str, object]]) -> dict[str, Company]:
    """Companies, everything the package says about each: first by name as written, across
    indices; then names with one name key and one country are merged (Stabilus, STABILUS SE).
    One name key in two countries stays two companies (EQT AB, EQT Corporation)."""
    by_name: dict[str, Company] = defaultdict(Company)
    for index, data in sorted(indices.items()):
        companies = data.get("companies")
        assert isinstance(companies, list)
        for co in companies:
            name = clean_name(str(co["name"]), index)
            if not name_key(name):
                continue
            metadata = co.get("metadata") or {}
            isin_ccs = sorted({c for c in map(isin_country, co.get("isins") or []) if c})
            company = by_name[name]
            company.names[name] += 1
            company.indices.add(index.replace("_", " "))
            company.vote(place_country(co.get("country")), 0)
            company.vote(place_country(metadata.get("headquarters")), 1)
            for c in isin_ccs:
                company.vote(c, 2)
            company.vote(HOME_MARKET.get(index, ""), 3)
            company.isin_countries.update(isin_ccs)
    out: dict[str, Company] = defaultdict(Company)
    for name, one in sorted(by_name.items()):
        merged = out[f"{name_key(name)}|{one.country()}"]
        merged.names.update(one.names)
        merged.indices |= one.indices
        merged.isin_countries |= one.isin_countries
        for c, n in one.votes.items():
            merged.votes[c] += n
            p = one.first_priority[c]
            merged.first_priority[c] = min(p, merged.first_priority.get(c, p))
    return out


def listed_names(shared: Path) -> dict[str, list[tuple[str, str]]]:
    """name_key -> (entity kind, listed name and where it is listed) of each listed name with
    that key: curated entities and their names, OFAC entries' names and aliases."""
    from listguard.sources import curated
    from listguard.sources.ofac import cons_csv, sdn_csv

    out: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def add(kind: str, key_source: Iterable[tuple[str, str]]) -> None:
        for name, where in key_source:
            key = name_key(name)
            if key:
                out[key].append((kind, f"{name!r} ({where})"))

    data = curated.load()
    kinds = {e.id: e.kind for e in data.entities}
    for e in data.entities:
        add(e.kind, [(e.name, f"curated entity {e.id}")])
    for n in data.names:
        add(kinds.get(n.entity_id, "company"), [(n.name, f"curated name of {n.entity_id}")])
    for label, entries in (
        ("OFAC SDN 2024-05", sdn_csv.read(shared / "ofac/sdn_2024-05")),
        ("OFAC consolidated 2025-12", cons_csv.read(shared / "ofac/cons_2025-12")),
    ):
        for entry in entries:
            where = f"{label} ent_num {entry.entry_id}, {entry.entity_kind}"
            add(entry.entity_kind,
                [(entry.name, where), *((a, f"{where}, alias") for a, _ in entry.aliases)])
    return out


def build(indices: dict[str, dict[str, object]], version: str, shared: Path,
          all_kinds: bool = False) -> tuple[list[tuple[str, str, str]], list[str], list[str]]:
    """(rows, dropped with the reason, kept namesakes of listed people, vessels, aircraft)."""
    companies = collect(indices)
    listed = listed_names(shared)
    rows: dict[tuple[str, str], tuple[str, str, str]] = {}
    dropped: list[str] = []
    namesakes: list[str] = []
    for _, company in sorted(companies.items()):
        name, country = company.name(), company.country()
        source = f"{PACKAGE} {version}: " + "; ".join(sorted(company.indices))
        if not country:
            dropped.append(f"{name!r}: no country found ({source})")
            continue
        chinese = (company.isin_countries | {country}) & EXCLUDED_COUNTRIES
        if chinese:
            dropped.append(f"{name!r}: Chinese/HK issuer ({'/'.join(sorted(chinese))}; "
                           f"{source})")
            continue
        same = listed.get(name_key(name), [])
        if same and all_kinds:
            dropped.append(f"{name!r}: its name is a listed party's name: "
                           f"{'; '.join(w for _, w in same[:3])}")
            continue
        if same:
            namesakes.append(f"{name!r} ({country}): namesake of a listed "
                             + "; ".join(f"{k} {w}" for k, w in same[:3]))
        rows.setdefault((name, country), (name, country, source))
    rows_out = sorted(rows.values(), key=lambda r: (r[0].casefold(), r[0], r[1]))
    return rows_out, dropped, namesakes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("wheel", nargs="?", type=Path,
                        help=f"the {PACKAGE} {VERSION} wheel (default: download it with pip)")
    parser.add_argument("--out", type=Path, default=HERE / "real_negatives.csv")
    parser.add_argument("--shared", type=Path, default=SHARED,
                        help="the shared data folder holding ofac/ (default: %(default)s)")
    parser.add_argument("--all-kinds", action="store_true",
                        help="also drop namesakes of listed people, vessels and aircraft")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download_wheel(Path(tmp))
        version, indices = read_wheel(wheel)
    if version != VERSION:
        print(f"warning: {wheel.name} is version {version}, not {VERSION}", file=sys.stderr)
    rows, dropped, namesakes = build(indices, version, args.shared, args.all_kinds)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["name", "country", "source"])
        writer.writerows(rows)
    for line in dropped:
        print(f"dropped {line}")
    for line in namesakes:
        print(f"kept {line}")
    countries = Counter(c for _, c, _ in rows)
    print(f"wrote {len(rows)} rows to {args.out} ({len(dropped)} dropped); countries: "
          + ", ".join(f"{c} {n}" for c, n in countries.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
