"""The finance app's rows of the URL × role table (gemini/testing/routes.py)."""

from gemini.testing.routes import Route

ROUTES = (Route("finance:index"),)
