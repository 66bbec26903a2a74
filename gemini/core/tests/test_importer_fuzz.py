"""Whatever bytes arrive, the importer answers with problems or rows — never a crash."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gemini.core.importing import importer_for, validate

CELL = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2_000), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_arbitrary_bytes_give_problems_not_a_crash(data, suffix):
    result, rows = validate(importer_for("organisations"), data, f"upload{suffix}")

    assert result.problems or rows


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(CELL, CELL, CELL), min_size=1, max_size=20))
def test_arbitrary_cells_are_either_all_valid_or_reported_by_row(rows):
    lines = ["code,name,kind"] + [
        ",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows
    ]
    result, cleaned = validate(
        importer_for("organisations"), "\n".join(lines).encode(), "organisations.csv"
    )

    if result.problems:
        assert all(problem.row >= 0 for problem in result.problems)
    else:
        assert len(cleaned) == result.rows_read
