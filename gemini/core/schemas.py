"""The base of every schema the API reads from a request (django-ninja, gemini/api/api.py).

`InputSchema` applies the text rule (gemini.core.text: no formulas, no hidden direction
controls) to every text field, the same rule as forms and imports. A refused value is a 422 in
the shape of any other field the schema refuses, naming the field in `loc`:

    {"detail": [{"type": "text", "loc": ["body", "payload", "title"], "msg": "..."}]}

The OpenAPI schema states the rule too: every text field carries
`"not": {"pattern": REFUSED_PATTERN}`, so clients (and schemathesis) know what is refused.

Every request body in the OpenAPI schema is an InputSchema (gemini/api/tests/
test_text_safety.py walks them), so a new route cannot skip the rule.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from gemini.core.text import REFUSED_PATTERN, problem_with_text

_REFUSED = {
    "pattern": REFUSED_PATTERN,
    "description": "Text a spreadsheet would run as a formula, or holding a hidden direction "
    "control, is refused.",
}


def _state_the_rule(schema: dict[str, Any]) -> None:
    """Mark every text in a field's JSON schema (through anyOf, oneOf and array items)."""
    if schema.get("type") == "string":
        schema["not"] = _REFUSED
    for option in (*schema.get("anyOf", ()), *schema.get("oneOf", ())):
        _state_the_rule(option)
    if isinstance(schema.get("items"), dict):
        _state_the_rule(schema["items"])


def _state_the_rule_on_fields(schema: dict[str, Any]) -> None:
    for field in schema.get("properties", {}).values():
        _state_the_rule(field)


class InputSchema(Schema):
    """A request body: every text field (and text in a list) is checked."""

    model_config = ConfigDict(json_schema_extra=_state_the_rule_on_fields)

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_unsafe_text(cls, value: Any, info: ValidationInfo) -> Any:
        texts = value if isinstance(value, list | tuple) else (value,)
        where = "the " + (info.field_name or "text").replace("_", " ")
        for text in texts:
            if isinstance(text, str) and (problem := problem_with_text(text, where)):
                raise PydanticCustomError("text", problem)  # no context: the text is not a template
        return value
