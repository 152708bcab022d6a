# Everything a fresh machine needs: `make run` and `make test` install into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
N ?= 400
EVERY ?= 5
RUNS ?= 3
# The BBC corpus (a folder of section folders), for make bench and make test-cluster.
BBC ?= ../shared/corpora/bbc

.PHONY: install run test test-browser test-virtuoso test-cluster lint check bench bench-allsides eval-ner eval-linking eval-identity eval-relations eval-quotes eval-news eval-baselines clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/kg build seeds -o output

test: $(STAMP)
	$(BIN)/python -m pytest

# The page of `kg serve` in headless Chromium (Debian's package, installed here if missing;
# apt-get needs root). KG_SCREENSHOT=docs/serve.png also saves the screenshot of the docs.
test-browser: $(STAMP)
	command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	$(BIN)/python -m pip install --quiet -e '.[dev,browser]'
	$(BIN)/python -m pytest -m browser tests/test_page.py

# kg load into Virtuoso (Debian's virtuoso-opensource-7, installed here if missing; apt-get
# needs root), started by the test on loopback ports over a new database.
test-virtuoso: $(STAMP)
	command -v virtuoso-t >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource-7-bin >/dev/null; }
	$(BIN)/python -m pytest -m virtuoso tests/test_virtuoso.py

# 200 BBC articles (../shared/corpora/bbc) on a local Dask cluster of two workers, against the
# one-machine build, byte for byte.
test-cluster: $(STAMP)
	KG_BBC=$(BBC) $(BIN)/python -m pytest -m corpora tests/test_cluster.py

lint: $(STAMP)
	$(BIN)/ruff check kg tests benchmarks
	$(BIN)/ruff format --check kg tests benchmarks
	$(BIN)/mypy

check: lint test

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py --bbc $(BBC) -n $(N) --every $(EVERY) --runs $(RUNS)

bench-allsides: $(STAMP)
	$(BIN)/python benchmarks/bench.py --jsonl ../shared/corpora/allsides-10k.jsonl.gz -n $(N) --runs $(RUNS)

eval-ner: $(STAMP)
	$(BIN)/python benchmarks/eval_ner.py ../shared/gold/conll2003/dev.txt

eval-linking: $(STAMP)
	$(BIN)/python benchmarks/eval_linking.py ../shared/gold/entity-linking/aida-conll-dev.deobscured.jsonl

eval-identity: $(STAMP)
	$(BIN)/python benchmarks/eval_identity.py --meantime ../shared/gold/meantime/meantime.conll \
		--ecbplus ../shared/gold/ecbplus --topics 1-35

eval-relations: $(STAMP)
	$(BIN)/python benchmarks/eval_relations.py ../shared/gold/relations

eval-quotes: $(STAMP)
	$(BIN)/kg eval ../shared/gold/polnear --split dev

eval-news: $(STAMP)
	$(BIN)/kg eval ../shared/gold/news-quotes/dev.json --corpora ../shared/corpora

# PREDICTIONS="NAME=FILE ..." also scores other extractors' predictions (see the README).
eval-baselines: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[baselines]'
	$(BIN)/python benchmarks/eval_quotes.py ../shared/gold/polnear --split dev \
		$(foreach p,$(PREDICTIONS),--predictions $(p))

clean:
	rm -rf output bench-results
