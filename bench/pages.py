"""Server-side time per public page: median and p95 over N requests through Django's full stack.

Run by hand (never part of the tests) on the database of DATABASE_URL, after `load_demo` (and
`load_demo --scale 100` for the 20,000-product fair):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench .venv/bin/python bench/pages.py

Production settings (DEBUG off), the page cache off: every request renders. With REDIS_URL (a
Redis database of the bench's own: it is emptied first) the counts memoised per catalogue version
are on, as in production. Requests go through the
WSGI handler with Django's test client (middleware, URL routing, views, templates), so the time is
what a gunicorn worker spends, without the network.
"""

import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_DEBUG="0",
    DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    DJANGO_ALLOWED_HOSTS="testserver",
    DJANGO_SECURE_SSL_REDIRECT="0",
    OCOP_PAGE_CACHE_SECONDS="0",
    DJANGO_LOG_LEVEL="WARNING",
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_fair.settings")
os.environ.setdefault("STATIC_ROOT", str(ROOT / "staticfiles"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from catalog.demo.scale import COPY_INFIX  # noqa: E402
from catalog.models import Product  # noqa: E402
from catalog.selectors import OTHER_PRODUCTS_LIMIT  # noqa: E402
from cooperatives.models import Cooperative, Province  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
WARM_UP = 10
# BENCH_CLOCK=cpu times each request by this process's CPU time instead of the wall clock: on a
# machine other jobs are loading, a request's wall time mostly measures its wait for a core.
# In-process work (Django, templates, SQLite) is counted; the servers' (Redis, PostgreSQL) is not.
CLOCK = time.process_time if os.environ.get("BENCH_CLOCK") == "cpu" else time.perf_counter


def pages() -> dict[str, str]:
    # The same product at both fair sizes (one of the demo's own, not a copy made by --scale),
    # from a cooperative with more products than the page shows beside it: both sizes render
    # the product and a full row of "other products".
    product = (
        Product.objects.published()
        .exclude(name__contains=COPY_INFIX)
        .annotate(
            siblings=Count(
                "cooperative__products",
                filter=Q(cooperative__products__status="published")
                & ~Q(cooperative__products__name__contains=COPY_INFIX),
            )
        )
        .filter(siblings__gt=OTHER_PRODUCTS_LIMIT)
        .order_by("pk")
        .first()
    )
    cooperative = (
        Cooperative.objects.active().filter(products__status="published").order_by("pk").first()
    )
    province = Province.objects.order_by("display_order").first()
    return {
        "home": "/",
        "catalogue": "/products/",
        "catalogue, filtered": f"/products/?province={province.slug}&stars=4",
        "catalogue, page 5": "/products/?page=5",
        "search 'ca phe'": "/products/?q=ca+phe",
        "search 'tra' (full page both sizes)": "/products/?q=tra",
        "search 'mat ong' (typo 'mat ongg')": "/products/?q=mat+ongg",
        "product": product.get_absolute_url(),
        "cooperative": cooperative.get_absolute_url(),
        "enquiry form": reverse("trade:enquiry-create", args=[cooperative.slug]),
        "province": province.get_absolute_url(),
        "floor plan": "/floor-plan/",
        "sitemap index": "/sitemap.xml",
    }


def measure(client: Client, url: str) -> tuple[float, float, int]:
    for _ in range(WARM_UP):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(REQUESTS):
        started = CLOCK()
        client.get(url)
        times.append((CLOCK() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(response.content)


def empty_bench_redis() -> None:
    """Start from an empty cache: REDIS_URL names a Redis database of the bench's own."""
    if os.environ.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()


def main() -> None:
    empty_bench_redis()
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    vendor = connection.vendor
    print(
        f"{vendor}{' + Redis' if os.environ.get('REDIS_URL') else ''}: {Product.objects.count()} products, {Cooperative.objects.count()} cooperatives;"
        f" {REQUESTS} requests per page (after {WARM_UP} warm-up), milliseconds"
        f"{' of CPU time' if CLOCK is time.process_time else ''}"
    )
    print(f"{'page':<38} {'median':>8} {'p95':>8} {'KiB':>6}")
    for name, url in pages().items():
        median, p95, size = measure(client, url)
        print(f"{name:<38} {median:8.1f} {p95:8.1f} {size / 1024:6.0f}  {url}")


if __name__ == "__main__":
    main()
