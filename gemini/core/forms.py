"""Every Gemini form's base (`GeminiForm`, `GeminiModelForm`), and the forms for the core
pages. Error messages follow the GOV.UK Design System's wording."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from gemini.core.importing import Importer
from gemini.core.signin import normalise_email
from gemini.core.spreadsheets import TooManyRowsError, UnreadableFileError, numbered_rows
from gemini.core.text import problem_with_text


class TextChecks(forms.BaseForm):
    """The text rule (gemini.core.text: no formulas, no hidden direction controls) for every
    text field of a form, after the form's own checks, so a form's `clean` cannot skip it.

    A refused value is an error on its field, so the GOV.UK error summary shows it and links
    to it. Passwords (never shown or exported) and disabled fields (not sent by the person) are
    not checked. Every form in Gemini builds on `GeminiForm` or `GeminiModelForm`, or mixes
    this in (gemini/core/tests/test_text_safety.py walks them all).
    """

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            if (
                not isinstance(field, forms.CharField)
                or isinstance(field.widget, forms.PasswordInput)
                or field.disabled
            ):
                continue
            value = self.cleaned_data.get(name)
            if not isinstance(value, str):
                continue
            problem = problem_with_text(value, _where(str(self[name].label)))
            if problem:
                self.add_error(name, problem)


def _where(label: str) -> str:
    """The field as a message names it: "the title", "the reason"; "this answer" for a
    question."""
    label = re.sub(r"\s*\(.*\)$", "", label).strip().rstrip(":")
    if not label or label.endswith("?"):
        return "this answer"
    return "the " + (label[:1].lower() + label[1:] if label[1:2].islower() else label)


class GeminiForm(TextChecks, forms.Form):
    """The base of every form that is not a model form."""


class GeminiModelForm(TextChecks, forms.ModelForm):  # type: ignore[type-arg]
    """The base of every model form."""


class LoginForm(TextChecks, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account has been switched off. Ask the programme office for help.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email"})
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean_username(self) -> str:
        """Authenticate the one spelling django-axes locks (gemini.core.signin)."""
        return normalise_email(self.cleaned_data.get("username"))


class ImportForm(GeminiForm):
    kind = forms.ChoiceField(label="What the file holds")
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV or Excel (.xlsx) file with a header row.",
        error_messages={
            "required": "Select a CSV or Excel file",
            "empty": "The selected file is empty",
        },
    )
    dry_run = forms.BooleanField(
        label="Check only: show what would change, but write nothing", required=False
    )

    def __init__(self, *args: Any, importers: list[type[Importer[Any]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(i.kind, i.title) for i in importers]  # type: ignore[attr-defined]
        self.fields["kind"].error_messages["required"] = "Select what the file holds"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".json")):
            raise forms.ValidationError(
                "The selected file must be a CSV or an Excel (.xlsx) file, or a price list (.json)"
            )
        if upload.size > settings.GEMINI_IMPORT_MAX_BYTES:
            limit = settings.GEMINI_IMPORT_MAX_BYTES / (1024 * 1024)
            raise forms.ValidationError(
                f"The selected file must be smaller than {limit:g}MB. Someone with access to "
                "the server can import a larger file with the command: "
                f"gemini import {self.data.get('kind') or '<kind>'} {upload.name}"
            )
        return upload

    def clean(self) -> dict[str, Any]:
        """Refuse a file with more rows than the upload page imports within one request
        (GEMINI_WEB_IMPORT_MAX_ROWS), saying how many it has and the command that imports it.

        `content` holds the file's bytes for the import. Other problems with the file are left
        to the importer, which reports them with the rows'."""
        cleaned = super().clean() or {}
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        if upload is None or kind is None:
            return cleaned
        content = upload.read()
        cleaned["content"] = content
        limit = settings.GEMINI_WEB_IMPORT_MAX_ROWS
        try:
            numbered_rows(content, upload.name, limit=limit)
        except TooManyRowsError as error:
            self.add_error("file", _too_many_rows(error.rows, limit, kind, upload.name))
        except UnreadableFileError:
            pass
        return cleaned


def _too_many_rows(rows: int, limit: int, kind: str, filename: str) -> str:
    if rows > settings.GEMINI_IMPORT_MAX_ROWS:
        return (
            f"The selected file has {rows:,} rows. Gemini imports at most "
            f"{settings.GEMINI_IMPORT_MAX_ROWS:,} rows from one file: split it into smaller "
            "files and import each in turn."
        )
    return (
        f"The selected file has {rows:,} rows, more than the {limit:,} the upload page imports "
        "in one go. Someone with access to the server can import it with the command: "
        f"gemini import {kind} {filename}"
    )
