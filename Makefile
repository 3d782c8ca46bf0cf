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

.PHONY: demo serve test lint bench clean-venv browser postgres FORCE

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The stamps are checked on every run, not only when pyproject.toml is newer: the venv is
# reinstalled when pyproject.toml's hash changed, a declared dependency is missing, out of
# range or not importable, or `pip check` fails (.ci/venv_check.py says which).
$(STAMP): FORCE | $(BIN)/python
	@$(BIN)/python .ci/venv_check.py $@ || { \
		$(BIN)/python -m pip install -q -e . && $(BIN)/python .ci/venv_check.py --write $@; }

$(DEVSTAMP): FORCE | $(BIN)/python
	@$(BIN)/python .ci/venv_check.py $@ dev || { \
		$(BIN)/python -m pip install -q -e '.[dev]' && \
		$(BIN)/python .ci/venv_check.py --write $@ dev && \
		$(BIN)/python .ci/venv_check.py --write $(STAMP); }

FORCE:

demo: $(STAMP)
	$(BIN)/storytrace analyze src/storytrace/demo/articles/ --out $(OUT)

$(WEBSTAMP): FORCE | $(BIN)/python
	@$(BIN)/python .ci/venv_check.py $@ web || { \
		$(BIN)/python -m pip install -q -e '.[web]' && \
		$(BIN)/python .ci/venv_check.py --write $@ web; }

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

# The store tests start a PostgreSQL server on 127.0.0.1 from Debian's package; install it
# when we are root and it is missing (as root the tests run it as the postgres user).
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ "$$(id -u)" = "0" ] \
		&& command -v apt-get >/dev/null; then \
		echo "installing postgresql for the store tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	fi

test: $(DEVSTAMP) browser postgres
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: $(DEVSTAMP)
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean-venv:
	rm -rf $(VENV)
