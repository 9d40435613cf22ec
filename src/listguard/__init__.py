"""listguard: US restriction lists, point in time.

``listguard.screen(...)`` screens names or a DataFrame (see :func:`listguard.screening.api.screen`).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["screen"]


def __getattr__(name: str) -> Any:
    if name == "screen":  # imported on first use: pandas and the matcher are not light
        from listguard.screening.api import screen

        return screen
    raise AttributeError(f"module 'listguard' has no attribute {name!r}")
