"""Request bodies, in the command line's words (``action``, ``query``, ``on``, ``known_at``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

Text = Field(min_length=1, max_length=1000)


class CheckRequest(BaseModel):
    """``POST /v1/check``: may a US person do ``action`` with ``query`` at ``on``?"""

    model_config = ConfigDict(extra="forbid")
    action: str = Field(min_length=1, max_length=40,
                        description="buy, sell, hold, dod-contract, export or invest")
    query: str = Text
    on: str | None = Field(default=None, max_length=64,
                           description="A date (noon New York) or ISO datetime; default now")
    known_at: str | None = Field(default=None, max_length=64)


class ScreenRequest(BaseModel):
    """``POST /v1/screen``: rows of a file, as objects (``name``, ``country``, ``type``,
    ``dob``, ``ticker``, ``isin``, ``lei``, ``id``; for people ``birth_place``, ``gender``,
    ``passport``, ``national_id``; and any other field, returned as given)."""

    model_config = ConfigDict(extra="forbid")
    rows: list[dict[str, str | int | float | None]] = Field(min_length=1)
    on: str | None = Field(default=None, max_length=64)
    known_at: str | None = Field(default=None, max_length=64)
    type: str | None = Field(default=None, max_length=20,
                             description="company, person, vessel, aircraft or any")
    decisions: bool = Field(default=True,
                            description="resolve rows with the reviewers' earlier decisions")


class DecisionRequest(BaseModel):
    """``POST /v1/decisions``: a reviewer's decision about an input against a listed party."""

    model_config = ConfigDict(extra="forbid")
    input: dict[str, str] = Field(description="the input as screened: name, country, type, "
                                  "dob, ticker, isin, lei, id")
    entity_id: str = Field(min_length=1, max_length=200)
    decision: str = Field(description="cleared, confirmed or escalated", max_length=20)
    comment: str = Field(default="", max_length=4000)


class KeyRequest(BaseModel):
    """``POST /v1/keys``: a new key (shown once in the answer)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    role: str = Field(description="viewer, analyst or admin", max_length=20)
