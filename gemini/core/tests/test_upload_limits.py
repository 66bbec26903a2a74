"""Large inputs on the web get a clear page, never the server's bare error (issue 13, item 4).

A file with more rows than the upload page takes (GEMINI_WEB_IMPORT_MAX_ROWS) is refused on
the form, with its number of rows, the limit and the `gemini import` command that imports it;
a file over the upload size limit gets the form's error; a request larger than any form takes,
or with too much form data, gets a GOV.UK page with status 413; too many fields, a GOV.UK page
with status 400.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from gemini.core.models import Organisation

pytestmark = pytest.mark.django_db


def _organisations(rows: int, form: str) -> bytes:
    lines = [["code", "name", "kind"]] + [
        [f"ORG{n:04d}", f"Organisation {n}", "council"] for n in range(rows)
    ]
    if form == "csv":
        return "".join(",".join(line) + "\n" for line in lines).encode()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, name: str, content: bytes):
    return client.post(
        reverse("core:import"),
        {"kind": "organisations", "file": SimpleUploadedFile(name, content)},
        follow=True,  # a file taken in goes on to its import's status page
    )


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_file_over_the_web_limit_is_refused_with_its_rows_the_limit_and_the_command(
    personas, client_for, settings, form
):
    settings.GEMINI_WEB_IMPORT_MAX_ROWS = 50
    before = Organisation.objects.count()

    response = _upload(client_for(personas["pmo"]), f"many.{form}", _organisations(120, form))

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "There is a problem" in page
    assert "The selected file has 121 rows, more than the 50 the upload page imports" in page
    assert "gemini import organisations many." + form in page
    assert Organisation.objects.count() == before


def test_a_file_at_the_web_limit_is_imported(personas, client_for, settings):
    settings.GEMINI_WEB_IMPORT_MAX_ROWS = 50

    response = _upload(client_for(personas["pmo"]), "fifty.csv", _organisations(49, "csv"))

    assert "Import complete" in response.content.decode()
    assert Organisation.objects.filter(code__startswith="ORG").count() == 49


def test_a_file_over_the_cli_limit_too_is_to_be_split(personas, client_for, settings):
    settings.GEMINI_IMPORT_MAX_ROWS = 100
    settings.GEMINI_WEB_IMPORT_MAX_ROWS = 50

    page = _upload(
        client_for(personas["pmo"]), "many.csv", _organisations(120, "csv")
    ).content.decode()

    assert "There is a problem" in page
    assert "The selected file has 121 rows. Gemini imports at most 100 rows" in page
    assert "split it into smaller files" in page


def test_a_file_over_the_upload_size_limit_gets_the_forms_error(personas, client_for, settings):
    settings.GEMINI_IMPORT_MAX_BYTES = 2048

    response = _upload(client_for(personas["pmo"]), "big.csv", _organisations(200, "csv"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The selected file must be smaller than" in page
    assert "gemini import organisations big.csv" in page
    assert not Organisation.objects.filter(code__startswith="ORG").exists()


def test_a_request_larger_than_any_form_takes_gets_a_413_page(personas, client_for, settings):
    settings.GEMINI_IMPORT_MAX_BYTES = 2048
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024

    response = _upload(client_for(personas["pmo"]), "huge.csv", _organisations(500, "csv"))

    assert response.status_code == 413
    page = response.content.decode()
    assert "govuk-template" in page  # the service's own page, not the server's bare error
    assert "The file is too large" in page
    assert "gemini import" in page
    assert not Organisation.objects.filter(code__startswith="ORG").exists()


def test_too_much_form_data_gets_a_413_page_not_a_bare_error(personas, client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = client_for(personas["pmo"])

    response = client.post(reverse("core:import"), {"kind": "organisations", "note": "x" * 4096})

    assert response.status_code == 413
    assert "govuk-template" in response.content.decode()
    assert "The file is too large" in response.content.decode()


def test_too_many_fields_get_a_400_page_not_a_bare_error(personas, client_for, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5

    response = client_for(personas["pmo"]).post(
        reverse("core:import"), {f"field{n}": "x" for n in range(20)}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-template" in page
    assert "Gemini could not read what was sent" in page
