"""Production settings, security headers, the health check, the 503 page and media headers."""

import json
import logging
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from ocop_fair.logs import OneLineFormatter

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "ocop.example.vn",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS", "AWS"))
    }
    environment.update(PRODUCTION_ENV, **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_setting(expression: str, **env: str):
    code = f"import json; from django.conf import settings; print(json.dumps({expression}))"
    result = run_manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_the_documented_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_redis_url_selects_the_shared_cache_and_the_page_cache():
    caches, seconds = production_setting(
        "[settings.CACHES['default']['BACKEND'], settings.PAGE_CACHE_SECONDS]",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert caches == "django.core.cache.backends.redis.RedisCache"
    assert seconds == 600


def test_without_redis_the_cache_is_local_and_pages_are_not_cached():
    caches, seconds = production_setting(
        "[settings.CACHES['default']['BACKEND'], settings.PAGE_CACHE_SECONDS]"
    )
    assert caches == "django.core.cache.backends.locmem.LocMemCache"
    assert seconds == 0


def test_a_bucket_name_selects_object_storage_for_media():
    storage = production_setting(
        "settings.STORAGES['default']",
        AWS_STORAGE_BUCKET_NAME="ocop-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.vn",
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "ocop-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.vn"
    assert storage["OPTIONS"]["querystring_auth"] is False


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client, catalogue):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]
    assert client.get("/en/healthz").status_code == 404


@pytest.fixture
def database_down(monkeypatch):
    """PostgreSQL (or the SQLite file) unreachable: every new connection attempt fails."""

    def refuse(self):
        raise OperationalError("connection refused (test)")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/products/", "Danh mục tạm thời gián đoạn"),
        ("/en/products/", "The catalogue is briefly unavailable"),
    ],
)
def test_lost_database_gives_the_friendly_503_page(database_down, url, heading, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.CRITICAL, logger="django.request"):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert heading in response.content.decode()
    assert "<script" not in response.content.decode()


@pytest.mark.django_db
def test_other_errors_still_give_the_500_page(monkeypatch, caplog):
    def explode(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", explode)
    with caplog.at_level(logging.CRITICAL, logger="django.request"):
        response = Client(raise_request_exception=False).get("/products/")
    assert response.status_code == 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "inline"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n", True),
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>", False),
        ("page.html", b"<script>alert(1)</script>", False),
    ],
)
def test_media_are_served_with_safe_headers(client, settings, name, content, inline):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / name).write_bytes(content)

    response = client.get(f"/media/{name}")
    body = b"".join(response.streaming_content)
    response.close()

    assert response.status_code == 200
    assert body == content
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("inline" if inline else "attachment")


def test_log_events_are_one_line_each():
    formatter = OneLineFormatter("%(levelname)s %(message)s")
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    line = formatter.format(record)
    assert "\n" not in line
    assert line.startswith("ERROR failed | Traceback")
    assert "ValueError: bad | value" in line
