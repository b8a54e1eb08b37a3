# Chinese text-as-data notebook collection. `make` alone lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KERNEL := zhnewsdata
ARGS ?=
# pytest on every core (pytest-xdist), a test file per worker so its module fixtures run once;
# WORKERS=0 runs the tests in one process
WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest $(if $(filter 0,$(WORKERS)),,-n $(WORKERS) --dist loadfile)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (zhnewsdata)" >/dev/null
	@touch $(STAMP)

## Create .venv, install the package with its pinned dependencies, register the Jupyter kernel
setup: $(STAMP)

## Set up (first time only) and run every notebook on the embedded article (ARGS="--input FILE_OR_DIR ...")
report: $(STAMP)
	$(BIN)/python -m helpers run $(ARGS)

## Lint: ruff (style, bugs, complexity) and import-linter (the layers: store < extract < show < run < cli)
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports --no-cache

## Lint, then run the test suite: unit tests and doctests, the notebooks on small data, the browser check
test: lint
	$(PYTEST) $(ARGS)

## Lint, then the fast tests only (unit tests and doctests: no notebooks, no browser)
test-fast: lint
	$(PYTEST) -m "not slow and not browser" $(ARGS)

# JupyterLab refuses to start as root (containers, CI machines) unless told --allow-root.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

## Start JupyterLab with the project kernel (as root it passes --allow-root, and says so)
lab: $(STAMP)
	@if [ -n "$(LAB_ROOT)" ]; then echo "lab: running as root, so JupyterLab is started with --allow-root"; fi
	$(BIN)/jupyter lab notebooks/ $(LAB_ROOT)

## Run the benchmarks; the table is printed and written to outputs/bench/
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(ARGS)

## Delete generated products (outputs/, data/interim/, data/processed/); data/raw is never touched
clean:
	rm -rf outputs/*/ data/interim data/processed

## List the targets
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-z][a-z-]*:/{if(doc){split($$0,t,":"); printf "  make %-10s %s\n", t[1], doc}; doc=""}' $(MAKEFILE_LIST)

.PHONY: setup report lint test test-fast lab bench clean help
