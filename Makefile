# Two commands on a fresh machine: `make site` builds site/, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
JSDEPS := tests/js/node_modules/.installed
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve check test lint unit browser-deps bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

## site: build the publishing site into site/ (strict: any warning fails)
site: $(STAMP)
	$(BIN)/mkdocs build --strict

## serve: live preview on http://127.0.0.1:$(PORT)/ (rebuilds when data/ or routes/ change)
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

## check: validate the data and list every problem
check: $(STAMP)
	$(BIN)/dangjian check

$(TSTAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(JSDEPS): tests/js/package.json tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund --silent
	touch $@

## browser-deps: Debian's Chromium and CJK fonts for the browser tests (installs when missing)
browser-deps:
	@scripts/ensure-browser

lint: $(TSTAMP)
	$(BIN)/ruff check .
	$(BIN)/dangjian schema --check

## test: everything: lint, data check, unit, build and real-browser tests
test: $(TSTAMP) $(JSDEPS) browser-deps lint
	$(BIN)/dangjian check
	node --test tests/js/
	@$(BIN)/python -m pytest -q -p no:cacheprovider; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no test: the suite is missing" >&2; exit 1; fi; \
	  exit $$rc

## bench: build speed and page weight side by side with plain Material (and Hugo)
bench: $(TSTAMP) browser-deps
	$(BIN)/python scripts/bench

clean:
	rm -rf site .pytest_cache
