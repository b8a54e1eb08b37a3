# Chinese text-as-data notebook collection. `make` alone lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KERNEL := zhnewsdata
ARGS ?=

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

## Run the test suite
test: $(STAMP)
	$(BIN)/python -m pytest $(ARGS)

## Run the fast tests only (no notebooks, no browser)
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser" $(ARGS)

## Start JupyterLab with the project kernel
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

## Run the benchmarks; the table is printed and written to outputs/bench/
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(ARGS)

## Delete generated products (outputs/, data/interim/, data/processed/); data/raw is never touched
clean:
	rm -rf outputs/*/ data/interim data/processed

## List the targets
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-z][a-z-]*:/{if(doc){split($$0,t,":"); printf "  make %-10s %s\n", t[1], doc}; doc=""}' $(MAKEFILE_LIST)

.PHONY: setup report test test-fast lab bench clean help
