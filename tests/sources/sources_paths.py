"""Where the importer tests find their files (imported by the tests as ``sources_paths``).

``DATA`` is ``tests/fixtures``: slices and small whole copies of the real list files, laid out
as in ``../shared/data`` (``ofac/``, ``lists/``, ``formats/``), each folder with a README
saying where its files came from and how they were cut. ``FIXTURES`` is ``fixtures/`` beside
this file: files written for these tests (see its README). Neither needs ``../shared``.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
