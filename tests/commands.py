"""Every command with arguments that make it open its registry: the table the ``--db`` tests
run on SQLite (``tests/test_cli_contract.py``) and on PostgreSQL
(``tests/registry/test_postgres.py``)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVERY_COMMAND_WITH_DB = [
    ("check", "buy", "Xiaomi"),
    ("status", "Xiaomi"),
    ("timeline", "Xiaomi"),
    ("lists",),
    ("versions",),
    ("diff", "ofac-sdn"),  # no versions yet: exit 2, but from the chosen registry
    ("update", str(ROOT / "tests" / "fixtures" / "sdn_2024-05"), "--published", "2024-05-03"),
    ("watch", str(ROOT / "examples" / "portfolio.csv")),
    ("alerts",),
    ("export", "out.ftm.json"),
    ("screen", str(ROOT / "examples" / "portfolio.csv"), "--out", "screened.csv", "--jobs", "1"),
    ("search", "Xiaomi"),
    ("impact", "Xiaomi", "--prices", "demo:1810.HK", "--market", "demo:HSI", "--events",
     "listing"),
    ("serve", "--port", "8999"),  # uvicorn.run is replaced: only the opening is tested
    ("keys", "list"),
    ("decide", "hikvision", "confirmed", "--name", "Hikvision"),
    ("audit", "verify"),
    ("news", "read", str(ROOT / "tests" / "fixtures" / "news" / "01-law360-xiaomi-injunction.txt")),
]

EXPECTED_CODES = {"diff": (0, 2), "screen": (3,)}
"""Exit codes other than 0 a command of the table ends with: ``diff`` with no versions (2),
``screen`` of a portfolio holding listed parties (3)."""
