# Every target sets up .venv on first use (or when the pins change), then does its job.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup test test-fast figures site lab validate bench clean

help:
	@echo "make test     set up .venv if needed, then run every test (notebooks included)"
	@echo "make figures  set up .venv if needed, then rebuild figures and reports (indopac build)"
	@echo "make lab      open JupyterLab with the project's environment"
	@echo "make site     render reports/*.ipynb into reports/html if needed, then serve it on http://localhost:8000"
	@echo "make validate check the dataset"
	@echo "make bench    run the benchmarks (see benchmarks/README.md)"

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "indopac needs Python 3.11; set PYTHON=/path/to/python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	touch $@

setup: $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

validate: $(STAMP)
	$(BIN)/indopac validate

figures: $(STAMP)
	$(BIN)/indopac build

site: $(STAMP)
	$(BIN)/indopac site --serve

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache reports/html
