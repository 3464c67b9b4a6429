# The two set-up commands of the README:
#   make build   makes a virtual environment in .venv (so it works where the system Python is
#                "externally managed", as on Debian 12 and Ubuntu 24.04), installs plankg into it,
#                and builds the graph of the sample report in data/ into out/
#   make test    the same environment plus what the tests need beyond Python packages (chromium
#                and a CJK font, with apt-get: as root or through sudo), then runs the tests
# Both are idempotent: the environment is made once and reinstalled only when pyproject.toml
# changes (plankg is installed in editable mode, so code changes need nothing).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install build test system-deps bench

install: $(VENV)/.installed

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "make: '$(PYTHON) -m venv' failed; on Debian/Ubuntu install python3-venv (sudo apt-get install python3-venv)" >&2; exit 1; }

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

build: install
	$(BIN)/kg build data

system-deps:
	scripts/install-system-deps.sh

test: install system-deps
	$(BIN)/python -m pytest -q

# Every benchmark in benchmarks/ (measure.py is their helper), each printing its table; the
# provincial ones read ../shared/corpus, html_layout drives the headless Chromium of system-deps.
bench: install system-deps
	$(BIN)/python benchmarks/build.py --scale 27
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/long_line.py
	$(BIN)/python benchmarks/queries.py
	$(BIN)/python benchmarks/lookup.py
	$(BIN)/python benchmarks/analytics.py
	$(BIN)/python benchmarks/html_layout.py
	$(BIN)/python benchmarks/graph_page_scale.py
