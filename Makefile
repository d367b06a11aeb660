# aftercall — one command surface. `make demo` and `make test` bootstrap everything they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export PYTHONDONTWRITEBYTECODE :=
export AWS_DEFAULT_REGION ?= ap-northeast-2

.PHONY: all demo test lint typecheck unit integration workflow infra e2e synth cdk-synth layer bench fuzz lock clean node browser spelling

all: test

$(STAMP): requirements/dev.lock requirements/runtime.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "aftercall needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

node: node_modules/.installed

# Debian's Chromium and CJK fonts for the detail-page browser tests (root, as on CI and dev machines).
browser:
	@if command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		echo "chromium and CJK fonts present"; \
	else \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# Enchant and Debian's Hunspell dictionaries (ko_KR: hunspell-dict-ko, MPL-1.1/GPL-2+/LGPL-2.1+; en_US:
# SCOWL) for the spelling check of `aftercall lint-memo` / `preview` and its tests (not in the layer).
spelling:
	@if [ -f /usr/share/hunspell/ko_KR.dic ] && [ -f /usr/share/hunspell/en_US.dic ] && ldconfig -p | grep -q libenchant-2; then \
		echo "enchant and the ko_KR/en_US dictionaries present"; \
	else \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libenchant-2-2 hunspell-ko hunspell-en-us >/dev/null; \
	fi

demo: $(STAMP)
	$(BIN)/aftercall demo

test: $(STAMP) node browser spelling lint typecheck
	$(BIN)/pytest -n 2 --dist loadgroup -q

lint: $(STAMP)
	$(BIN)/ruff check functions infra layers tests benchmarks
	$(BIN)/ruff format --check functions infra layers tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy functions infra layers tests benchmarks

unit integration workflow infra e2e: $(STAMP) spelling
	$(BIN)/pytest -q tests/$@

synth: $(STAMP)
	$(BIN)/python infra/app.py

cdk-synth: $(STAMP) node
	npx cdk synth --quiet

layer: $(STAMP)
	$(BIN)/python -m layers.build
	$(BIN)/python -m layers.spelling

bench: $(STAMP) spelling
	$(BIN)/python -m benchmarks.run

# The handler fuzz at ten times its size in make test (at least 2,000 inputs per handler; ~10 min).
fuzz: $(STAMP)
	AFTERCALL_FUZZ_SCALE=10 $(BIN)/pytest -q tests/integration/test_fuzz_handlers.py tests/integration/test_send_dead_letter_handler.py

# Re-resolve the pinned set after editing requirements/dev.txt.
lock:
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/pip install --quiet -r requirements/dev.txt
	.lockvenv/bin/pip freeze --exclude-editable | grep -v '^aftercall' > requirements/dev.lock
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) node_modules cdk.out layers/build layers/build-spelling .pytest_cache .mypy_cache .ruff_cache
