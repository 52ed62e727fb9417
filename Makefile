# Every target sets up .venv on first use (or when the pins change), then does its job.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup test test-fast figures site lab validate bench clean

help:  ## list the targets
	@echo "Targets (each sets up .venv on first use):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 20

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "indopac needs Python 3.11; set PYTHON=/path/to/python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	touch $@

# The git filter keeps outputs out of the source notebooks whatever the editor saves
# (notebooks/*.ipynb only: reports/ holds executed notebooks on purpose; see .gitattributes).
# The kernel "indopac" lets a Jupyter installed elsewhere run this environment's Python.
setup: $(STAMP)  ## create .venv, install the git filter for notebooks and the "indopac" Jupyter kernel
	git config filter.nbstripout.clean '$(abspath $(BIN))/nbstripout --keep-id'
	git config filter.nbstripout.smudge cat
	git config filter.nbstripout.required true
	git config diff.ipynb.textconv '$(abspath $(BIN))/nbstripout --keep-id -t'
	$(BIN)/python -m ipykernel install --user --name indopac --display-name "Python (indopac)" >/dev/null

test: $(STAMP)  ## run every test (notebooks and builds included), on one worker per core
	$(BIN)/python -m pytest -n auto --dist loadgroup

test-fast: $(STAMP)  ## run the tests that execute no notebook, on one worker per core
	$(BIN)/python -m pytest -m "not slow" -n auto --dist loadgroup

validate: $(STAMP)  ## check the dataset
	$(BIN)/indopac validate

figures: $(STAMP)  ## rebuild the figures and reports that are out of date (indopac build)
	$(BIN)/indopac build

site: $(STAMP)  ## render the site if needed and serve it on http://localhost:8000
	$(BIN)/indopac site --serve

# Containers and CI run as root, where Jupyter refuses to start without --allow-root.
lab: setup  ## open JupyterLab on notebooks/ with the project's kernel
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

bench: $(STAMP)  ## run the benchmarks (see benchmarks/README.md)
	$(BIN)/python benchmarks/run.py

clean:  ## remove .venv, caches, the rendered site and the scratch folder
	rm -rf $(VENV) .pytest_cache reports/html scratch
