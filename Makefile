# Two commands on a fresh machine: `make site` builds site/, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
JSDEPS := tests/js/node_modules/.installed
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: site publish serve check new import export hooks lock test lint unit browser-deps bench clean

# The install step also installs the git hook that runs `make check` before each commit
# (pre-commit; skipped outside a git checkout and in CI).
# The packages come from the lock files, so that the site published from a commit is built
# with the same packages every time; the project itself is installed on top of them.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@if [ -d .git ] && [ -z "$$CI" ]; then $(BIN)/pre-commit install >/dev/null && echo "已安装提交前检查（pre-commit）"; fi
	touch $@

## site: build site/ strictly (any warning fails); without DANGJIAN_SITE_URL it is a preview
site: $(STAMP)
	$(BIN)/mkdocs build --strict

## publish: the publishing build, e.g. `DANGJIAN_SITE_URL=https://… make publish`: as `make site`,
## and it stops when site_url is unset or this machine (QR codes and posters print it)
publish: $(STAMP)
	DANGJIAN_PUBLISH=true $(BIN)/mkdocs build --strict

## serve: live preview on http://127.0.0.1:$(PORT)/ (rebuilds when data/ or routes/ change)
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

## check: validate the data and pages and list every problem
check: $(STAMP)
	@$(BIN)/dangjian check

## new: a new entry with comments, e.g. `make new KIND=brand ID=nc-dangbi-10 FIELD=农村`
new: $(STAMP)
	@test -n "$(KIND)" -a -n "$(ID)" || { echo "用法：make new KIND=brand ID=nc-dangbi-10 FIELD=农村（KIND 可为 brand、site、school、route）" >&2; exit 2; }
	@$(BIN)/dangjian new $(KIND) $(ID) $(if $(FIELD),--field $(FIELD))

## import: brands from a spreadsheet, e.g. `make import FILE=党建品牌.xlsx` (DRY=1: only show; FORCE=1: overwrite newer files)
import: $(STAMP)
	@test -n "$(FILE)" || { echo "用法：make import FILE=党建品牌.xlsx（加 DRY=1 只显示将要做的改动）" >&2; exit 2; }
	@$(BIN)/dangjian import brands "$(FILE)" $(if $(DRY),--dry-run) $(if $(FORCE),--force)

## export: brands to a spreadsheet, e.g. `make export FILE=党建品牌.xlsx`
export: $(STAMP)
	@test -n "$(FILE)" || { echo "用法：make export FILE=党建品牌.xlsx" >&2; exit 2; }
	@$(BIN)/dangjian export brands "$(FILE)"

## lock: pin the packages again after changing pyproject.toml's dependencies (needs uv from PyPI)
lock: $(STAMP)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra editor --python-version 3.11.7 --no-header -q -o requirements.lock.new
	$(BIN)/uv pip compile pyproject.toml --extra editor --extra test --extra bench --python-version 3.11.7 --no-header -q -o requirements-test.lock.new
	@for f in requirements requirements-test; do \
	  { sed -n '1,2p' $$f.lock; cat $$f.lock.new; } > $$f.lock.tmp && mv $$f.lock.tmp $$f.lock && rm $$f.lock.new; done

## hooks: (re)install the git hook that runs `make check` before each commit
hooks: $(STAMP)
	$(BIN)/pre-commit install

$(TSTAMP): $(STAMP) requirements-test.lock
	$(BIN)/pip install --quiet -r requirements-test.lock
	touch $@

$(JSDEPS): tests/js/package.json tests/js/package-lock.json
	cd tests/js && npm ci --no-audit --no-fund --silent
	touch $@

## browser-deps: Debian's Chromium and CJK fonts for the browser tests (installs when missing)
browser-deps:
	@scripts/ensure-browser

lint: $(TSTAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/dangjian schema --check
	$(BIN)/dangjian docs --check

## test: everything: lint, data check, unit, build and real-browser tests
test: $(TSTAMP) $(JSDEPS) browser-deps lint
	$(BIN)/dangjian check
	node --test tests/js/
	@$(BIN)/python -m pytest -q -p no:cacheprovider --durations=15; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no test: the suite is missing" >&2; exit 1; fi; \
	  exit $$rc

## bench: build speed and page weight side by side with plain Material (and Hugo); the harness
## (bench/) is not part of the installed package, its extra is in requirements-test.lock
bench: $(TSTAMP) browser-deps
	$(BIN)/python scripts/bench

clean:
	rm -rf site .pytest_cache .cache/dangjian
