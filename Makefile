# One command sets up and runs, one sets up and tests. Every step is idempotent.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= ./data/store
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test setup setup-test ingest-samples serve lint typecheck bench calibrate clean fuzz soak

run: setup ingest-samples serve  ## set up, ingest the bundled samples into the embedded store, serve

test: setup-test  ## set up everything the tests need, then run the whole suite
	$(BIN)/ruff check kg webapp tests bench scripts
	$(BIN)/mypy
	$(BIN)/mypy --strict kg/store kg/publish
	$(BIN)/pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed
	scripts/setup-frontend.sh

setup-test: setup
	scripts/setup-browser.sh
	scripts/setup-virtuoso.sh

ingest-samples: setup
	$(BIN)/kg --store $(STORE) ingest samples/

serve: setup
	$(BIN)/kg --store $(STORE) serve --host $(HOST) --port $(PORT)

bench: setup  ## benchmarks against Oxigraph's server and rdflib-endpoint; writes bench/out/results.md
	scripts/setup-bench.sh
	$(BIN)/python -m bench.run

FUZZ_SCALE ?= 20
fuzz: setup-test  ## the fuzz tests at FUZZ_SCALE times their CI size: >= 10,000 inputs at 20
	KG_FUZZ_SCALE=$(FUZZ_SCALE) $(BIN)/pytest tests/test_fuzz_readers.py tests/test_fuzz_requests.py \
		-q -p no:cacheprovider --hypothesis-show-statistics

soak: setup  ## 10 minutes of mixed load at 64 connections on kg serve; writes bench/out/soak.md
	$(BIN)/python -m bench.soak --seconds 600 --connections 64

calibrate: setup  ## measure each extraction rule's precision on the dev gold (never the blind set)
	$(BIN)/kg evaluate samples/gold tests/heldout/gold tests/dev/gold tests/dev2/gold tests/dev3/gold tests/dev4/gold --rule-counts > kg/data/rule_precision.tsv

clean:
	rm -rf $(VENV) data build dist *.egg-info node_modules webapp/static/vendor
