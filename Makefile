# lcspr: `make report` builds the example case; `make test` runs the tests.
# Everything needed is installed by `make setup` (run for you by the other targets).

CASE ?= examples/child-w
BUILD ?= build
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LCSPR := $(BIN)/lcspr
STAMP := $(VENV)/.installed

.PHONY: setup report validate status redaction schema test bench clean

$(STAMP): pyproject.toml
	@command -v apt-get >/dev/null && ! ldconfig -p | grep -q libpango-1.0 && \
	  { apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; } || true
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

report: validate status
	@echo "Outputs are in $(BUILD)/"

validate: $(STAMP)
	$(LCSPR) validate $(CASE) --build-dir $(BUILD)

status: $(STAMP)
	$(LCSPR) status $(CASE) --build-dir $(BUILD)

# redaction runs after draft: it reads build/<id>/internal/draft-report.md
redaction: $(STAMP)
	$(LCSPR) redaction $(CASE) --build-dir $(BUILD)

schema: $(STAMP)
	$(BIN)/python -m pipeline.schema_export

test: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	@for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(BUILD)
