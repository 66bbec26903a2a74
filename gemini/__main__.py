"""The `gemini` command: Django's management entry point under the service's own name.

Every Django command works through it (`gemini migrate`, `gemini runserver`), as do Gemini's
own (`gemini demo`, `gemini createuser`, `gemini import`). A configuration mistake (a bad
DATABASE_URL, a missing SECRET_KEY) ends the command with one plain sentence, not a traceback.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gemini.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv if argv is not None else sys.argv)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"gemini: configuration error: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
