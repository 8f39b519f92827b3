# Two commands on a fresh machine: `make run` and `make test`. Everything else is plumbing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Dependencies come only from the lock files, every file checked against its hash:
# requirements.txt (what production runs, the Dockerfile installs it) and requirements-dev.txt
# (the same pins plus the test and lint tools). `make lock` regenerates both from pyproject.toml.
LOCKS := requirements.txt requirements-dev.txt
# The stamp's name changes with pyproject.toml and the locks, so any change reinstalls.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCKS) | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1:8000
# Keep the pins that still fit pyproject.toml; `make lock UPGRADE=1` moves everything to the newest.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
	--allow-unsafe --all-build-deps --strip-extras --no-emit-index-url --no-emit-find-links \
	$(if $(UPGRADE),--upgrade)

.PHONY: run test install lock migrate seed serve lint format messages check clean bench axe

$(STAMP): pyproject.toml $(LOCKS) scripts/system-packages.sh
	@bash scripts/system-packages.sh
	@$(PYTHON) -c 'import sys; sys.exit("Jobsporet needs Python 3.11 or newer (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# After changing the dependencies in pyproject.toml: `make lock`, then commit the two locks.
# (pip-tools itself comes from the current lock, so this works before the project installs.)
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/pip-compile || $(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	$(PIP_COMPILE) -o requirements.txt pyproject.toml
	$(PIP_COMPILE) --extra dev -c requirements.txt -o requirements-dev.txt pyproject.toml

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

serve: install
	@echo ""
	@echo "Jobsporet runs at http://$(HOST)/ (SQLite, tasks in-process)."
	@echo "Demo logins (password: demo): broker, caseworker, consultant, manager, admin, dpo"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST)

run: seed serve

test: install
	$(BIN)/python -m pytest -n auto -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(BIN)/python manage.py makemessages -l da --no-obsolete -i '.venv/*' -i 'benchmarks/*' -i 'tests/*' -i '*/migrations/*'
	$(BIN)/python manage.py compilemessages -i .venv

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# The pages at 10,000 and 100,000 participants on PostgreSQL, and a Locust load test (see
# benchmarks/bench.py; the two data sets are built once, then reused).
bench: install
	$(BIN)/python benchmarks/bench.py

# axe-core, the accessibility checker the browser tests run, from npm into tests/browser/vendor/
# (test-only, committed with its licence; the version is pinned in the script).
axe:
	bash scripts/vendor-axe.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
