"""Committee reports: drawing the demo report (docs/reports.md).

Work: what issuing does for the 6 February 2025 demo report — read every app's registered
figures into the snapshot (`snapshot.take`), build Part 1 and Part 2 (numbered blocks), and
draw the four files (Word and PDF, with their charts). Baseline: the unavoidable part — the
same words, unformatted, written once to Word with python-docx and once to PDF with
WeasyPrint. Target: the whole report costs at most 10 times the bare documents (the charts and
tables are most of the difference). Measured on 1 December 2026: 1.2–1.4 s for the four
files, a ratio of 7.5 to 8.4.
"""

from __future__ import annotations

import html
import io

import docx

from bench.harness import Benchmark
from gemini.core.demo import DemoContext, load_demo
from gemini.reports import charts, document, rendering, services
from gemini.reports.demo import demo_meeting

load_demo(DemoContext(password="benchmark-password-123", report=lambda _: None))
_REPORT = demo_meeting().reports.get()  # type: ignore[union-attr]
_CONTENT = services.content_for(_REPORT)
_TEXT = "\n".join(document.build(_CONTENT, part).text() for part in services.PARTS)


def _work() -> None:
    charts.clear_cache()  # draw the charts in every run, as one issue does
    content = services.live_content(_REPORT)
    for part in services.PARTS:
        built = document.build(content, part)
        for fmt in services.FORMATS:
            rendering.render(built, content.data, fmt)


def _baseline() -> None:
    from weasyprint import HTML  # type: ignore[import-untyped]

    plain = docx.Document()
    for line in _TEXT.splitlines():
        plain.add_paragraph(line)
    plain.save(io.BytesIO())
    HTML(string=f"<pre>{html.escape(_TEXT)}</pre>").write_pdf()


BENCHMARKS = [
    Benchmark(
        "reports: the demo committee report, four files",
        len(_TEXT.split()),
        _work,
        _baseline,
        target_ratio=10.0,
        repeats=3,
    )
]
