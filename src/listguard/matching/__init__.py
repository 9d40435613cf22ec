"""Fuzzy matching of names and identifiers against the listed parties.

Small modules, one concern each: :mod:`.normalize` (names to words), :mod:`.translit` (any
script to Latin), :mod:`.tokens` (word weights and word-to-word lookups), :mod:`.index`
(candidate generation), :mod:`.features` (what is measured, documented), :mod:`.scorer` (one
query against one listed name), :mod:`.thresholds` (score to decision), :mod:`.matcher` (the
public entry point), :mod:`.types` (the result contract), :mod:`.workers` (worker processes
for large inputs) and :mod:`.cache` (the built index kept on disk).
"""

from listguard.matching.matcher import Matcher, Query
from listguard.matching.types import Contribution, Decision, Hit

__all__ = ["Contribution", "Decision", "Hit", "Matcher", "Query"]
