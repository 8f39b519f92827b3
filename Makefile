# Two commands on a fresh machine: `make run` and `make test`. Everything else is plumbing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1:8000

.PHONY: run test install migrate seed serve lint format messages check clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Jobsporet needs Python 3.11 or newer (found %s)" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

serve: install
	@echo ""
	@echo "Jobsporet runs at http://$(HOST)/ (SQLite, tasks in-process)."
	@echo "Demo logins (password: demo): broker, caseworker, consultant, manager, admin"
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

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
