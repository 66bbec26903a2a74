"""The programme API's shared schema parts: the constrained types and the error bodies.
Each subject's schemas are in its own package (status, risks, governance, benefits, catalogue)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from gemini.core import rating

Money = Annotated[str, Field(pattern=r"^-?\d+\.\d{2}$", examples=["1470000.00"])]


Percent = Annotated[str, Field(pattern=r"^-?\d+\.\d$", examples=["100.0"])]


Id = Annotated[int, Field(ge=1, le=2_147_483_647)]


Version = Annotated[int, Field(ge=1, le=2_147_483_647)]


Level = Annotated[int, Field(ge=1, le=10)]


SLUG = r"^[-a-zA-Z0-9_]+$"


Slug = Annotated[str, Field(min_length=1, max_length=50, pattern=SLUG)]


# Text a person wrote: no NUL (PostgreSQL refuses it); required text is not only spaces.
_ANY = r"^[^\x00]*$"


_VISIBLE = r"^[^\x00]*[^\s\x00-\x20\x7f-\x9f][^\x00]*$"  # the same in Python and ECMAScript


_LINE = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"


Reference = Annotated[str, Field(min_length=1, max_length=20, pattern=_LINE)]


Title = Annotated[str, Field(min_length=1, max_length=300, pattern=_VISIBLE)]


ActionText = Annotated[str, Field(min_length=1, max_length=5000, pattern=_VISIBLE)]


Category = Annotated[str, Field(max_length=60, pattern=_ANY)]


ShortText = Annotated[str, Field(max_length=200, pattern=_ANY)]


LongText = Annotated[str, Field(max_length=10_000, pattern=_ANY)]


DecimalIn = Annotated[
    str,
    Field(pattern=r"^-?\d{1,12}(\.\d{1,2})?$", examples=["2670000.00"]),
]


Rating = rating.Rating


Confidentiality = Literal["public", "exempt"]


Paragraph = Annotated[int, Field(ge=1, le=7)]


Response = Literal["treat", "tolerate", "transfer", "terminate"]


RiskStatus = Literal["open", "occurred", "closed"]


Priority = Literal["low", "medium", "high", "critical"]


def kept() -> Any:
    """The default of a field an update may leave out (it keeps its value): not nullable in
    the schema, so a client cannot send `null` for a field that must have a value."""
    return Field(default=None)


class ProgrammeError(Schema):
    detail: str


class ProgrammeStale(Schema):
    detail: str
    current_version: int


class ProgrammeInvalid(Schema):
    detail: str | list[dict[str, Any]]
    errors: dict[str, list[str]] | None = None


READ_ERRORS: dict[int, type[Schema]] = {403: ProgrammeError, 404: ProgrammeError}


INPUT_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 422: ProgrammeInvalid}


WRITE_ERRORS: dict[int, type[Schema]] = {**INPUT_ERRORS, 409: ProgrammeStale}


# A record keyed by a date that would replace one already recorded for that date: 409 with
# whose it is, unless the request says `"replace": true` (issue 19 item 2).
REPLACE_ERRORS: dict[int, type[Schema]] = {**INPUT_ERRORS, 409: ProgrammeInvalid}
