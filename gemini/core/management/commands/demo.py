"""gemini demo [--reset]: load the Gemini demo programme into the configured database."""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gemini.core.demo import DEMO_USERS, DemoContext, load_demo


class Command(BaseCommand):
    help = (
        "Load the Gemini demo programme (organisations, programme, governance, one user per "
        "role). Repeatable: loading twice changes nothing. The demo users' password is "
        "GEMINI_DEMO_PASSWORD."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete everything in the database first, then load the demo.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("GEMINI_DEMO_PASSWORD", "")
        if not password:
            raise CommandError(
                "Set GEMINI_DEMO_PASSWORD to the password the demo users should have "
                "(`make run` sets one for you)."
            )
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(
                "GEMINI_DEMO_PASSWORD is not accepted: " + " ".join(error.messages)
            ) from error
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("Emptied the database.")
        context = DemoContext(password=password, report=self.stdout.write)
        with transaction.atomic():
            load_demo(context)
        summary = ", ".join(
            f"{count} {outcome}" for outcome, count in sorted(context.outcomes.items())
        )
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {summary}."))
        self.stdout.write("Demo logins (all with the password in GEMINI_DEMO_PASSWORD):")
        for person in DEMO_USERS:
            self.stdout.write(f"  {person.email:<24} {person.role.label} at {person.organisation}")
