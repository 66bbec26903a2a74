"""gemini createuser --email E --role R --organisation CODE: add a person with a role."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gemini.core import services
from gemini.core.models import Organisation, Role


class Command(BaseCommand):
    help = (
        "Create a user with a role in an organisation (or give an existing user the role). "
        "Roles: " + ", ".join(Role.values) + "."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--organisation", required=True, help="Organisation code, e.g. CEC.")
        parser.add_argument("--name", default="", help="The person's full name.")
        parser.add_argument(
            "--password",
            default=None,
            help="Set this password. Without it you are asked for one, or (with no terminal) "
            "a random one is made and printed once.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["organisation"].upper()
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None:
            known = ", ".join(Organisation.objects.values_list("code", flat=True)) or "none yet"
            raise CommandError(f"There is no organisation {code}. Known: {known}.")
        password = options["password"]
        generated = False
        if password is None:
            if sys.stdin.isatty():
                password = getpass.getpass("Password: ")
            else:
                password, generated = services.generate_password(), True
        try:
            user, outcome = services.create_user(
                options["email"], Role(options["role"]), organisation, password, options["name"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{user.email} {outcome}: {Role(options['role']).label} at {organisation.code}."
            )
        )
        if generated:
            self.stdout.write(f"Password (shown once): {password}")
