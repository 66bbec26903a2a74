"""`gemini backup` and `gemini restore` round-trip the demo, table by table."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from gemini.core.models import Organisation
from gemini.programme.models import Workstream


def _every_table() -> dict[str, list[dict[str, object]]]:
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
    }


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_table_exactly(demo_committed, tmp_path):
    before = _every_table()
    assert before["core.Organisation"]
    target = tmp_path / "gemini.backup"

    call_command("backup", str(target))
    Workstream.objects.all().delete()
    Organisation.objects.create(code="LATE", name="Added after the backup", kind="council")
    call_command("restore", str(target), "--yes")

    assert _every_table() == before


@pytest.mark.django_db
def test_restore_refuses_without_confirmation_and_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="add --yes"):
        call_command("restore", str(tmp_path / "x.backup"))
    with pytest.raises(CommandError, match="There is no backup file"):
        call_command("restore", str(tmp_path / "x.backup"), "--yes")
