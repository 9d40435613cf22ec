"""The exact-lookup normal forms: ``clean_text``'s quick ASCII path gives what its general
Unicode path gives."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from listguard.normalize import _PUNCT_RE, _SPACE_RE, clean_text


def _general(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    return _SPACE_RE.sub(" ", _PUNCT_RE.sub(" ", text)).strip()


@settings(max_examples=3000)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_path_agrees_with_the_general_one(text: str) -> None:
    assert clean_text(text) == _general(text)


def test_examples() -> None:
    assert clean_text("  Huawei Technologies Co., Ltd. ") == "huawei technologies co ltd"
    assert clean_text("AT&T\tInc.\x1b") == "at and t inc"
    assert clean_text("ＸＩＡＯＭＩ Corp") == "xiaomi corp"
