# OCOP Fair — the commands a newcomer needs. Every target is idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Local development runs with DEBUG on unless the caller says otherwise.
export DJANGO_DEBUG ?= 1

.PHONY: install compile-messages icons demo test lint fmt messages run serve screenshots bench bench-pages bench-load bench-fairday bench-coldstart bench-logged-in bench-data clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) compile-messages ## Create .venv and install the project with its dev extra

compile-messages: $(STAMP) ## Compile locale/*/django.po (and djangojs.po) to .mo (pure Python, no gettext needed)
	@$(BIN)/pybabel compile -d locale -D django --statistics
	@$(BIN)/pybabel compile -d locale_vendor -D django --statistics
	@$(BIN)/pybabel compile -d locale_vendor -D djangojs --statistics

# The drawings shown for products without photos (catalog/illustrations.py maps groups to them),
# copied from the npm package into static/img/groups/ with its licence. The output is committed:
# run this after changing the mapping or the package's version.
icons: ## Vendor the product-group illustrations from node_modules into static/img/groups/
	test -f node_modules/@iconify-json/fluent-emoji-flat/icons.json || npm ci --ignore-scripts --no-audit --no-fund
	$(BIN)/python -m catalog.icons_build

# The demo is served with DEBUG off (PRODUCTION_ENV, below), so a missing page or an error shows
# the site's own 404 and 500 pages, as visitors would see them, not Django's technical pages.
demo: install ## Migrate SQLite, load the demo fairs (2022 archived, 2026 current) and serve them on http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@set -e; $(PRODUCTION_ENV) \
	$(BIN)/python manage.py collectstatic --no-input -v0; \
	echo ""; \
	echo "  OCOP Fair is running at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"; \
	echo "  Demo logins are listed above. Stop with Ctrl+C."; \
	echo ""; \
	exec $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install ## Run the whole test suite (SQLite unless DATABASE_URL says otherwise)
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install ## ruff check, ruff format --check, the import contracts, no missing migration
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run

fmt: install ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install ## Extract translatable strings into locale/*/django.po (needs GNU gettext)
	$(BIN)/python manage.py makemessages --locale vi --locale en --no-obsolete --ignore '.venv/*' --ignore 'node_modules/*'

run: install ## Serve the current database without reloading the demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production mode (DEBUG off, collected static files, gunicorn with gunicorn.conf.py) over the
# current database. So that it runs on a developer machine over plain http://127.0.0.1, it fills
# in what a real server's environment file sets, only where the environment has nothing:
#   DJANGO_SECRET_KEY     a freshly generated key (sessions do not survive a restart)
#   DJANGO_ALLOWED_HOSTS  127.0.0.1,localhost
#   DJANGO_SECURE_SSL_REDIRECT=0 and DJANGO_SECURE_COOKIES=0 (no TLS on 127.0.0.1)
#   OCOP_SERVE_MEDIA=1    Django serves /media/ itself (nginx does on a real server)
PRODUCTION_ENV = \
	export DJANGO_DEBUG=0; \
	export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}"; \
	export DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}"; \
	export DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-0}"; \
	export DJANGO_SECURE_COOKIES="$${DJANGO_SECURE_COOKIES:-0}"; \
	export OCOP_SERVE_MEDIA="$${OCOP_SERVE_MEDIA:-1}";

serve: install ## Serve the current database with gunicorn in production mode on http://127.0.0.1:8000
	@set -e; $(PRODUCTION_ENV) \
	$(BIN)/python manage.py collectstatic --no-input -v0; \
	$(BIN)/python manage.py migrate --check > /dev/null || { echo "Unapplied migrations: run '$(BIN)/python manage.py migrate' first."; exit 1; }; \
	echo "OCOP Fair (production mode) at http://$(HOST):$(PORT)/ — stop with Ctrl+C"; \
	exec $(BIN)/gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT)

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

bench-data: install ## Grow the current database to SCALE× the demo fair (default 100: 20,000+ products)
	$(BIN)/python manage.py load_demo --scale $${SCALE:-100}

bench-pages: install ## Server-side time per page (median, p95) on the current database
	$(BIN)/python bench/pages.py

bench-logged-in: install ## Server-side time of the staff portal's and the admin's product pages (moves 200 copies into one cooperative)
	$(BIN)/python bench/logged_in.py

bench-load: install ## Throughput under gunicorn with wrk: pages as a ratio to a trivial view
	bash bench/throughput.sh

bench-fairday: install ## The browsing mix's req/s with 0, 1 and 5 product saves a second (gunicorn, Redis, wrk)
	$(BIN)/python bench/fairday.py

bench-coldstart: install ## The first 100 requests of the browsing mix after a deploy and after a cache flush (gunicorn, Redis)
	$(BIN)/python bench/coldstart.py

clean: ## Remove the virtualenv and generated files (keeps db.sqlite3 and media/)
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
