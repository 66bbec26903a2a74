"""Reading the generated files back as a reader would: every word of a Word file (body,
tables, headers and footers) and of a PDF."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import docx
from pypdf import PdfReader


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    properties = document.core_properties
    parts += [properties.title or "", properties.comments or "", properties.author or ""]
    return "\n".join(parts)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    metadata: Mapping[str, Any] = reader.metadata or {}
    return text + "\n" + " ".join(str(v) for v in metadata.values())


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def flat(text: str) -> str:
    """Text with its line breaks and repeated spaces folded (a PDF breaks lines anywhere)."""
    return " ".join(text.split())
