"""Fuzzing one part of the API over demo data with schemathesis (each app's test_api_fuzz.py).

`fuzz_operations(prefix, token, real_path)` generates requests for every operation whose path
starts with `prefix`, as the token's owner: once with generated path parameters, and again
with `real_path(operation)` (real records), so generated writes reach a record that exists.
It fails on any 5xx or any answer that does not match the schema. It returns how many
operations it fuzzed, for the caller to check against what the app offers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings

EXAMPLES = 10


def no_real_path(operation: Any) -> dict[str, Any]:
    return {}


def real_values(known: dict[str, Any]) -> Callable[[Any], dict[str, Any]]:
    """`real_path` for operations whose path parameters are among `known`, by name."""

    def pick(operation: Any) -> dict[str, Any]:
        names = {parameter.name for parameter in operation.path_parameters}
        return {name: value for name, value in known.items() if name in names}

    return pick


def fuzz_operations(
    prefix: str,
    token: str,
    real_path: Callable[[Any], dict[str, Any]] = no_real_path,
    examples: int = EXAMPLES,
    excluded_checks: Sequence[Any] = (),
) -> int:
    from gemini.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [
        result.ok()  # type: ignore[union-attr]
        for result in schema.get_all_operations()
        if result.ok().path.startswith(prefix)  # type: ignore[union-attr]
    ]
    for operation in operations:
        fixed = real_path(operation)
        strategies = [operation.as_strategy()]
        if fixed:
            strategies.append(operation.as_strategy(path_parameters=fixed))
        for strategy in strategies:

            @given(case=strategy)
            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
            )
            def fuzz(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
                case.call_and_validate(
                    headers={"Authorization": f"Bearer {token}"},
                    excluded_checks=list(excluded_checks),
                )

            fuzz()
    return len(operations)
