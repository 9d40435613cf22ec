"""The demo prices shipped with listguard: Xiaomi (1810.HK) and the Hang Seng Index, 2020-01
to 2021-06 (provenance in ``listguard/data/prices/README.md``).

On the command line, ``--prices demo:1810.HK --market demo:HSI`` reads them.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PREFIX = "demo:"
DEMO_FILES = {"1810.HK": "1810.HK.csv", "XIAOMI": "1810.HK.csv", "HSI": "HSI.csv",
              "^HSI": "HSI.csv"}


def demo_path(name: str) -> Path:
    """The shipped file for ``1810.HK`` (or ``xiaomi``) or ``HSI``."""
    key = name.upper()
    if key not in DEMO_FILES:
        raise FileNotFoundError(f"no demo prices {name!r}; there are: 1810.HK, HSI")
    return Path(str(resources.files("listguard") / "data" / "prices" / DEMO_FILES[key]))


def resolve(path: str | Path) -> Path:
    """``demo:NAME`` -> the shipped file; anything else unchanged."""
    text = str(path)
    if text.lower().startswith(PREFIX):
        return demo_path(text[len(PREFIX):])
    return Path(path)
