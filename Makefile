# Two entry points for a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
WEBSTAMP := $(VENV)/.installed-web
OUT ?= out/demo
SERVE_DATA ?= out/serve
SERVE_ARGS ?=

.PHONY: demo serve test lint bench clean-venv browser

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@ $(STAMP)

demo: $(STAMP)
	$(BIN)/storytrace analyze src/storytrace/demo/articles/ --out $(OUT)

$(WEBSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[web]'
	touch $@

# The web app on the demo corpus at http://127.0.0.1:8000/ (prints the demo admin's
# password; SERVE_ARGS=--public lets anyone on this machine read without signing in).
serve: $(WEBSTAMP)
	$(BIN)/storytrace serve --data $(SERVE_DATA) --demo $(SERVE_ARGS)

# The browser test needs Debian's chromium; install it when we are root and it is missing.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "installing chromium for the browser test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

test: $(DEVSTAMP) browser
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: $(DEVSTAMP)
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean-venv:
	rm -rf $(VENV)
