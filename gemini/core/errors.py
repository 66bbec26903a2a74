"""Refusals that say why: a page that cannot be shown explains itself in plain words.

`ExplainedNotFound` is a 404 whose message (and choices, as links) is safe to show to the
person: "There are several programmes: choose one", say. Any other 404 shows the generic page.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import Http404


class ExplainedNotFound(Http404):
    """A 404 with a message written for the reader and, optionally, links to choose from."""

    def __init__(
        self, message: str, choices: Sequence[tuple[str, str]] = (), title: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.choices = tuple(choices)
        self.title = title
