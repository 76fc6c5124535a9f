"""ocop_fair/guards.py: ids read strictly, NUL bytes refused, personal pages kept private."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.cache import cc_delim_re

from ocop_fair.guards import parse_id
from tests.url_walk import build_world, project_routes, real_values


@pytest.fixture
def world(settings, organiser):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world(organiser)


def directives(response) -> set[str]:
    return {
        d.split("=")[0].strip().lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
    } - {""}


# --- parse_id --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("0042", 42),
        ("9" * 18, 999_999_999_999_999_999),
        ("0", None),
        ("9" * 19, None),  # may not fit a bigint
        ("²", None),  # str.isdigit() says yes, int() refuses
        ("①", None),
        ("٣", None),  # int() reads it as 3, but no link of the site writes it
        ("1²", None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1_000", None),
        ("", None),
        (None, None),
        (["1"], None),
    ],
)
def test_parse_id_accepts_only_ascii_digits(value, expected):
    assert parse_id(value) == expected


# --- NUL bytes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/enquiries/sent/%00/",
        "/fairs/{fair}/booths/%00/",
        "/fairs/{fair}/booths/B1%00/qr.png",
        "/staff/enquiries/%00/",
        "/products/%00/",
        "/products/?q=%00",
        "/products/?%00=1",
        "/shortlist/shared/?p=1%00",
        "/en/cooperatives/{cooperative}/contact/?product=%00",
    ],
)
def test_nul_in_the_address_is_a_plain_400(client, world, path):
    client.force_login(world.staff)
    cooperative = world.staff.memberships.get().cooperative
    url = path.format(
        fair=world.values["fairs/<slug:slug>/signs/"]["slug"], cooperative=cooperative.slug
    )

    with translation.override("vi"):  # a request under /en/ leaves English active otherwise
        response = client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() in {"Địa chỉ này không hợp lệ.", "This address is not valid."}


def test_nul_in_a_cookie_or_header_is_a_400(client, world):
    client.cookies[settings.SESSION_COOKIE_NAME] = "abcdefgh\x00ijkl"
    assert client.get(reverse("catalog:home")).status_code == 400

    fresh = Client(HTTP_USER_AGENT="Mozilla\x00")
    assert fresh.post(reverse("login"), {"username": "a", "password": "b"}).status_code == 400


def test_ordinary_requests_pass_the_nul_guard(client, world):
    assert client.get(reverse("catalog:product-list"), {"q": "chè"}).status_code == 200


# --- Cache-Control on personal pages ---------------------------------------------------------


def signed_in_routes():
    """Every route but the admin's (never_cache already) and the logout (POST only)."""
    return [
        route
        for route in project_routes()
        if not route.template.startswith("admin/") and route.name != "logout"
    ]


@pytest.mark.parametrize("who", ["staff", "organiser"])
def test_every_page_a_signed_in_user_gets_is_private(client, world, who):
    client.force_login(getattr(world, who))
    checked = []
    for route in signed_in_routes():
        response = client.get(route.path(real_values(route, world)))
        if response.streaming:  # read to the end: the test client then closes the file
            response.getvalue()
        if "public" in directives(response):  # QR codes: the same image for everyone
            assert b"csrfmiddlewaretoken" not in response.content
            continue
        assert {"private", "no-store"} <= directives(response), (route.template, response)
        checked.append(route.template)

    # Every staff and account page was among them, whatever its status.
    assert {r.template for r in project_routes() if r.template.startswith("staff/")} <= set(checked)
    assert {"accounts/login/", "accounts/password_change/", "accounts/password_reset/"} <= set(
        checked
    )


def test_staff_csv_export_and_inbox_are_private(client, world):
    client.force_login(world.staff)
    for name in ("portal:enquiry-export", "portal:enquiry-inbox", "portal:dashboard"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert {"private", "no-store"} <= directives(response)


def test_public_page_with_the_logout_form_is_private_when_signed_in(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("catalog:home"))
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert {"private", "no-store"} <= directives(response)


def test_anonymous_form_page_is_private(client, world):
    response = client.get(reverse("login"))
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert {"private", "no-store"} <= directives(response)


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "guards-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    "name", ["catalog:home", "catalog:product-list", "cooperatives:floor-plan"]
)
def test_anonymous_pages_stay_shared_and_cacheable(client, world, page_cache, name):
    # The first render learns what the page depends on, the second is stored.
    first = client.get(reverse(name))
    second = client.get(reverse(name))
    third = client.get(reverse(name))

    assert (first["X-Page-Cache"], third["X-Page-Cache"]) == ("miss", "hit")
    assert not directives(second) & {"private", "no-store"}
