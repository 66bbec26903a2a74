"""Part 1 never contains exempt text, personal names or pay — in the Word file, the PDF or the
preview — and Part 2 does carry the exempt text (the control)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from gemini.core.models import Confidential, Confidentiality
from gemini.reports import services
from gemini.reports.tests.files import docx_text, flat, pdf_text

EXEMPT = "EXEMPTMARKER"
PERSON = "PERSONMARKER"
PAY = Decimal("98765.43")


def _length(model: type[models.Model], name: str) -> int:
    return getattr(model._meta.get_field(name), "max_length", None) or 10_000


def _plant() -> None:
    """Mark every exempt record's text and every personal-data field; give everyone one pay."""
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and f.name != "public_interest_reason"
        ]
        if issubclass(model, Confidential):
            for record in model._base_manager.filter(confidentiality=Confidentiality.EXEMPT):
                model._base_manager.filter(pk=record.pk).update(
                    **{
                        name: f"{EXEMPT} {getattr(record, name)}"[: _length(model, name)]
                        for name in text_fields
                    }
                )
        for name in getattr(model, "PERSONAL_DATA_FIELDS", ()):
            for person in model._base_manager.all():
                value = f"{PERSON}{person.pk} {getattr(person, name)}"
                model._base_manager.filter(pk=person.pk).update(
                    **{name: value[: _length(model, name)]}
                )
    from gemini.workforce.models import Staff

    Staff.objects.update(annual_salary=PAY, weekly_pay=PAY)


def _absent(text: str) -> None:
    text = flat(text)
    assert EXEMPT not in text
    assert PERSON not in text
    assert "98,765.43" not in text
    assert "98765.43" not in text


@pytest.mark.django_db
def test_part_1_never_contains_exempt_text_names_or_pay(draft):
    _plant()

    part1_docx = services.file_for(draft, 1, "docx").content
    part1_pdf = services.file_for(draft, 1, "pdf").content
    part2_docx = services.file_for(draft, 2, "docx").content

    _absent(docx_text(part1_docx))
    _absent(pdf_text(part1_pdf))
    # The control: the same data does reach the exempt appendix.
    assert EXEMPT in docx_text(part2_docx)
    # Part 1 names the appendix by its title and nothing more.
    assert "Appendix 1: PART 2 LEGAL IMPLICATIONS FOR GEMINI CPC REPORT" in flat(
        pdf_text(part1_pdf)
    )


@pytest.mark.django_db
def test_the_preview_of_part_1_never_shows_exempt_text_even_to_an_officer(
    draft, personas, client_for
):
    _plant()

    page = client_for(personas["pmo"]).get(reverse("reports:report", args=(draft.pk,)))
    part2 = client_for(personas["pmo"]).get(reverse("reports:part_2", args=(draft.pk,)))

    _absent(page.content.decode())
    assert EXEMPT in part2.content.decode()


@pytest.mark.django_db
def test_no_part_of_the_report_lists_a_person(draft):
    _plant()

    content = services.content_for(draft)

    assert PERSON not in str(content.data)
    assert "98765.43" not in str(content.data)
