# HSCT Screen: everyday commands. Needs only GNU make and Python 3.11 or newer.
#
#   make run    set up .venv, compile the translations, migrate, serve http://127.0.0.1:8000/
#   make test   the whole suite: lint, format check, system checks, migrations check, translations, pytest
#
# Tests run on SQLite unless DATABASE_URL is set, e.g.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/hsct make test

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
# Rewritten after every successful install, so pip runs again only when a requirements file changes.
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The tests without a browser run in parallel (pytest-xdist, one worker per core); the browser tests one at a time,
# as each already drives Chromium and a live server. Exit status 5 means "no test selected" (PYTEST_ARGS=tests/rules
# selects no browser test): not a failure.
PYTEST_WORKERS ?= auto

.PHONY: help run test check lint format migrate messages superuser demo browser-deps clean bench css

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# Prefer python3.11; accept any python3 that is 3.11 or newer.
$(PY):
	@py=$$(command -v python3.11 || true); \
	if [ -z "$$py" ] && python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
		py=$$(command -v python3); \
	fi; \
	if [ -z "$$py" ]; then echo "Python 3.11 or newer is needed: install python3.11 and try again." >&2; exit 1; fi; \
	echo "Creating $(VENV) with $$py"; \
	"$$py" -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

run: $(STAMP) messages migrate ## set up, compile the translations, migrate and serve http://127.0.0.1:8000/
	$(MANAGE) runserver $(HOST):$(PORT)

test: $(STAMP) ## run the whole suite and say how long it took
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory check; status=$$?; \
	echo "make test: $$(( $$(date +%s) - start )) s ($$([ $$status -eq 0 ] && echo passed || echo FAILED))"; \
	exit $$status

# The steps of `make test`, in order; the first failure stops the rest.
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(PY) -m tools.compile_messages
	$(BIN)/pytest -m "not browser" -n $(PYTEST_WORKERS) $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(BIN)/pytest -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: $(STAMP) ## ruff lint and format check only
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## let ruff fix imports and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP) ## compile locale/*/LC_MESSAGES/*.po to .mo (never committed; README: Translations)
	$(PY) -m tools.compile_messages

migrate: $(STAMP) ## apply database migrations (they also load the default criteria)
	$(MANAGE) migrate --no-input

superuser: $(STAMP) migrate ## create an admin user for /admin/ and /staff/
	$(MANAGE) createsuperuser

demo: $(STAMP) migrate ## create demo users and demo submissions, and print how to log in
	$(MANAGE) demo

bench: $(STAMP) ## measure the app against a bare Django view, staff pages, first visit (README: Benchmark)
	$(PY) -m bench

css: $(STAMP) ## rewrite static/css/bootstrap-subset.css from the classes our templates use (commit it)
	$(PY) -m tools.bootstrap_subset

browser-deps: ## install Debian's Chromium for the browser tests (needs root)
	@if [ -x /usr/bin/chromium ]; then \
		echo "Chromium is already installed: $$(/usr/bin/chromium --version 2>/dev/null)"; \
	elif [ "$$(id -u)" -eq 0 ]; then \
		apt-get update -qq && apt-get install -y -qq chromium; \
	else \
		echo "Installing Chromium needs root: sudo apt-get install chromium (browser tests are skipped without it)." >&2; \
		exit 1; \
	fi

clean: ## remove caches and collected static files (keeps .venv and db.sqlite3)
	rm -rf staticfiles .pytest_cache .ruff_cache .hypothesis test-results
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
