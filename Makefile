# relmap — the two commands a newcomer needs:
#   make demo   install everything, load the demo data into SQLite, start the app
#   make test   install everything and run the whole suite (SQLite and PostgreSQL)

VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install chromium bench clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	@if ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		PY=$$(scripts/find-python) && echo "Creating $(VENV) with $$PY" && rm -rf $(VENV) && $$PY -m venv $(VENV); \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "relmap serves Cytoscape.js, htmx and ECharts from npm packages, and npm was not found: install Node.js 18 or newer with npm (Debian: apt-get install nodejs npm; https://nodejs.org/)." >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

chromium:
	scripts/ensure-chromium

demo: install
	$(BIN)/relmap migrate --no-input
	$(BIN)/relmap load-demo
	@echo ""
	@echo "  relmap is starting at http://$(HOST):$(PORT)/"
	@echo "  demo login: user 'demo', password 'relmap-demo'"
	@echo "  (a second user, 'rival' / 'relmap-demo', owns another account: scoped access)"
	@echo ""
	$(BIN)/relmap runserver $(HOST):$(PORT)

test: install chromium
	scripts/test

bench: install
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules var .mypy_cache .ruff_cache .pytest_cache
