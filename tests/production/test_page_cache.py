"""The anonymous page cache: shared pages for cookie-less visitors, fresh after every edit."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from catalog.services import certification_record
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
    with django_assert_max_num_queries(2):  # the current fair and the featured products
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
    # The page's keys, its cards, their covers, today's units, the provinces and groups: no
    # COUNT(*).
    with django_assert_num_queries(6):
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
