# Apoia — `make run` starts a demo site, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint format install serve clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Demo site on http://127.0.0.1:8000 (plain HTTP on loopback, hence APOIA_HTTPS=false).
run: install
	bash scripts/system-deps.sh
	APOIA_HTTPS=false $(BIN)/apoia migrate --noinput
	APOIA_HTTPS=false $(BIN)/apoia collectstatic --noinput --verbosity 0
	APOIA_HTTPS=false $(BIN)/apoia load_reference
	APOIA_HTTPS=false $(BIN)/apoia load_demo
	APOIA_HTTPS=false $(BIN)/apoia runserver 127.0.0.1:8000

test: install
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	bash scripts/bench.sh

clean:
	rm -rf $(VENV) var
