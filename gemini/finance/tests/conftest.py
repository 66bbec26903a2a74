"""The finance tests' own fixture: the core demo (organisations, users) and the finance demo.

Lighter than the whole `demo` fixture, which loads every app's demo for each test.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def finance_demo(db: None) -> None:
    from gemini.core.demo import DemoContext, load_core
    from gemini.finance.demo import load_finance

    context = DemoContext(password="demo-password-for-tests", report=lambda _: None, small=True)
    load_core(context)
    load_finance(context)
