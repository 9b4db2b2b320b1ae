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

.PHONY: help install data lab test unit nbval notebooks sync lint lock bench clean distclean

help:
	@echo "make lab        set up (first time) and start JupyterLab on notebooks/"
	@echo "make test       set up (first time) and run unit tests + every notebook under nbval"
	@echo "make notebooks  sync text sources and re-execute every notebook, refreshing outputs"
	@echo "make lint       ruff over helpers, tests and notebooks"
	@echo "make data       fetch and verify MNIST"
	@echo "make bench      time-to-accuracy and throughput benchmark (~20 min), writes benchmarks/results/"
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

test: data
	$(BIN)/python -m pytest
	$(NBVAL)

unit: install
	$(BIN)/python -m pytest

nbval: data
	$(NBVAL)

sync: install
	$(BIN)/jupytext --sync notebooks/[0-9][0-9]_*.py

notebooks: data sync
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)

lint: install
	$(BIN)/ruff check helpers tests tools benchmarks notebooks/*.py

bench: data
	$(BIN)/python benchmarks/bench.py

lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile requirements.in --universal --python-version 3.10 --no-header \
		--annotation-style line -o requirements.txt

clean:
	rm -rf .cache .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
