# The front door: make demo, make test, make lint, make bench (and make test-min).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-min lint bench install clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,docx,excel,snabb,pdf,kalender]'
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
	$(BIN)/python tools/demo_city.py ut/demo-stad
	$(BIN)/lgtool stad status ut/demo-stad/stad.yaml
	$(BIN)/lgtool stad report 2026 ut/demo-stad/stad.yaml -o ut/demo-stad-2026.md
	@echo "Rapporterna finns i ut/."

test: $(STAMP)
	$(BIN)/pytest

# The lowest declared version of every dependency (pip has no lowest resolution, so
# tools/min_constraints.py turns each floor of pyproject.toml into a pin), in a venv
# of its own: the example register through validate, status and report, and the
# fast tests of the command line and the caches.
MIN := .venv-min
MIN_TESTS := tests/test_cli.py tests/test_cli_process.py tests/test_cached.py \
	tests/test_cache.py tests/test_validate.py tests/test_status.py

test-min:
	rm -rf $(MIN)
	$(PY) -m venv $(MIN)
	$(MIN)/bin/pip install --quiet --upgrade pip
	$(PY) tools/min_constraints.py docx excel snabb dev > $(MIN)/constraints.txt
	$(MIN)/bin/pip install --quiet -c $(MIN)/constraints.txt '.[docx,excel,snabb]' pytest
	$(MIN)/bin/pip list --format=freeze > $(MIN)/installed.txt
	cd $(MIN) && LGTOOL_IDAG=2026-11-29 bin/lgtool validate --register ../register --ingen-cache
	cd $(MIN) && LGTOOL_IDAG=2026-11-29 bin/lgtool status --register ../register \
		--format json --ingen-cache > status.json
	cd $(MIN) && bin/lgtool report 2025 --register ../register --ingen-cache -o rapport.md
	$(MIN)/bin/pytest -q -p no:cacheprovider $(MIN_TESTS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(MIN) .pytest_cache .mypy_cache .ruff_cache .lgtool-cache build src/*.egg-info
