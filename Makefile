# clew developer tasks. `make` alone lists them.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON311  ?= python3.11
UV_VERSION := 0.13.9
UV         := .tools/bin/uv
PY         := .venv/bin/python
# Extra arguments for both pytest runs, e.g. make test PYTEST_ARGS='-k login -x'
PYTEST_ARGS ?=

# Never let uv fetch a Python build; use the machine's python3.11.
export UV_PYTHON_DOWNLOADS ?= never

TOOLS_STAMP := .tools/.uv-$(UV_VERSION).stamp
VENV_STAMP  := .venv/.uv-sync.stamp
NODE_STAMP  := node_modules/.npm-ci.stamp

.PHONY: help setup debian demo test lint bench clean

help: ## Show this help
	@echo "Usage: make TARGET [PYTEST_ARGS='...']"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-zA-Z_-]*:.*## / {printf "  %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: debian $(VENV_STAMP) $(NODE_STAMP) ## Install missing Debian packages, uv (.tools), Python deps (.venv), npm deps

# Debian 12 packages (apt-get, only the missing ones, sudo when not root): Python 3.11 and venv,
# libicu-dev + g++ + pkg-config to build PyICU, Node.js and npm, Pango for WeasyPrint's PDF.
debian:
	bash scripts/ensure_debian.sh base pdf

$(TOOLS_STAMP): | debian
	test -x .tools/bin/python || $(PYTHON311) -m venv .tools
	.tools/bin/pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	touch $@

$(VENV_STAMP): pyproject.toml uv.lock $(TOOLS_STAMP) | debian
	$(UV) sync --frozen
	touch $@

$(NODE_STAMP): package.json package-lock.json | debian
	npm ci --no-audit --no-fund
	touch $@

demo: setup ## Migrate, seed and serve the demo on http://127.0.0.1:8000
	$(PY) -m clew demo

test: setup ## Run the test suite on SQLite and on a throwaway PostgreSQL 15 (side by side)
	bash scripts/ensure_debian.sh browser postgres
	$(PY) scripts/test_backends.py $(PYTEST_ARGS)

lint: setup ## ruff check, ruff format --check, mypy
	$(PY) -m ruff check src tests
	$(PY) -m ruff format --check src tests
	$(PY) -m mypy src

bench: setup ## Run the benchmarks (bench/run.py, results in bench/results/)
	@if [ -f bench/run.py ]; then \
		$(PY) bench/run.py; \
	else \
		echo "No benchmarks yet (bench/run.py does not exist)."; \
	fi

clean: ## Remove .venv .tools node_modules var/
	rm -rf .venv .tools node_modules var/
