# The two set-up commands of the README:
#   make build   installs plankg and builds the graph of the sample report in data/ into out/
#   make test    installs what the tests need (Python extras, chromium, a CJK font) and runs them
PYTHON ?= python3

.PHONY: install build test system-deps bench

install:
	$(PYTHON) -m pip install -q -e '.[test]'

build: install
	kg build data

system-deps:
	scripts/install-system-deps.sh

test: install system-deps
	$(PYTHON) -m pytest -q

bench: install
	$(PYTHON) benchmarks/run_all.py
