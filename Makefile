# `make run` and `make test` work on a fresh machine: the first one to run
# creates .venv and installs the project with its dev tools.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint format bench eval

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m bot

test: $(STAMP)
	$(PY) -m pytest -q

# Everything but the end-to-end suites (marked e2e), for a quick check while working.
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not e2e"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

eval: $(STAMP)
	$(PY) -m retrieval eval eval/dev_qa.jsonl
	$(PY) -m retrieval eval --squad eval/squad/squad-dev-subset.json \
		--off-topic eval/squad/squad-dev-v1.1.json

bench: $(STAMP)
	$(PY) -m benchmarks
