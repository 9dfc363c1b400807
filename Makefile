# Set-up and everyday commands. `make demo` and `make test` do all the set-up they need.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
PORT ?= 8000

.PHONY: demo test lint bench bench-web chromium clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "sitrep needs Python 3.11 (none found; set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

# Leaflet and its cluster plugin from the npm registry (versions pinned in package-lock.json), copied into
# the package's static folder; not committed.
VENDOR := src/sitrep/web/static/vendor/.installed
$(VENDOR): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "the map needs npm (Node.js) to fetch Leaflet"; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts
	npm run --silent vendor
	@touch $@

# Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser). Needs root
# or sudo; about 35 s here with the package lists. `.ci/run` runs it, so CI runs the browser tests.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    --no-install-recommends chromium fonts-dejavu-core >/dev/null; }
	@chromium --version

demo: $(VENV)/.installed $(VENDOR)
	$(BIN)/sitrep ingest examples/corpus --db $(DEMO_DB)
	$(BIN)/sitrep serve --db $(DEMO_DB) --port $(PORT)

test: $(VENV)/.installed-test $(VENDOR) lint
	$(BIN)/pytest -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: $(VENV)/.installed-test
	$(BIN)/python bench/throughput.py

# The map, timeline and page over 1,000,000 synthetic events, then the page in Chromium at 50,000.
bench-web: $(VENV)/.installed-test $(VENDOR)
	$(BIN)/python bench/web.py
	$(BIN)/python bench/web_page.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm node_modules src/sitrep/web/static/vendor
