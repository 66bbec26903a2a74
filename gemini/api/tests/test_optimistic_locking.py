"""Every API update sends the version it started from (docs/adr/0004-optimistic-locking.md).

The test walks the OpenAPI schema, so a route added later cannot skip the check: every PUT and
PATCH operation's JSON body must require an integer `version`, in each of its alternatives.
The API answers 409 with the current version when it is stale (gemini/api/api.py).
"""

from __future__ import annotations

from typing import Any

from gemini.api.api import api

Schema = dict[str, Any]
UPDATES = ("put", "patch")


def _resolve(schema: Schema, components: Schema) -> Schema:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def requires_version(schema: Schema, components: Schema) -> bool:
    """True when every body this schema allows must carry an integer `version`."""
    schema = _resolve(schema, components)
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if alternatives:
        return all(requires_version(option, components) for option in alternatives)
    if "allOf" in schema:
        return any(requires_version(part, components) for part in schema["allOf"])
    version = _resolve(schema.get("properties", {}).get("version", {}), components)
    return "version" in schema.get("required", []) and version.get("type") == "integer"


def updates_without_a_version(document: Schema) -> list[str]:
    """The PUT and PATCH operations of an OpenAPI document that do not require `version`."""
    components = document.get("components", {}).get("schemas", {})
    missing = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method not in UPDATES:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None or not requires_version(body["schema"], components):
                missing.append(f"{method.upper()} {path}")
    return missing


def test_every_put_and_patch_operation_requires_the_version_it_started_from():
    missing = updates_without_a_version(api.get_openapi_schema())

    assert not missing, (
        "These API updates do not require an integer `version` in their JSON body, so one "
        f"person's save could silently overwrite another's: {missing}. Add `version: int` to "
        "the input schema and save through gemini.core.versioning.save_edit."
    )


def test_the_walk_finds_an_update_that_skips_the_version():
    document = {
        "paths": {
            "/a/{id}": {
                "put": {
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/c/schemas/A"}}}
                    }
                },
                "get": {},
            },
            "/b/{id}": {
                "patch": {
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "anyOf": [{"$ref": "#/c/schemas/A"}, {"$ref": "#/c/schemas/B"}]
                                }
                            }
                        }
                    }
                }
            },
            "/c/{id}": {"patch": {}},
            "/d/{id}": {
                "put": {
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/c/schemas/S"}}}
                    }
                }
            },
        },
        "components": {
            "schemas": {
                "A": {"properties": {"version": {"type": "integer"}}, "required": ["version"]},
                "B": {"properties": {"version": {"type": "integer"}}},  # optional: not enough
                "S": {"properties": {"version": {"type": "string"}}, "required": ["version"]},
            }
        },
    }

    assert updates_without_a_version(document) == ["PATCH /b/{id}", "PATCH /c/{id}", "PUT /d/{id}"]
