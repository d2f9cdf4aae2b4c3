# Maillage — everyday commands. `make demo` and `make test` install what they need.
PORT ?= 8000
HOST ?= 127.0.0.1
SCALE ?= city
UV := .tools/bin/uv
RUN := $(UV) run --frozen --no-sync
PYTEST_WORKERS ?= 2

.PHONY: install demo serve test lint format bench messages screenshots clean

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	touch $@

install: .venv/.synced

demo: install
	$(RUN) python manage.py migrate --no-input -v 0
	$(RUN) python manage.py load_demo
	@echo "Maillage : http://$(HOST):$(PORT)/"
	@# The task worker (e-mails of notifications, large HR imports) runs beside the server and stops with it.
	$(RUN) python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN) python manage.py runserver $(HOST):$(PORT)

test: install
	$(RUN) pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) python manage.py makemigrations --check --dry-run

format: install
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

bench: install
	$(RUN) python -m bench --scale $(SCALE)

# Full-page screenshots of the main pages for every demo role, at 1280 and 375 px (screenshots/).
screenshots: install
	$(RUN) python scripts/screenshots.py

# Refresh the English catalogue (message ids are French), then translate the new entries.
messages: install
	$(RUN) python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=.tools --ignore=staticfiles --ignore=tests --ignore=bench
	$(RUN) python manage.py compilemessages --ignore=.venv --ignore=.tools

clean:
	rm -rf .venv .tools staticfiles db.sqlite3 db.sqlite3-*
