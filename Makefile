# Two commands on a fresh machine: `make run` and `make test`. Nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run portal tour screenshots translations test lint typecheck pytest docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[flask,test,bench,docs,postgres]'
	touch $(STAMP)

# The reference portal on http://127.0.0.1:5000 in development mode, with the demo company in
# instance/portalkit.sqlite3: created (or migrated) if needed, kept between runs; the demo
# accounts and passwords are printed before the server starts.
PORTAL := PORTALKIT_ENVIRONMENT=development PORTALKIT_INSTANCE_PATH="$(CURDIR)/instance" \
	$(BIN)/flask --app portalkit.adapters.flask
run: $(STAMP)
	$(PORTAL) portal init-db
	$(PORTAL) portal demo-data
	$(PORTAL) run --host 127.0.0.1 --port 5000

portal: run

# The command-line tour of the rules (python -m portalkit).
tour: $(STAMP)
	$(BIN)/python -m portalkit

# The pictures of docs/portal.md, taken with the system's chromium.
screenshots: $(STAMP)
	$(BIN)/python tools/portal_screenshots.py docs/images

# Page texts: extract them, merge them into the German catalog, compile it (the .mo is committed).
FLASK_PKG := src/portalkit/adapters/flask
translations: $(STAMP)
	$(BIN)/pybabel extract -F $(FLASK_PKG)/babel.cfg -k lazy_gettext --no-location --sort-output \
		--project portalkit -o $(VENV)/messages.pot $(FLASK_PKG)
	$(BIN)/pybabel update -i $(VENV)/messages.pot -d $(FLASK_PKG)/translations --ignore-pot-creation-date \
		--width 100
	$(BIN)/pybabel compile -d $(FLASK_PKG)/translations

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

pytest: $(STAMP)
	$(BIN)/python -m pytest

# pytest also builds the site strictly once (tests/docs/), so CI checks it without a second build.
test: lint typecheck pytest

# The documentation site, into site/; any warning fails the build (strict: true in mkdocs.yml).
# The variable silences the theme's end-of-life notice, which is about the theme, not the site.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache .hypothesis
