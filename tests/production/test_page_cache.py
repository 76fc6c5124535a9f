"""The anonymous page cache: shared pages for cookie-less visitors, fresh after every edit."""

import datetime
import re

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from catalog.services import certification_record
from ocop_fair import page_versions
from ocop_fair.cache import (
    RENDER_LOCK_SECONDS,
    RENDER_POLL_SECONDS,
    AnonymousPageCacheMiddleware,
)
from tests.factories import CooperativeFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "page-cache-tests",
        }
    }
    from django.core.cache import cache

    cache.clear()


def test_page_is_served_without_queries_once_its_tags_are_known(
    client, catalogue, django_assert_num_queries
):
    url = catalogue["coffee"].get_absolute_url()
    # The first render learns what the page depends on, the second is stored (ocop_fair/cache.py).
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        third = client.get(url)

    assert third["X-Page-Cache"] == "hit"
    assert third.content == first.content


@pytest.mark.parametrize(
    "url_name", ["catalog:home", "catalog:product-list", "cooperatives:floor-plan"]
)
def test_public_pages_are_cached(client, catalogue, url_name):
    client.get(reverse(url_name))
    client.get(reverse(url_name))
    assert client.get(reverse(url_name))["X-Page-Cache"] == "hit"


def test_product_rename_is_visible_on_the_very_next_request(client, catalogue):
    coffee = catalogue["coffee"]
    client.get(coffee.get_absolute_url())

    coffee.name = "Cà phê Arabica Khe Sanh"
    coffee.save()
    response = client.get(coffee.get_absolute_url())

    assert response["X-Page-Cache"] == "miss"
    assert "Cà phê Arabica Khe Sanh" in response.content.decode()


def test_new_award_is_visible_on_the_very_next_request(client, catalogue):
    antler = catalogue["antler"]
    url = "/en" + antler.get_absolute_url()
    assert "2 OCOP stars out of 5" not in client.get(url).content.decode()

    certification_record(
        product=antler, stars=2, level="province", decision_date=datetime.date(2025, 3, 1)
    )

    assert "2 OCOP stars out of 5" in client.get(url).content.decode()


def test_admin_bulk_hide_is_visible_on_the_very_next_request(client, organiser_client, catalogue):
    """The admin's "hide" action writes with QuerySet.update(), which sends no signal."""
    coffee = catalogue["coffee"]
    assert client.get(coffee.get_absolute_url()).status_code == 200
    from django.db.models.signals import post_save

    receivers_before = post_save.receivers[:]
    post_save.receivers = []  # prove the request-level rule alone suffices
    try:
        response = organiser_client.post(
            reverse("admin:catalog_product_changelist"),
            {"action": "hide", "_selected_action": [coffee.pk]},
        )
    finally:
        post_save.receivers = receivers_before
        post_save.sender_receivers_cache.clear()
    assert response.status_code == 302

    assert client.get(coffee.get_absolute_url()).status_code == 404


def test_visitor_with_a_session_is_never_served_a_shared_page(client, catalogue):
    url = reverse("catalog:home")
    client.get(url)
    client.cookies[settings.SESSION_COOKIE_NAME] = "some-session"

    response = client.get(url)

    assert "X-Page-Cache" not in response


def test_signed_in_organiser_never_gets_a_shared_page(client, organiser_client, catalogue):
    url = reverse("catalog:home")
    client.get(url)

    response = organiser_client.get(url)

    assert "X-Page-Cache" not in response


def test_page_with_a_csrf_token_is_never_stored(client, catalogue):
    url = reverse("trade:enquiry-create", kwargs={"slug": catalogue["khe_sanh"].slug})

    first = client.get(url)
    client.cookies.clear()
    second = Client().get(url)

    assert first.status_code == 200
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert settings.CSRF_COOKIE_NAME in first.cookies
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second
    assert settings.CSRF_COOKIE_NAME in second.cookies


def test_response_that_sets_a_cookie_is_never_stored(client, catalogue):
    """Switching language sets the language cookie: such a response must stay personal."""
    url = reverse("admin:login")
    response = client.get(url)
    assert response.cookies
    assert "X-Page-Cache" not in response
    assert "X-Page-Cache" not in Client().get(url)


def test_languages_are_cached_apart(client, catalogue):
    client.get("/products/")
    english = client.get("/en/products/")

    assert english["X-Page-Cache"] == "miss"
    assert english["Content-Language"] == "en"
    assert client.get("/products/")["Content-Language"] == "vi"


def test_head_is_served_from_the_cache(client, catalogue):
    client.get("/products/")
    client.get("/products/")
    assert client.head("/products/")["X-Page-Cache"] == "hit"


def test_error_pages_are_not_stored(client, catalogue):
    client.get("/products/no-such-product/")
    assert client.get("/products/no-such-product/").status_code == 404
    assert "X-Page-Cache" not in client.get("/products/no-such-product/")


def test_unreachable_cache_server_still_renders_pages(settings, client, catalogue):
    # A closed port on loopback: every cache call fails at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    response = client.get(reverse("catalog:home"))
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


@pytest.fixture
def shared_cache(settings):
    """Django's Redis backend on a database of the tests' own; skipped without a Redis server."""
    import redis

    url = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.RedisError:
        pytest.skip("no Redis server on 127.0.0.1:6379 (apt-get install redis-server)")
    settings.PAGE_CACHE_SECONDS = 0
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }


def ha_tinh_count(html: str) -> int:
    return int(re.search(r'Hà Tĩnh</span>\s*<span class="tile-meta">(\d+) product', html).group(1))


def test_home_counts_are_computed_once_per_catalogue_version(
    client, catalogue, shared_cache, django_assert_max_num_queries
):
    first = client.get("/en/").content.decode()
    # The current fair, its opening days and the featured products: the counts come from the cache.
    with django_assert_max_num_queries(3):
        second = client.get("/en/")
    assert "X-Page-Cache" not in second

    ProductFactory(
        cooperative=CooperativeFactory(province=catalogue["ha_tinh"]),
        group=catalogue["herbs"],
        status="published",
    )
    third = client.get("/en/").content.decode()

    assert ha_tinh_count(first) == ha_tinh_count(second.content.decode()) == 3
    assert ha_tinh_count(third) == 4


def test_catalogue_count_is_computed_once_per_catalogue_version(
    client, catalogue, shared_cache, django_assert_num_queries
):
    client.get("/products/")
    # No query: the current fair (the header, "at this fair"), the page's keys, its cards and
    # its filter form are in the cache (no product loaded, no choices listed), and no COUNT(*).
    with django_assert_num_queries(0):
        client.get("/products/")
    ProductFactory(cooperative=catalogue["khe_sanh"], group=catalogue["food"], status="published")

    response = client.get("/products/")

    assert response.context["paginator"].count == 5


def test_cached_page_does_not_outlive_the_day_an_award_expires(client, catalogue, monkeypatch):
    # The 4★ award of 15/10/2024 is valid until 15/10/2027: no write happens when it lapses.
    url = "/en" + catalogue["herbal"].get_absolute_url()

    def page_on(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)
        return client.get(url)

    page_on(datetime.date(2027, 10, 15))
    last_day = page_on(datetime.date(2027, 10, 15))
    assert "4 OCOP stars out of 5" in last_day.content.decode()
    assert page_on(datetime.date(2027, 10, 15))["X-Page-Cache"] == "hit"

    next_day = page_on(datetime.date(2027, 10, 16))

    assert next_day["X-Page-Cache"] == "miss"
    html = next_day.content.decode()
    assert "4 OCOP stars out of 5" not in html and "4 OCOP stars, expired in 2027" in html


class FakeSleep:
    """The render lock's sleep: counts the waits and runs step at the at-th one, at once."""

    def __init__(self, at=0, step=None):
        self.calls, self.at, self.step = 0, at, step

    def __call__(self, seconds):
        self.calls += 1
        if self.calls == self.at:
            self.step()


def render_lock(url: str) -> str:
    """The key of the lock a render of url's page takes at the current versions."""
    from django.core.cache import cache

    request = RequestFactory().get(url)
    request.LANGUAGE_CODE = settings.LANGUAGE_CODE
    page_key, tags_key = AnonymousPageCacheMiddleware._keys(request)
    tags = cache.get(tags_key)
    current = page_versions.versions(tags)
    return AnonymousPageCacheMiddleware._lock_key(page_key, (tags, tuple(current[t] for t in tags)))


@pytest.fixture
def held(client, catalogue):
    """The catalogue page with its tags known, and its render lock taken by another worker."""
    from django.core.cache import cache

    url = reverse("catalog:product-list")
    client.get(url)
    lock = render_lock(url)
    assert cache.add(lock, 1, 3)
    return url, lock, cache


def test_miss_waits_for_a_held_render_lock_and_renders_once_it_is_released(
    client, held, monkeypatch
):
    url, lock, cache = held
    sleep = FakeSleep(at=3, step=lambda: cache.delete(lock))
    monkeypatch.setattr("ocop_fair.cache.sleep", sleep)

    response = client.get(url)

    # Three waits, then the lock was free: this request took it, rendered and let it go.
    assert (sleep.calls, response["X-Page-Cache"]) == (3, "miss")
    assert cache.get(lock) is None
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_miss_serves_the_page_the_lock_holder_stored(client, held, monkeypatch):
    url, lock, cache = held
    rendered = []

    def holder_finishes():
        cache.delete(lock)
        rendered.append(Client().get(url))  # the holder's render, stored

    sleep = FakeSleep(at=2, step=holder_finishes)
    monkeypatch.setattr("ocop_fair.cache.sleep", sleep)

    response = client.get(url)

    assert rendered[0]["X-Page-Cache"] == "miss"
    assert (sleep.calls, response["X-Page-Cache"]) == (2, "hit")
    assert response.content == rendered[0].content


def test_miss_renders_after_the_render_lock_times_out(client, held, monkeypatch):
    url, lock, cache = held
    sleep = FakeSleep()
    monkeypatch.setattr("ocop_fair.cache.sleep", sleep)

    response = client.get(url)

    # Never an endless wait: RENDER_LOCK_SECONDS of polls, then a render; the other worker's
    # lock is left to it.
    assert sleep.calls == round(RENDER_LOCK_SECONDS / RENDER_POLL_SECONDS)
    assert response["X-Page-Cache"] == "miss"
    assert cache.get(lock) == 1


def test_waiting_miss_never_serves_a_page_of_older_versions(client, held, monkeypatch):
    url, lock, cache = held
    request = RequestFactory().get(url)
    request.LANGUAGE_CODE = settings.LANGUAGE_CODE
    page_key, tags_key = AnonymousPageCacheMiddleware._keys(request)
    tags = cache.get(tags_key)

    def holder_stores_a_page_it_read_before_a_write():
        cache.set(page_key, (tags, ("old",) * len(tags), HttpResponse("stale")))
        cache.delete(lock)

    sleep = FakeSleep(at=1, step=holder_stores_a_page_it_read_before_a_write)
    monkeypatch.setattr("ocop_fair.cache.sleep", sleep)

    response = client.get(url)

    assert (sleep.calls, response["X-Page-Cache"]) == (1, "miss")
    assert b"stale" not in response.content


def test_new_version_does_not_wait_for_the_render_lock_of_the_old(client, held, monkeypatch):
    url, lock, cache = held
    sleep = FakeSleep()
    monkeypatch.setattr("ocop_fair.cache.sleep", sleep)

    page_versions.bump({page_versions.LISTING})
    response = client.get(url)

    assert (sleep.calls, response["X-Page-Cache"]) == (0, "miss")
