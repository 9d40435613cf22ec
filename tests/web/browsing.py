"""What the web tests share with their fixtures (``conftest.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Site:
    """The running service: its URL, registry and a key of each role."""

    url: str
    db: str
    keys: dict[str, str]
    jobs: Path
