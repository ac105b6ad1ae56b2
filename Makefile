# Balises — one entry point for every task. `make site` and `make test` work on a fresh Debian machine as root.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEB_PACKAGES := graphviz fonts-dejavu-core poppler-utils
DEB_TEST_PACKAGES := $(DEB_PACKAGES) chromium  # the browser tests drive Debian's Chromium
BUILD_ARGS ?=
BENCH_ARGS ?=

.PHONY: site test check lint format validate bench deb deb-test clean golden

site: $(STAMP) deb
	$(BIN)/balises build --out site $(BUILD_ARGS)

test: $(STAMP) deb-test
	$(BIN)/pytest -q

check: $(STAMP) deb-test
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check generator tests

format: $(STAMP)
	$(BIN)/ruff format generator tests

validate: $(STAMP)
	$(BIN)/balises validate

# The scale benchmark on synthetic data (20 territories × 500 actors by default), e.g.
# make bench BENCH_ARGS="--actors 100 --json"; `python bench/run.py --help` lists the options. Needs Chromium
# (deb-test) for the first-search measure.
bench: $(STAMP) deb-test
	$(BIN)/python bench/run.py $(BENCH_ARGS)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Debian packages the tool needs, installed only when missing (requires root, as on CI).
deb-test: DEB_PACKAGES := $(DEB_TEST_PACKAGES)
deb deb-test:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installation des paquets Debian manquants :$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

clean:
	rm -rf $(VENV) site .build .pytest_cache .ruff_cache

# Rewrite the golden files of the tests from the current output (review the diff before committing).
golden: $(STAMP)
	REGENERATE_GOLDEN=1 $(BIN)/pytest -q tests/test_export.py tests/test_render_pages.py tests/test_render_guidance.py tests/test_render_guide.py tests/test_diff.py tests/test_logigram_render.py
