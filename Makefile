# Two entry points: `make demo` (set up, run the main job on the bundled examples) and
# `make test` (set up with test tools, run every test suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export RATLINE_HOME ?= $(CURDIR)/ratline-data

.PHONY: demo test lint bench docs clean assets

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "ratline needs Python >= 3.11"'
	@# Debian ships venv separately; install it when we may (root, apt available).
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    rm -rf $(VENV); apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "python3 -m venv failed: install python3-venv (sudo apt-get install python3-venv)"; exit 1; fi; }
	$(BIN)/pip install -q --upgrade pip

# followthemoney (the ftm export) needs PyICU, which PyPI ships as source only: it is
# compiled against the system's ICU.
$(VENV)/.icu: | $(BIN)/python
	@{ pkg-config --exists icu-i18n 2>/dev/null && command -v c++ >/dev/null; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq libicu-dev pkg-config g++; \
	  else echo "PyICU builds against ICU: install libicu-dev, pkg-config and g++"; exit 1; fi; }
	touch $@

$(VENV)/.installed: pyproject.toml | $(BIN)/python $(VENV)/.icu
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python $(VENV)/.icu
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

# Front-end libraries come from the npm registry (package-lock.json) into the web
# app's static/vendor folder; nothing is loaded from a CDN at run time.
VENDOR := src/ratline/web/static/vendor
$(VENDOR)/.built: package.json package-lock.json src/ratline/web/vendor.mjs
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq nodejs npm; \
	  else echo "npm is missing: install nodejs and npm (sudo apt-get install nodejs npm)"; exit 1; fi; }
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	touch $@

assets: $(VENDOR)/.built

demo: $(VENV)/.installed assets
	$(BIN)/ratline ingest examples/reports
	$(BIN)/ratline summary
	$(BIN)/python -m ratline.web.demo
	$(BIN)/ratline serve

test: $(VENV)/.installed-dev assets
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/places_index.py
	$(BIN)/python bench/find_places.py

docs: $(VENV)/.installed
	$(BIN)/python -m ratline.vocab.docs

clean:
	rm -rf $(VENV) ratline-data .pytest_cache .mypy_cache .ruff_cache node_modules $(VENDOR)
