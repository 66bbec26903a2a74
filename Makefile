# Gemini: the whole set-up is `make run` or `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CSS := gemini/static/build/gemini.css
GOVUK := node_modules/govuk-frontend/dist/govuk
HOST ?= 127.0.0.1
PORT ?= 8000

export GEMINI_DEBUG ?= True

.PHONY: install run test lint bench demo clean

## install: the whole set-up (virtual environment, packages, styles, database); no server, no tests
install: $(STAMP) $(CSS)
	@mkdir -p var
	@$(BIN)/gemini migrate --no-input -v0
	@echo "Gemini is installed."

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(CSS): $(NODE_STAMP) gemini/assets/gemini.scss
	@mkdir -p gemini/static/build/govuk
	npm run --silent build:css
	cp $(GOVUK)/govuk-frontend.min.js gemini/static/build/govuk/

## run: set up, load the demo, print the demo logins, serve http://$(HOST):$(PORT) with the
## background worker (imports from the upload page) beside it. Ctrl+C stops both: the worker
## finishes the import it is running first (docs/operations.md).
run: install
	@if [ -z "$$GEMINI_DEMO_PASSWORD" ] && [ ! -s var/demo-password ]; then \
	  $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(12))" > var/demo-password; fi
	@export GEMINI_DEMO_PASSWORD="$${GEMINI_DEMO_PASSWORD:-$$(cat var/demo-password)}"; \
	  $(BIN)/gemini demo && echo "Demo password: $$GEMINI_DEMO_PASSWORD" && \
	  echo "Open http://$(HOST):$(PORT) and sign in with one of the emails above." && \
	  { $(BIN)/gemini db_worker --no-reload & worker=$$!; \
	    trap 'wait $$worker' INT; \
	    $(BIN)/gemini runserver $(HOST):$(PORT); \
	    kill -TERM $$worker 2>/dev/null; wait $$worker; }

## test: set up, then the whole suite except the browser tests (which .ci/run adds)
test: install
	GEMINI_DEBUG=False $(BIN)/pytest -n auto -m "not browser" $(PYTEST_ARGS)

## lint: ruff (lint and format check) and mypy --strict
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy gemini bench
	$(BIN)/lint-imports

## bench: run every benchmark in bench/ and write bench/results.json
bench: install
	GEMINI_DEBUG=False $(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules gemini/static/build var
