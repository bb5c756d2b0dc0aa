# Two commands on a fresh machine: `make serve` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FACILITATOR_STAMP := $(VENV)/.installed-facilitator
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build check chromium facilitator bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
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

## chromium: Debian's Chromium for the browser tests (Playwright never downloads a browser here)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

## test: set up everything the tests need and run the whole suite
test: $(STAMP) $(FACILITATOR_STAMP) chromium
	$(BIN)/grader check
	$(BIN)/python -m pytest

## bench: speed and memory against baselines in the same run (not part of make test)
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_autograde.py -n 2000 --plain 3

clean:
	rm -rf site build .pytest_cache
