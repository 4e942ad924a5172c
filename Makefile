# lcspr: `make report` builds the example case; `make test` runs the tests.
# Everything needed is installed by `make setup` (run for you by the other targets).

CASE ?= examples/child-w
BUILD ?= build
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LCSPR := $(BIN)/lcspr
STAMP := $(VENV)/.installed
BROWSER_STAMP := node_modules/.installed

.PHONY: setup report validate status rapid-review timetable chronology template draft letters redaction review publish bundle actions schema test bench clean

$(STAMP): pyproject.toml
	@command -v apt-get >/dev/null && ! ldconfig -p | grep -q libpango-1.0 && \
	  { apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; } || true
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# The browser check of the public HTML (tests/test_browser.py): Debian's chromium (installed only
# when running as root with apt-get) and axe-core pinned in package.json, in ./node_modules.
$(BROWSER_STAMP): package.json package-lock.json
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && apt-get install -y -qq chromium; } || echo "chromium not installed: the browser check will be skipped"
	@command -v npm >/dev/null && npm ci --no-audit --no-fund --ignore-scripts --silent && touch $(BROWSER_STAMP) || \
	  echo "npm missing or npm ci failed: the browser check will be skipped"

# One process runs every stage (lcspr report), so its message and exit code are the stage's own:
# 1 a gate held (make shows "Error 1"), 2 bad input; make itself always exits 2 on a failing recipe.
report: $(STAMP)
	$(LCSPR) report $(CASE) --build-dir $(BUILD)

validate: $(STAMP)
	$(LCSPR) validate $(CASE) --build-dir $(BUILD)

status: $(STAMP)
	$(LCSPR) status $(CASE) --build-dir $(BUILD)

# The Rapid Review (Appendices 3 and 4) and the review timetable (Appendix 6, Word and .ics) need review.yaml only.
rapid-review: $(STAMP)
	$(LCSPR) rapid-review $(CASE) --build-dir $(BUILD)

timetable: $(STAMP)
	$(LCSPR) timetable $(CASE) --build-dir $(BUILD)

# ANONYMISED=1 also writes the anonymised copy for the practitioner session (redaction/)
chronology: validate
	$(LCSPR) chronology $(CASE) --build-dir $(BUILD) $(if $(ANONYMISED),--anonymised)

# The blank forms others fill in: the chronology template (Appendix 10) and the referral form (Appendix 2).
template: $(STAMP)
	$(LCSPR) template chronology --out $(BUILD)/templates
	$(LCSPR) template referral --case $(CASE) --out $(BUILD)/templates

# the draft shows the chronology's timeline.svg
draft: chronology
	$(LCSPR) draft $(CASE) --build-dir $(BUILD)

# Letters go out before the agencies' chronologies arrive: they need review.yaml only
# (lcspr letters checks it), so they do not wait for a full validate.
letters: $(STAMP)
	$(LCSPR) letters $(CASE) --build-dir $(BUILD)

# Runs after publish: it refuses (exit 1) unless publish passed its leak scan on the current inputs.
bundle: publish
	$(LCSPR) bundle $(CASE) --build-dir $(BUILD)

# After publication: the first run writes $(CASE)/monitoring/action-plan.xlsx (in the case folder,
# so make clean keeps what people typed); later runs read it back (overdue / on track, and a progress
# report for the Practice Review Group in build/). TODAY=DD/MM/YYYY to date it.
actions: $(STAMP)
	$(LCSPR) actions $(CASE) --build-dir $(BUILD) $(if $(TODAY),--today $(TODAY))

# publish refuses (exit 1) while redaction findings await a quality checker's decision;
# the 7-minute briefing (review.yaml's briefing: block) is published beside the report
publish: redaction
	$(LCSPR) publish $(CASE) --build-dir $(BUILD)
	$(LCSPR) briefing $(CASE) --build-dir $(BUILD)

# redaction runs after draft: it reads build/<id>/internal/draft-report.md
redaction: draft
	$(LCSPR) redaction $(CASE) --build-dir $(BUILD)

# The quality checker's review page (a local web page; Ctrl-C stops it). AS="Your Name" records who decides.
review: draft
	$(LCSPR) review $(CASE) --build-dir $(BUILD) $(if $(AS),--as "$(AS)")

schema: $(STAMP)
	$(BIN)/python -m pipeline.case.schema

test: $(STAMP) $(BROWSER_STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	@for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

# Deletes build/ only: the action plan and the redaction decisions live in the case folder.
clean:
	rm -rf $(BUILD)
