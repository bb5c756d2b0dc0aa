# Two commands on a fresh machine: `make serve` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FACILITATOR_STAMP := $(VENV)/.installed-facilitator
NPM_STAMP := node_modules/.installed
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test test-fast lint build check chromium postgresql facilitator bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,lint]"
	touch $@

$(FACILITATOR_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[facilitator]"
	touch $@

## serve: set up, check the content and serve the course at http://127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/grader check
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

## build: the static site in site/ (open site/index.html from disk, or copy to any web host)
build: $(STAMP)
	$(BIN)/grader check
	$(BIN)/mkdocs build --strict --clean

## check: validate all course content
check: $(STAMP)
	$(BIN)/grader check

## facilitator: the facilitator's pack (model answers: for facilitators only) in build/facilitator/ (open index.html from disk)
# Built offline: the pack's _config.yml fetches nothing, and a dead proxy makes sure of it.
facilitator: $(FACILITATOR_STAMP)
	$(BIN)/grader check
	rm -rf build/facilitator-src build/facilitator
	$(BIN)/grader facilitator --out build/facilitator-src
	http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 no_proxy= NO_PROXY= \
	  $(BIN)/jupyter-book build --warningiserror --nitpick --quiet build/facilitator-src
	cp -r build/facilitator-src/_build/html build/facilitator
	@echo "The facilitator's pack: build/facilitator/index.html"

# JavaScript tools (package.json, pinned in package-lock.json): esbuild bundles the browser
# code (`make js`), eslint lints it (`make lint-js`); scorm-again stands in for a trust's LMS
# in tests/test_scorm.py. Nothing from node_modules ships in the course.
$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm; }
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

.PHONY: js lint-js test-js

## js: rebuild the browser bundles (grader/site/assets/dist) from grader/site/assets/src; commit them
js: $(NPM_STAMP)
	node grader/site/assets/build.mjs

## lint-js: eslint over the browser sources, the bundler script and the node tests
lint-js: $(NPM_STAMP)
	node_modules/.bin/eslint grader/site/assets grader/items tests/js eslint.config.js

## test-js: the JavaScript unit tests under node's own test runner (also run by `make test`)
test-js: $(NPM_STAMP)
	node --test tests/js/*.test.mjs

## chromium: Debian's Chromium for the browser tests (Playwright never downloads a browser here)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

## postgresql: Debian's PostgreSQL server programs for the shared-gradebook tests (each run starts a throwaway server on 127.0.0.1)
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; }

## lint: ruff (lint and format), mypy (content and scoring strict), import-linter (the layers) and eslint, in seconds
lint: $(STAMP) lint-js
	$(BIN)/ruff check grader tests benchmarks
	$(BIN)/ruff format --check grader tests benchmarks
	$(BIN)/mypy grader
	$(BIN)/lint-imports --no-cache

## test: set up everything the tests need and run the whole suite
test: $(STAMP) $(FACILITATOR_STAMP) $(NPM_STAMP) chromium postgresql
	$(BIN)/grader check
	$(BIN)/python -m pytest

## test-fast: the inner loop, under a minute: the tests that need no browser, database server, jupyter-book or npm (markers set in tests/conftest.py)
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser and not postgres and not facilitator and not npm and not slow"

## bench: speed and memory against baselines in the same run (not part of make test)
bench: $(STAMP) $(NPM_STAMP) chromium
	$(BIN)/python benchmarks/bench_autograde.py -n 10000 --plain 40 --plain-small 8   # every real case; nbgrader on 8 and 40 of one
	$(BIN)/python benchmarks/bench_export.py -n 100000 -g 2000
	$(BIN)/python benchmarks/bench_site.py --runs 5
	$(BIN)/python benchmarks/bench_lighthouse.py --runs 3   # Lighthouse mobile: our pages beside plain mkdocs-material's
	HYPOTHESIS_PROFILE=bench $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_properties.py tests/test_fastyaml.py \
	  -k 'not every_project_yaml and not course_content_takes' \
	  tests/test_content_safety.py::test_the_quick_language_scan_finds_what_the_plain_scan_finds \
	  tests/test_site_render.py::test_a_plain_line_renders_as_markdown_would   # 10,000 generated cases per property

clean:
	rm -rf site build .pytest_cache
