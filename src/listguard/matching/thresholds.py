"""Decision thresholds: the one place that turns a score into ``match``/``review``/``no_match``.

Chosen on the benchmark's *dev* split (``python benchmarks/bench_matching.py --split dev
--sweep``) and reported on the disjoint *test* split; see the README's screening section.
"""

from listguard.matching.types import Decision

MATCH_THRESHOLD = 0.85
"""At or above: ``match``."""
REVIEW_THRESHOLD = 0.70
"""At or above (and below ``MATCH_THRESHOLD``): ``review``."""

REPORT_FLOOR = 0.30
"""Candidates scoring under this are not reported at all (not even as ``no_match``)."""


def decide(score: float) -> Decision:
    """The decision for a score."""
    if score >= MATCH_THRESHOLD:
        return Decision.MATCH
    if score >= REVIEW_THRESHOLD:
        return Decision.REVIEW
    return Decision.NO_MATCH
