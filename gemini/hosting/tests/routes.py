"""The hosting app's rows of the URL × role table (gemini/testing/routes.py)."""

from gemini.testing.routes import READ_ONLY, Route, only

ROUTES = (Route("hosting:index", default=200, statuses=only(403, *READ_ONLY)),)
