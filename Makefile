# Two commands set everything up:  `make lab`  (start JupyterLab)  and  `make test`  (run the suite).
# Everything lives in .venv and .cache inside this folder; `make clean` removes the caches.

SHELL      := /bin/bash
PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.installed-$(shell cksum requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
NOTEBOOKS  := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
LAB_PORT   ?= 8888
UV_VERSION := 0.13.9
# Tests run on JOBS workers (pytest-xdist); --dist loadscope keeps each test module, and each notebook, whole
# on one worker, in order. The notebooks' outputs are compared (nbval); MNIST_CNN_EXPECT_CACHED makes a network
# or result that is neither cached nor shipped with the helpers an error rather than minutes of training
# (notebooks 00 and 05, which train in view, are not affected).
JOBS       ?= 2
PYTEST     := $(BIN)/python -m pytest -n $(JOBS) --dist loadscope
NBVAL_OPTS := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=900

# The series' own cache (MNIST converted from PyPI, trained models). Keras's cache (~/.keras) is
# still read first, so a machine that already has MNIST never fetches it again.
export MNIST_CNN_CACHE ?= $(CURDIR)/.cache
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# uv reads the system's certificate store, where a network's proxy certificate is installed (so does pip
# 24.2 and later; the older pip of a Python 3.11 venv takes them from its own configuration).
export UV_SYSTEM_CERTS := 1

.PHONY: help install data lab test check unit nbval notebooks sync lint lock bench seed-check student test-student reference cold-start course test-course \
	clean distclean

help:
	@echo "make lab        set up (first time) and start JupyterLab on the student edition (LAB_DIR=notebooks: the worked one)"
	@echo "make test       set up (first time), lint, run every unit test and every notebook under nbval"
	@echo "make check      lint and the fast unit tests (under a minute): the edit-test loop"
	@echo "make notebooks  sync text sources and re-execute every notebook, refreshing outputs"
	@echo "make lint       ruff over helpers, tests, tools, benchmarks and notebooks"
	@echo "make data       fetch and verify MNIST"
	@echo "make bench      throughput, time-to-accuracy and seed study (~40 min), writes benchmarks/results/"
	@echo "make seed-check run every notebook's checks against networks trained with other seeds (SEEDS=...)"
	@echo "make student    write the student edition (what students open: no answers) to student/"
	@echo "make test-student  run the student edition top to bottom, unanswered (asserts, outputs not compared)"
	@echo "make reference  rebuild what ships with the helpers: the network (from the cache) and 06/07's results"
	@echo "make slides     write every lesson as an offline reveal.js deck to build/slides/ (live slides: Alt+R in make lab)"
	@echo "make handouts   print each deck to a PDF hand-out beside it (needs Chromium, as make test-browser)"
	@echo "make course     write the graded course for nbgrader (hidden tests, points) to build/course/ and release it"
	@echo "make test-course  run nbgrader's grading workflow on 02 and 03 with five submissions (~2 min)"
	@echo "make cold-start time every notebook from an empty cache and write README's Cold start table (~15 min)"
	@echo "make clean      remove cached models and data of this folder (not ~/.keras)"

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "Python 3.10 or newer is needed (found: $$($(PYTHON) --version 2>&1))."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# uv: about 11 s from an empty cache where pip takes 110-130 s (2 cores). It does not read pip's
	@# configuration (give a mirror as UV_INDEX_URL); where it fails, pip installs the same pins.
	{ $(BIN)/python -m pip install --quiet uv==$(UV_VERSION) \
		&& $(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.txt \
		&& $(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e . ; } \
	|| { echo "install: uv could not install the environment; pip installs it (slower)"; \
		$(BIN)/python -m pip install --quiet -r requirements.txt \
		&& $(BIN)/python -m pip install --quiet --no-deps -e . ; }
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

data: install
	$(BIN)/python -m helpers.data

# Students open the student edition (LAB_DIR=student); LAB_DIR=notebooks opens the worked edition.
LAB_DIR ?= student
lab: data
	$(BIN)/jupyter lab --no-browser --ip=127.0.0.1 --port=$(LAB_PORT) --ServerApp.root_dir=$(LAB_DIR) \
		$(if $(filter 0,$(shell id -u)),--allow-root)

# One session: the unit tests and the worked notebooks share the workers.
test: data lint
	MNIST_CNN_EXPECT_CACHED=1 $(PYTEST) -m "not course" tests notebooks $(NBVAL_OPTS)

check: lint
	$(BIN)/python -m pytest -q -m "not slow and not network"

unit: install
	$(PYTEST) tests

nbval: data
	MNIST_CNN_EXPECT_CACHED=1 $(PYTEST) notebooks $(NBVAL_OPTS)

sync: install
	$(BIN)/jupytext --sync notebooks/[0-9][0-9]_*.py

notebooks: data sync
	$(BIN)/python tools/your_turn_cells.py
	$(BIN)/python tools/execute_notebooks.py $(NOTEBOOKS)
	$(BIN)/python tools/student_edition.py student
	$(BIN)/python tools/class_time.py

lint: install
	$(BIN)/ruff check .

bench: data
	$(BIN)/python benchmarks/bench.py

# The notebooks that use the trained network, run against networks trained with other seeds; their asserts
# must hold, and the numbers they print, with their range, go to benchmarks/results/seed_check.md.
SEEDS ?= 42 1 2 3 4 5 6 7 8 9
seed-check: data
	$(BIN)/python tools/seed_check.py $(SEEDS)

# The committed student edition is rebuilt from the main notebooks (tests check it is fresh).
student: install
	$(BIN)/python tools/your_turn_cells.py
	$(BIN)/python tools/student_edition.py student

# The network that ships with the helpers, from the cached series network (notebook 05 trains it).
reference: data
	$(BIN)/python tools/make_reference.py

# The graded course: an nbgrader course directory from the worked notebooks (tools/course.py), with each
# lesson released (nbgrader generate_assignment) to build/course/release/. TEACHING.md says how to run it.
COURSE_DIR ?= build/course
course: install
	$(BIN)/python tools/course.py $(COURSE_DIR) --release

# nbgrader's grading workflow on 02 and 03 (tests/test_course.py): a release, five submissions, autograde,
# the CSV; it prints the scores (`grading: ...`). About 2 minutes; CI runs it beside the other lanes.
test-course: data course
	$(BIN)/python -m pytest -q -p no:cacheprovider -m course tests/test_course.py

# Every notebook on its own from an empty cache (MNIST only), timed; rewrites README's "Cold start" table.
cold-start: data
	$(BIN)/python tools/cold_start.py

test-student: data
	$(PYTEST) -q --nbval-lax --nbval-current-env --nbval-cell-timeout=900 -p no:cacheprovider student

lock: install
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile requirements.in --universal --python-version 3.10 --no-header \
		--annotation-style line -o requirements.txt

clean:
	rm -rf .cache .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

# A real browser: JupyterLab in Chromium (driven by Playwright) runs notebooks 10 and 02, draws a digit on
# the drawing pad and switches the kernel explorer's kernel; it advances 02's static deck (offline) and 03's
# live RISE slideshow by two slides each; screenshots and logs go to build/browser/.
# Without a Chromium (none at CHROMIUM, none installable) it is skipped, or fails where CI is set.
PLAYWRIGHT_VERSION := 1.65.2
CHROMIUM ?= /usr/bin/chromium
.PHONY: test-browser chromium playwright
# Debian's Chromium, where there is none and this is a root shell with apt-get (CI installs it beside the venvs).
chromium:
	@if [ ! -x "$(CHROMIUM)" ] && [ "$(CHROMIUM)" = /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] \
		&& command -v apt-get >/dev/null; then \
		echo "test-browser: no Chromium at $(CHROMIUM); installing Debian's chromium package"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium >/dev/null; } || echo "test-browser: apt-get could not install chromium"; \
	fi

playwright: install
	@$(BIN)/python -c 'import importlib.metadata as m, sys; sys.exit(m.version("playwright") != "$(PLAYWRIGHT_VERSION)")' \
		2>/dev/null || $(BIN)/python -m pip install --quiet playwright==$(PLAYWRIGHT_VERSION)

# The lane prints the hand-outs too (make handouts): it has the browser, and they are its cheapest check of every deck.
test-browser: data chromium playwright
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "test-browser: no Chromium at $(CHROMIUM): install it (Debian: apt-get install chromium) or set CHROMIUM=."; \
		if [ -n "$$CI" ]; then echo "test-browser: FAILED (CI is set, so a missing browser is an error)"; exit 1; fi; \
		echo "test-browser: skipped (set CI=1 to make this an error)"; exit 0; \
	fi; \
	$(MAKE) --no-print-directory handouts && $(BIN)/python tools/browser_test.py --chromium "$(CHROMIUM)"

# Slides: every lesson of the student edition as a reveal.js deck, build/slides/NN_name.slides.html, that loads
# nothing from the network (tools/slides.py); reveal.js, MathJax, require.js and jQuery come from the npm registry
# (pinned, integrity-checked: tools/slides/package-lock.json). npm: Debian's, where there is none and this is a
# root shell with apt-get. Live slides need nothing more: in `make lab`, Alt+R presents the open notebook (RISE).
SLIDES_DIR ?= build/slides
.PHONY: slides npm handouts
npm:
	@if ! command -v npm >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "slides: no npm; installing Debian's npm package"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			npm >/dev/null; } || echo "slides: apt-get could not install npm"; \
	fi

slides: install npm
	$(BIN)/python tools/slides.py $(SLIDES_DIR)

# A PDF hand-out per deck (reveal.js's print mode, one page a subslide), printed by Chromium: NN_name.pdf beside it.
handouts: slides chromium playwright
	@test -x "$(CHROMIUM)" || { echo "handouts: no Chromium at $(CHROMIUM) (Debian: apt-get install chromium; or set CHROMIUM=)"; exit 1; }
	$(BIN)/python tools/slides.py --handouts $(SLIDES_DIR) $(CHROMIUM)

# The Colab lane: what a student opens in Colab, the student edition unanswered, its asserts run (outputs
# not compared) under the versions Google Colab ships (tools/colab/requirements.txt), with the helpers
# installed as the notebooks' setup cell installs them there: `pip install .`, lower bounds only, which
# must leave Colab's TensorFlow alone. (The worked notebooks run under strict nbval in `make test`.)
# Colab's Python (the `# python:` line there, 3.13): python3.13 where it runs (a pyenv shim may not),
# else a pyenv's 3.13 under its versions folder (found even with an empty HOME); no other Python: the lane
# fails rather than test another one.
COLAB_VENV    := .venv-colab
COLAB_PY      := $(shell sed -n 's/^\# python: *//p' tools/colab/requirements.txt)
COLAB_PYENVS  := $(PYENV_ROOT) $(HOME)/.pyenv $(shell pyenv root 2>/dev/null) /root/.pyenv /opt/pyenv /usr/local/pyenv
COLAB_PYTHONS := python$(COLAB_PY) $(wildcard $(addsuffix /versions/$(COLAB_PY)*/bin/python$(COLAB_PY),$(COLAB_PYENVS)))
COLAB_PYTHON  ?= $(firstword $(foreach p,$(COLAB_PYTHONS),$(if $(shell $(p) -c '' 2>/dev/null && echo ok),$(p))))
COLAB_STAMP   := $(COLAB_VENV)/.installed-$(shell cksum tools/colab/requirements.txt | cut -d' ' -f1)

$(COLAB_STAMP):
	@test -n "$(COLAB_PYTHON)" || { echo "test-colab: no Python $(COLAB_PY) found (tried $(COLAB_PYTHONS)): Colab runs $(COLAB_PY); install it (e.g. pyenv install $(COLAB_PY)) or set COLAB_PYTHON=."; exit 1; }
	$(COLAB_VENV)/bin/python -c 'import sys; sys.exit("%d.%d" % sys.version_info[:2] != "$(COLAB_PY)")' 2>/dev/null \
		|| { rm -rf $(COLAB_VENV) && $(COLAB_PYTHON) -m venv $(COLAB_VENV); }
	{ $(COLAB_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION) \
		&& $(COLAB_VENV)/bin/uv pip install --quiet --python $(COLAB_VENV)/bin/python -r tools/colab/requirements.txt ; } \
	|| { echo "test-colab: uv could not install the environment; pip installs it (slower)"; \
		$(COLAB_VENV)/bin/python -m pip install --quiet -r tools/colab/requirements.txt ; }
	rm -f $(COLAB_VENV)/.installed-* && touch $@

colab-env: $(COLAB_STAMP)

# On the main lane's cache (`make test` trained notebook 05's network into it): only notebook 00 trains here
# (in view), and MNIST_CNN_EXPECT_CACHED makes a miss in cached_cnn or cached_result an error (05 finds its
# network in that cache; its own fit is not guarded).
test-colab: data $(COLAB_STAMP)
	$(COLAB_VENV)/bin/python -m pip uninstall --quiet --yes mnist-cnn-helpers
	$(COLAB_VENV)/bin/python -m pip install --quiet .
	$(COLAB_VENV)/bin/python tools/colab/check_versions.py || { rm -f $(COLAB_STAMP); exit 1; }
	MNIST_CNN_EXPECT_CACHED=1 $(COLAB_VENV)/bin/python -m pytest -n $(JOBS) --dist loadscope -p no:cacheprovider \
		tests/test_shipped.py student --nbval-lax --nbval-current-env --nbval-cell-timeout=900
.PHONY: test-colab colab-env
