# Two commands on a fresh machine: `make serve` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build check chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
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

## chromium: Debian's Chromium for the browser tests (Playwright never downloads a browser here)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

## test: set up everything the tests need and run the whole suite
test: $(STAMP) chromium
	$(BIN)/grader check
	$(BIN)/python -m pytest

clean:
	rm -rf site build .pytest_cache
