"""The reports API (read only): the same access layer as the pages, files exactly as issued."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from gemini.api.services import create_token
from gemini.reports import services

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    _, token = create_token(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_member_lists_issued_reports_with_their_part_1_files_only(draft, personas):
    report = services.issue_report(draft, personas["pmo"])

    listed = _client(personas["member"]).get("/api/v1/reports/").json()

    assert [r["id"] for r in listed] == [report.pk]
    files = {f["filename"]: f for f in listed[0]["files"]}
    assert set(files) == {"part1.docx", "part1.pdf"}
    assert files["part1.pdf"]["sha256"] == report.files.get(part="part1", format="pdf").sha256


def test_a_member_gets_the_issued_part_1_file_and_never_part_2(draft, personas):
    report = services.issue_report(draft, personas["pmo"])
    client = _client(personas["member"])

    part1 = client.get(f"/api/v1/reports/{report.pk}/files/part1.pdf")
    part2 = client.get(f"/api/v1/reports/{report.pk}/files/part2.pdf")

    assert part1.status_code == 200
    assert part1["X-Content-SHA256"] == hashlib.sha256(part1.content).hexdigest()
    assert part1.content == bytes(report.files.get(part="part1", format="pdf").content)
    assert part2.status_code == 404
    assert part2.json() == {"detail": "There is no such report part."}


def test_an_officer_sees_drafts_with_every_file(draft, personas):
    listed = _client(personas["finance"]).get("/api/v1/reports/").json()

    assert listed[0]["status"] == "draft"
    assert {f["filename"] for f in listed[0]["files"]} == {
        "part1.docx",
        "part1.pdf",
        "part2.docx",
        "part2.pdf",
    }
    assert all(f["sha256"] is None for f in listed[0]["files"])


def test_a_member_cannot_see_a_draft(draft, personas):
    response = _client(personas["member"]).get(f"/api/v1/reports/{draft.pk}")

    assert response.status_code == 404
