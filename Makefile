# OCOP Fair — the commands a newcomer needs. Every target is idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Local development runs with DEBUG on unless the caller says otherwise.
export DJANGO_DEBUG ?= 1

.PHONY: install compile-messages demo test lint fmt messages run screenshots bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) compile-messages ## Create .venv and install the project with its dev extra

compile-messages: $(STAMP) ## Compile locale/*/django.po to .mo (pure Python, no gettext needed)
	@$(BIN)/pybabel compile -d locale -D django --statistics
	@$(BIN)/pybabel compile -d locale_vendor -D django --statistics

demo: install ## Migrate SQLite, load the 2022 demo fair and serve it on http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  OCOP Fair is running at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "  Demo logins are listed above. Stop with Ctrl+C."
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install ## Run the whole test suite (SQLite unless DATABASE_URL says otherwise)
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install ## ruff check + ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install ## Extract translatable strings into locale/*/django.po (needs GNU gettext)
	$(BIN)/python manage.py makemessages --locale vi --locale en --no-obsolete --ignore '.venv/*' --ignore 'node_modules/*'

run: install ## Serve the current database without reloading the demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

screenshots: install ## Regenerate docs/screenshots/*.png from a fresh demo fair (needs Chromium)
	@set -e; tmp=$$(mktemp -d); \
	export DATABASE_URL=sqlite:///$$tmp/db.sqlite3 MEDIA_ROOT=$$tmp/media; \
	$(BIN)/python manage.py migrate -v0; \
	$(BIN)/python manage.py load_demo > /dev/null; \
	$(BIN)/python manage.py runserver 127.0.0.1:8765 --noreload > $$tmp/server.log 2>&1 & server=$$!; \
	trap 'kill $$server; rm -rf $$tmp' EXIT; \
	$(BIN)/python docs/screenshots.py http://127.0.0.1:8765 docs/screenshots

bench: install ## Time importing 5,000 products (SQLite, or the database of DATABASE_URL)
	$(BIN)/python bench/import_products.py

clean: ## Remove the virtualenv and generated files (keeps db.sqlite3 and media/)
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
