import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def _import_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import ocop_fair.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_defaults_to_off():
    result = _import_settings(DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("sqlite:////tmp/ocop.sqlite3", "django.db.backends.sqlite3"),
        ("postgres://ocop@db.example:5432/ocop", "django.db.backends.postgresql"),
    ],
)
def test_database_url_selects_the_backend(url, engine):
    result = _import_settings(DJANGO_DEBUG="1", DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == engine


@pytest.mark.django_db
def test_models_and_migrations_agree():
    # Raises SystemExit(1) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_manage_py_writes_only_the_data_on_stdout(tmp_path):
    # `manage.py dumpdata catalog > backup.json` must give a JSON file: django-axes logs a line
    # when the project starts, and logs belong on stderr.
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, capture_output=True)
    result = subprocess.run(
        [*manage, "dumpdata", "cooperatives.province"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(result.stdout) == []
    assert "AXES" in result.stderr


def _catalogue_state():
    from catalog.models import PackOption, Product
    from cooperatives.models import Cooperative

    return (
        sorted(Cooperative.objects.values_list("name", "province__name", "slug")),
        sorted(Product.objects.values_list("name", "cooperative__name", "status", "ocop_stars")),
        sorted(PackOption.objects.values_list("product__name", "label", "price_vnd")),
    )


@pytest.mark.django_db(transaction=True)
def test_dumpdata_then_loaddata_restores_the_catalogue(catalogue, tmp_path):
    before = _catalogue_state()
    backup = tmp_path / "backup.json"
    with backup.open("w", encoding="utf-8") as out:
        call_command(
            "dumpdata", "--natural-foreign", "--natural-primary",
            "-e", "contenttypes", "-e", "auth.permission", "-e", "sessions", stdout=out,
        )  # fmt: skip
    json.loads(backup.read_text(encoding="utf-8"))

    call_command("flush", "--no-input", verbosity=0)
    assert _catalogue_state() == ([], [], [])
    call_command("loaddata", str(backup), verbosity=0)

    assert _catalogue_state() == before
    assert len(before[1]) == 5


def test_make_demo_serves_with_debug_off_so_visitors_pages_show():
    # With DEBUG on, `make demo` showed Django's technical 404 page instead of the site's own.
    result = subprocess.run(
        ["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    serving = result.stdout[result.stdout.index("export DJANGO_DEBUG=0") :]
    assert "collectstatic" in serving and "manage.py runserver" in serving
    assert "DJANGO_SECURE_COOKIES" in serving and "Demo logins are listed above" in serving
