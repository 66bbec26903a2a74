"""`gemini migration plan|export`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gemini.migration import services


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("migration", *args, stdout=out)
    return out.getvalue()


def test_plan_prints_json_with_the_issues_keys(estate):
    payload = json.loads(run("plan", "--max-users", "15", "--start", "2025-04-21", "--json"))
    assert set(payload) == {"identities", "move_groups", "waves", "findings"}
    first = payload["waves"][0]
    assert set(first) == {"name", "cutover", "submit_by", "users", "gb"}
    assert first["cutover"] == "2025-05-06"  # 05/05/2025 is the Early May bank holiday
    assert all(len(wave["users"]) <= 15 for wave in payload["waves"])
    placed = sum(len(wave["users"]) for wave in payload["waves"])
    held_back = services.current_plan().held_back  # type: ignore[union-attr]
    assert held_back == 2  # the demo's leaver and guest
    assert placed + held_back == payload["identities"]
    assert {"kind", "detail"} == set(payload["findings"][0])


def test_plan_prints_a_table_otherwise(estate):
    assert "Pilot" in run("plan")


def test_plan_rejects_a_bad_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("plan", "--start", "21/04/2025")


def test_export_writes_the_files(estate, tmp_path):
    run("export", "fasttrack", "--out", str(tmp_path / "out"))
    assert (tmp_path / "out" / "fasttrack-batches.csv").read_bytes().startswith(b"Batch,User\r\n")
    run("export", "batches", "--out", str(tmp_path / "out"))
    batch = (tmp_path / "out" / "batch-pilot.csv").read_bytes()
    assert batch.startswith(b"EmailAddress\r\n")


def test_export_needs_a_plan(db, tmp_path):
    with pytest.raises(CommandError, match="no plan"):
        run("export", "redirect-map", "--out", str(tmp_path))
