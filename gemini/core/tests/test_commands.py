"""The `gemini` command: createuser and import."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gemini.core.models import Organisation, Role, User


@pytest.mark.django_db
def test_createuser_gives_a_person_a_role_in_an_organisation(personas, capsys):
    call_command(
        "createuser",
        "--email",
        "New.Person@Example.org",
        "--role",
        "finance",
        "--organisation",
        "cwac",
        "--password",
        "a-long-enough-password",
    )

    user = User.objects.get(email="new.person@example.org")
    assert user.check_password("a-long-enough-password")
    membership = user.memberships.get()
    assert (membership.role, membership.organisation.code) == (Role.FINANCE, "CWAC")
    assert "created" in capsys.readouterr().out


@pytest.mark.django_db
def test_createuser_without_a_terminal_prints_a_generated_password_once(personas, capsys):
    call_command(
        "createuser", "--email", "x@example.org", "--role", "member", "--organisation", "CEC"
    )

    out = capsys.readouterr().out
    password = out.split("Password (shown once): ")[1].strip()
    assert User.objects.get(email="x@example.org").check_password(password)


@pytest.mark.django_db
def test_createuser_refuses_an_unknown_organisation_and_a_weak_password(personas):
    with pytest.raises(CommandError, match="There is no organisation NOPE"):
        call_command("createuser", "--email", "a@b.org", "--role", "hr", "--organisation", "NOPE")
    with pytest.raises(CommandError, match="too short"):
        call_command(
            "createuser",
            "--email",
            "a@b.org",
            "--role",
            "hr",
            "--organisation",
            "CEC",
            "--password",
            "short",
        )
    assert not User.objects.filter(email="a@b.org").exists()


@pytest.mark.django_db
def test_import_command_writes_a_good_file(tmp_path, capsys):
    path = tmp_path / "organisations.csv"
    path.write_text("code,name,kind\nAAA,Alpha Council,council\n")

    call_command("import", "organisations", str(path))

    assert Organisation.objects.filter(code="AAA").exists()
    assert "Imported 1 row(s)" in capsys.readouterr().out


@pytest.mark.django_db
def test_import_command_dry_run_writes_nothing(tmp_path, capsys):
    path = tmp_path / "organisations.csv"
    path.write_text("code,name,kind\nAAA,Alpha Council,council\n")

    call_command("import", "organisations", str(path), "--dry-run")

    assert not Organisation.objects.exists()
    out = capsys.readouterr().out
    assert "Would import 1 row(s)" in out
    assert "Dry run: nothing was written." in out


@pytest.mark.django_db
def test_import_command_lists_every_problem_and_fails(tmp_path, capsys):
    path = tmp_path / "organisations.csv"
    path.write_text("code,name,kind\nlower,Alpha,council\nBBB,,council\n")

    with pytest.raises(CommandError, match="has 2 problem"):
        call_command("import", "organisations", str(path))

    out = capsys.readouterr().out
    assert "capital letters" in out
    assert "name is empty" in out
    assert not Organisation.objects.exists()


def test_import_command_names_the_known_kinds():
    with pytest.raises(CommandError, match=r"Known kinds: .*organisations"):
        call_command("import", "spaceships", "x.csv")
