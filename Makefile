# The front door: make demo, make test, make lint, make bench.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench install clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,docx,excel,snabb]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/lgtool validate --register register
	$(BIN)/lgtool status --register register
	$(BIN)/lgtool prioritering --register register
	mkdir -p ut
	$(BIN)/lgtool report 2025 --register register -o ut/ledningens-genomgang-2025.md
	$(BIN)/lgtool report 2025 --register register --publik -o ut/ledningens-genomgang-2025-publik.md
	$(BIN)/lgtool report 2025 --register register --format docx -o ut/ledningens-genomgang-2025.docx
	$(BIN)/python tools/demo_history.py ut/demo-historik
	$(BIN)/lgtool trend --register ut/demo-historik/register
	$(BIN)/lgtool report 2025 --register ut/demo-historik/register -o ut/demo-historik-2025.md
	@echo "Rapporterna finns i ut/."

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .lgtool-cache build src/*.egg-info
