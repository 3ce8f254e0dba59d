# Apoia — `make run` starts a demo site, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Where collectstatic writes: the same default as the settings (STATIC_ROOT, APOIA_VAR_DIR).
STATIC_ROOT ?= $(or $(APOIA_VAR_DIR),var)/static
# Static sources: the project's folders and files (a folder's time changes when a file is
# added or removed), and the installed packages' ones, which change only with $(STAMP).
STATIC_SOURCES := $(shell find apoia -path '*/static' -o -path '*/static/*')
# Written last by collectstatic: while it is newer than every source, nothing is collected.
STATIC_MANIFEST := $(STATIC_ROOT)/staticfiles.json

.PHONY: run test bench lint format install serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

$(STATIC_MANIFEST): $(STAMP) $(STATIC_SOURCES)
	@echo "Collecting static files into $(STATIC_ROOT) (compressed once; later runs skip this)"
	APOIA_HTTPS=false $(BIN)/apoia collectstatic --noinput --verbosity 0 --skip-checks
	touch $@

# Demo site on http://127.0.0.1:8000 (plain HTTP on loopback, hence APOIA_HTTPS=false).
# prepare_demo = migrate + load_reference + load_demo in one process; runserver runs the checks.
run: install $(STATIC_MANIFEST)
	bash scripts/system-deps.sh
	APOIA_HTTPS=false $(BIN)/apoia prepare_demo --skip-checks
	APOIA_HTTPS=false $(BIN)/apoia runserver 127.0.0.1:8000

test: install
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The load generator and the production server `make bench` starts (pyproject's bench extra).
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

bench: $(BENCH_STAMP)
	bash scripts/bench.sh

clean:
	rm -rf $(VENV) var
