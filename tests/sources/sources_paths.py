"""Where the importer tests find their files (imported by the tests as ``sources_paths``).

Real list files live outside the repository, in ``/work/shared/data`` (found relative to this
file); tests that need them are skipped when that folder is absent. Small fixtures written for
these tests live in ``fixtures/`` (see its README).
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared"
DATA = SHARED / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def need(path: Path) -> Path:
    """``path`` if it exists, else skip the calling test."""
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path
