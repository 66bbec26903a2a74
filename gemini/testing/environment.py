"""A pytest plugin (loaded with -p before Django starts) that gives the suite its environment.

Tests run as production does (GEMINI_DEBUG=False) with a throwaway SECRET_KEY; DATABASE_URL
is left alone so that .ci/run can point the same suite at PostgreSQL.
"""

import os

os.environ["GEMINI_DEBUG"] = "False"
os.environ["GEMINI_HTTPS"] = "False"  # the test client and live server speak plain HTTP
# Background tasks run at once, in the request that asks for them: the suite needs no worker
# (a test that wants the database backend sets TASKS itself).
os.environ.setdefault("GEMINI_TASKS_BACKEND", "IMMEDIATE")
os.environ.setdefault(
    "SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-django-0123456789"
)
os.environ.setdefault("GEMINI_DEMO_PASSWORD", "demo-password-for-tests")
