"""Fuzzy matching of names and identifiers against the listed parties.

Small modules, one concern each: :mod:`.normalize` (names to words), :mod:`.translit` (any
script to Latin), :mod:`.tokens` (word weights and word-to-word lookups), :mod:`.index`
(candidate generation), :mod:`.features` (what is measured, documented), :mod:`.scorer` (one
query against one listed name), :mod:`.thresholds` (score to decision), :mod:`.matcher` (the
public entry point), :mod:`.types` (the result contract), :mod:`.workers` (worker processes
for large inputs) and :mod:`.cache` (the built index kept on disk).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from listguard.matching.matcher import Matcher, Query
    from listguard.matching.types import Contribution, Decision, Hit

_EXPORTS = {"Matcher": "matcher", "Query": "matcher", "Contribution": "types",
            "Decision": "types", "Hit": "types"}
"""Loaded on first use: the thresholds or the result types alone do not load the index
(numpy, scipy) or the transliteration tables."""

__all__ = ["Contribution", "Decision", "Hit", "Matcher", "Query"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'listguard.matching' has no attribute {name!r}")
    return getattr(import_module(f"listguard.matching.{_EXPORTS[name]}"), name)
