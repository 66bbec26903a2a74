"""Every Gemini form's base (`GeminiForm`, `GeminiModelForm`), and the forms for the core
pages. Error messages follow the GOV.UK Design System's wording."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

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


DATE_PARTS = ("day", "month", "year")
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HINT = "For example, 6 2 2025"
_OLD_DATE_HINTS = {"", "For example, 06/02/2025"}


class DateInput(forms.Widget):
    """The GOV.UK date input: a day, a month and a year box, named `<name>-day`, `-month` and
    `-year` (https://design-system.service.gov.uk/components/date-input/).

    The three boxes are read as one "day/month/year" text, which the date field parses; a
    caller that sends the field's own name (a link with ?date=2025-02-06, a test) is read as
    before. Drawn by `core.govuk_forms` with the Design System's macro."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        parts = [data.get(f"{name}-{part}") for part in DATE_PARTS]
        if all(part is None for part in parts):
            return data.get(name)
        cleaned = [(part or "").strip() for part in parts]
        return "/".join(cleaned) if any(cleaned) else ""

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(f"{name}-{part}" in data for part in DATE_PARTS)


def date_parts(value: Any) -> tuple[str, str, str]:
    """A date field's value as the three boxes show it: a date, "06/02/2025", "2025-02-06"
    or the boxes' own "6//2025" (kept as typed, so a mistake can be put right)."""
    if isinstance(value, dt.date):
        return str(value.day), str(value.month), str(value.year)
    text = "" if value is None else str(value).strip()
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        year, month, day = text.split("-")
        return str(int(day)), str(int(month)), year
    pieces = text.split("/") if text else []
    if len(pieces) == 3:
        return pieces[0], pieces[1], pieces[2]
    return text, "", ""


def date_problem(label: str, value: Any) -> str | None:
    """The GOV.UK message for a date that could not be read: what is missing, a year without
    four numbers, or a date that does not exist ("The review date must be a real date")."""
    day, month, year = date_parts(value)
    missing = [name for name, part in zip(DATE_PARTS, (day, month, year), strict=True) if not part]
    name = _where(label)
    name = name[:1].upper() + name[1:]
    if missing and len(missing) < len(DATE_PARTS):
        return f"{name} must include a {' and '.join(missing)}"
    if not all(part.isdigit() for part in (day, month, year)):
        return f"{name} must be a real date"
    if len(year) != 4:
        return "Year must include 4 numbers"
    try:
        dt.date(int(year), int(month), int(day))
    except ValueError:
        return f"{name} must be a real date"
    return None


class GovukDates(TextChecks):
    """One rule for every date in every form: the GOV.UK date input (day, month, year), its
    hint and its error messages. A form declares an ordinary `DateField`; this draws it as the
    three boxes and words its errors as the Design System does."""

    def _use_date_inputs(self) -> None:
        """Give every date field the date input. Run when a field is first drawn or the form
        is checked, so fields a form's own `__init__` adds after the base's are included."""
        for field in self.fields.values():
            if (
                not isinstance(field, forms.DateField)
                or isinstance(field, forms.DateTimeField)
                or isinstance(field.widget, DateInput)
            ):
                continue
            field.widget = DateInput()
            formats = [str(f) for f in field.input_formats or ()]
            field.input_formats = [*DATE_FORMATS, *(f for f in formats if f not in DATE_FORMATS)]
            if str(field.help_text) in _OLD_DATE_HINTS:
                field.help_text = DATE_HINT

    def __getitem__(self, name: str) -> forms.BoundField:
        self._use_date_inputs()
        return super().__getitem__(name)

    def full_clean(self) -> None:
        self._use_date_inputs()
        super().full_clean()
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            if not isinstance(field.widget, DateInput) or field.disabled:
                continue
            raw = self[name].data
            if raw in (None, ""):
                continue  # missing: the field's own "Enter the …" when it is required
            problem = date_problem(str(self[name].label), raw)
            if problem:
                self.errors[name] = self.error_class([problem])
                self.cleaned_data.pop(name, None)


# A record's Part 2 fields, shown only when "Exempt (Part 2)" is chosen (core.models.Confidential).
PART_2_REVEAL: dict[str, dict[str, tuple[str, ...]]] = {
    "confidentiality": {"exempt": ("exempt_paragraph", "public_interest_reason")}
}


class Reveals(TextChecks):
    """GOV.UK conditional reveals: fields shown only under the radio that needs them
    (https://design-system.service.gov.uk/components/radios/#conditionally-revealing-a-related-question).

    A form names them in `reveals` ({question: {answer: (field, ...)}}); every form with a
    record's confidentiality gets the Part 2 reveal without asking. The question is drawn as
    radios, its fields inside the answer that reveals them, and a hidden answer's fields are
    ignored when the form is checked (so a paragraph left in the box cannot make a public
    record exempt, nor a mistake there stop it being saved)."""

    reveals: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {}

    def revealed_by(self) -> dict[str, dict[str, tuple[str, ...]]]:
        wanted: dict[str, dict[str, tuple[str, ...]]] = {**PART_2_REVEAL, **self.reveals}
        found = {
            question: {
                answer: tuple(n for n in names if n in self.fields)
                for answer, names in answers.items()
            }
            for question, answers in wanted.items()
            if question in self.fields
            and all(n in self.fields for names in answers.values() for n in names)
        }
        for question in found:
            field = self.fields[question]
            if isinstance(field.widget, forms.Select) and not isinstance(
                field.widget, forms.RadioSelect
            ):
                choices = [c for c in getattr(field, "choices", ()) if c[0] != ""]
                field.widget = forms.RadioSelect(choices=choices)
        return found

    def __getitem__(self, name: str) -> forms.BoundField:
        self.revealed_by()
        return super().__getitem__(name)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question, answers in self.revealed_by().items():
            chosen = str(cleaned.get(question, self.data.get(question, "")) or "")
            for answer, names in answers.items():
                if answer == chosen:
                    continue
                for name in names:
                    field = self.fields[name]
                    cleaned[name] = (
                        getattr(field, "empty_value")  # noqa: B009 (not every field has one)
                        if hasattr(field, "empty_value")
                        else field.to_python("")
                    )
                    errors = getattr(self, "_errors", None)
                    if errors is not None:
                        errors.pop(name, None)
        return cleaned


class GeminiForm(Reveals, GovukDates, forms.Form):
    """The base of every form that is not a model form."""


class GeminiModelForm(Reveals, GovukDates, forms.ModelForm):  # type: ignore[type-arg]
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
