# Two commands set everything up:  `make lab`  (start JupyterLab)  and  `make test`  (run the suite).
# Everything lives in .venv and .cache inside this folder; `make clean` removes the caches.

SHELL      := /bin/bash
PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.installed-$(shell cksum requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
NOTEBOOKS  := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
LAB_PORT   ?= 8888
NBVAL      := $(BIN)/python -m pytest --nbval --nbval-current-env \
              --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=900 notebooks

# The series' own cache (MNIST converted from PyPI, trained models). Keras's cache (~/.keras) is
# still read first, so a machine that already has MNIST never fetches it again.
export MNIST_CNN_CACHE ?= $(CURDIR)/.cache
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install data lab test check unit nbval notebooks sync lint lock bench seed-check clean distclean

help:
	@echo "make lab        set up (first time) and start JupyterLab on notebooks/"
	@echo "make test       set up (first time), lint, run every unit test and every notebook under nbval"
	@echo "make check      lint and the fast unit tests (under a minute): the edit-test loop"
	@echo "make notebooks  sync text sources and re-execute every notebook, refreshing outputs"
	@echo "make lint       ruff over helpers, tests, tools, benchmarks and notebooks"
	@echo "make data       fetch and verify MNIST"
	@echo "make bench      throughput, time-to-accuracy and seed study (~40 min), writes benchmarks/results/"
	@echo "make seed-check run every notebook's checks against networks trained with other seeds (SEEDS=...)"
	@echo "make clean      remove cached models and data of this folder (not ~/.keras)"

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "Python 3.10 or newer is needed (found: $$($(PYTHON) --version 2>&1))."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

data: install
	$(BIN)/python -m helpers.data

lab: data
	$(BIN)/jupyter lab --no-browser --ip=127.0.0.1 --port=$(LAB_PORT) --ServerApp.root_dir=notebooks \
		$(if $(filter 0,$(shell id -u)),--allow-root)

test: data lint
	$(BIN)/python -m pytest
	$(NBVAL)

check: lint
	$(BIN)/python -m pytest -q -m "not slow and not network"

unit: install
	$(BIN)/python -m pytest

nbval: data
	$(NBVAL)

sync: install
	$(BIN)/jupytext --sync notebooks/[0-9][0-9]_*.py

notebooks: data sync
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)

lint: install
	$(BIN)/ruff check .

bench: data
	$(BIN)/python benchmarks/bench.py

# Every notebook's asserts, run (not compared) against the series network trained with other seeds.
SEEDS ?= 1 2 3 4 5 6 7 8 9
seed-check: data
	for seed in $(SEEDS); do \
		MNIST_CNN_SERIES_SEED=$$seed $(BIN)/python -m pytest -q --nbval-lax --nbval-current-env \
			--nbval-cell-timeout=900 -p no:cacheprovider notebooks || exit 1; \
	done

lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile requirements.in --universal --python-version 3.10 --no-header \
		--annotation-style line -o requirements.txt

clean:
	rm -rf .cache .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
