import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from cooperatives.floor_plan import floor_plan
from tests.factories import CooperativeFactory, MembershipFactory, ProductFactory
from tests.trade.conftest import buyer_data
from trade.models import Enquiry

pytestmark = pytest.mark.django_db

TOGGLE = reverse("trade:shortlist-toggle")
SHORTLIST = reverse("trade:shortlist")
WHOLESALE = reverse("trade:shortlist-enquiry")


def add(client, kind, item, **headers):
    return client.post(
        TOGGLE, {"kind": kind, "id": item.pk, "action": "add", "next": "/"}, **headers
    )


def test_product_and_cooperative_pages_carry_no_per_visitor_token(client, trade):
    for url in (trade["green_tea"].get_absolute_url(), trade["tea"].get_absolute_url()):
        response = client.get(url)
        html = response.content.decode()
        assert "csrfmiddlewaretoken" not in html
        assert response.cookies == {}  # no session, no CSRF cookie: the page can be shared
        assert f'action="{TOGGLE}"' in html
        assert "Liên hệ hợp tác xã" in html
        assert reverse("trade:enquiry-create", kwargs={"slug": trade["tea"].slug}) in html


def test_shortlist_survives_navigation_and_shows_on_the_pages(client, trade):
    response = add(client, "product", trade["green_tea"])
    assert response.status_code == 302
    add(client, "cooperative", trade["pomelo"])
    client.get(reverse("catalog:product-list"))
    client.get(trade["tea"].get_absolute_url())
    html = client.get(SHORTLIST).content.decode()
    assert "Chè xanh Hương Sơn" in html
    assert "HTX Bưởi Phúc Trạch" in html
    assert "Hồng trà Hương Sơn" not in html
    header = client.get(reverse("catalog:home")).content.decode()
    assert '<span class="shortlist-count">(2)</span>' in header
    # The product page now offers to remove it.
    assert (
        "Bỏ khỏi danh sách của tôi"
        in client.get(trade["green_tea"].get_absolute_url()).content.decode()
    )


def test_remove_from_the_shortlist(client, trade):
    add(client, "product", trade["green_tea"])
    client.post(TOGGLE, {"kind": "product", "id": trade["green_tea"].pk, "action": "remove"})
    assert 'class="shortlist-stops"' not in client.get(SHORTLIST).content.decode()


def test_shortlist_is_per_visitor(client, trade):
    add(client, "product", trade["green_tea"])
    other = Client()
    assert "Chè xanh Hương Sơn" not in other.get(SHORTLIST).content.decode()


def test_shortlist_is_ordered_by_booth_and_highlighted_on_the_floor_plan(client, trade):
    no_booth = CooperativeFactory(name="HTX Không Gian Hàng")
    add(client, "cooperative", no_booth)
    add(client, "product", trade["green_tea"])  # booth A10
    add(client, "product", trade["pomelo_fruit"])  # booth A2
    html = client.get(SHORTLIST).content.decode()
    positions = [
        html.index(name)
        for name in (">HTX Bưởi Phúc Trạch<", ">HTX Chè Hương Sơn<", ">HTX Không Gian Hàng<")
    ]
    assert positions == sorted(positions)  # A2, A10, then no booth
    assert html.count('class="booth booth-highlighted"') == 2


def test_share_link_reproduces_the_list_on_another_phone(client, trade):
    add(client, "product", trade["green_tea"])
    add(client, "cooperative", trade["pomelo"])
    html = client.get(SHORTLIST).content.decode()
    share_url = re.search(r'id="share-link" type="text" readonly value="([^"]+)"', html).group(1)
    share_url = share_url.replace("&amp;", "&")

    phone = Client()
    shared = phone.get(share_url.removeprefix("http://testserver")).content.decode()
    assert "Chè xanh Hương Sơn" in shared and "HTX Bưởi Phúc Trạch" in shared
    keep = re.search(r'name="p" value="([^"]*)".*name="c" value="([^"]*)"', shared, re.S)
    phone.post(reverse("trade:shortlist-keep"), {"p": keep.group(1), "c": keep.group(2)})
    mine = phone.get(SHORTLIST).content.decode()
    assert "Chè xanh Hương Sơn" in mine and "HTX Bưởi Phúc Trạch" in mine


def test_share_link_ignores_junk(client, trade):
    url = reverse("trade:shortlist-shared") + "?p=abc.-1.99999999999999999999999.&c=<script>"
    response = client.get(url)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_cross_site_posts_are_refused(client, trade):
    response = add(client, "product", trade["green_tea"], HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    response = add(client, "product", trade["green_tea"], HTTP_REFERER="https://evil.example/x")
    assert response.status_code == 403
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert (
        add(client, "product", trade["green_tea"], HTTP_ORIGIN="http://testserver").status_code
        == 302
    )


@pytest.mark.parametrize(
    ("origin", "secure", "status"),
    [
        ("https://testserver", True, 302),
        ("https://testserver:443", True, 302),
        ("http://testserver", False, 302),
        # Same host, another scheme or port: another origin (failed before: host compared only).
        ("http://testserver", True, 403),
        ("https://testserver", False, 403),
        ("https://testserver:8443", True, 403),
        ("http://testserver:80/", False, 302),
        ("http://testserver:99999", False, 403),
        ("null", True, 403),
        ("ftp://testserver", False, 403),
    ],
)
def test_shortlist_origin_check_compares_scheme_host_and_port(
    client, trade, origin, secure, status
):
    response = add(client, "product", trade["green_tea"], HTTP_ORIGIN=origin, secure=secure)
    assert response.status_code == status
    assert (settings.SESSION_COOKIE_NAME in client.cookies) == (status == 302)


def test_shortlist_refuses_a_referer_from_the_plain_http_site(client, trade):
    response = add(
        client, "product", trade["green_tea"], HTTP_REFERER="http://testserver/", secure=True
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "user", "id": "1", "action": "add"},
        {"kind": "product", "id": "abc", "action": "add"},
        {"kind": "product", "id": "1", "action": "delete"},
        # Unicode digits: str.isdigit() is true, int() refuses them.
        {"kind": "product", "id": "²", "action": "add"},
        {"kind": "cooperative", "id": "①", "action": "remove"},
        {"kind": "product", "id": "1" * 19, "action": "add"},
        {},
    ],
)
def test_bad_toggle_requests_are_refused_without_error(client, trade, data):
    assert client.post(TOGGLE, data).status_code == 403
    assert client.get(TOGGLE).status_code == 405


def test_unknown_item_is_404_and_next_cannot_leave_the_site(client, trade):
    assert (
        client.post(TOGGLE, {"kind": "product", "id": "999999", "action": "add"}).status_code == 404
    )
    response = client.post(
        TOGGLE,
        {
            "kind": "product",
            "id": trade["green_tea"].pk,
            "action": "add",
            "next": "https://evil.example/",
        },
    )
    assert response.url == trade["green_tea"].get_absolute_url()


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        ("/products/?q=tra&page=2", True),
        ("abc", False),  # no "/" nor ".": redirect() read it as a view name, a 500
        ("catalog:home", False),
        ("products", False),
        ("//evil.example/", False),
        ("/\\evil.example/", False),
        ("", False),
    ],
)
def test_toggle_goes_back_only_to_a_path_of_the_site(client, trade, target, kept):
    product = trade["green_tea"]
    data = {"kind": "product", "id": product.pk, "action": "add", "next": target}

    response = client.post(TOGGLE, data)

    assert response.status_code == 302
    assert response.url == (target if kept else product.get_absolute_url())
    assert client.session["shortlist"]["products"] == [product.pk]


@pytest.mark.parametrize("query", ["p=²", "c=①", "p=٣.²&c=1①", "p=" + "9" * 19])
def test_share_link_ignores_unicode_digits(client, trade, query):
    response = client.get(f"{reverse('trade:shortlist-shared')}?{query}")

    assert response.status_code == 200
    assert response.context["stops"] == []


def test_wholesale_enquiry_without_a_shortlist_goes_back_to_it(client, db):
    assert client.get(WHOLESALE).url == SHORTLIST


def test_wholesale_enquiry_fans_out_each_cooperative_its_own_part(
    client, trade, django_capture_on_commit_callbacks
):
    third = CooperativeFactory(name="HTX Mật Ong Quỳ Hợp", email="matong@example.vn")
    MembershipFactory(cooperative=third, user__email="chu.mat.ong@example.vn")
    ProductFactory(name="Mật ong rừng", cooperative=third)  # not on the list
    add(client, "product", trade["green_tea"])
    add(client, "product", trade["black_tea"])
    add(client, "product", trade["pomelo_fruit"])
    add(client, "cooperative", third)
    form = client.get(WHOLESALE).content.decode()
    assert "Gửi tới 3 hợp tác xã" in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(WHOLESALE, buyer_data(buyer_type="distributor"))

    enquiries = {e.cooperative.name: e for e in Enquiry.objects.select_related("cooperative")}
    assert set(enquiries) == {"HTX Chè Hương Sơn", "HTX Bưởi Phúc Trạch", "HTX Mật Ong Quỳ Hợp"}
    batch = {e.batch_reference for e in enquiries.values()}
    assert len(batch) == 1 and "" not in batch
    assert response.url == reverse("trade:enquiry-sent", args=[batch.pop()])
    products = {name: {p.name for p in e.products.all()} for name, e in enquiries.items()}
    assert products == {
        "HTX Chè Hương Sơn": {"Chè xanh Hương Sơn", "Hồng trà Hương Sơn"},
        "HTX Bưởi Phúc Trạch": {"Bưởi Phúc Trạch"},
        "HTX Mật Ong Quỳ Hợp": set(),
    }
    # Each cooperative's staff get their own part, with the buyer's contact, and nothing else.
    by_recipient = {message.to[0]: message for message in mail.outbox}
    tea_mail = by_recipient["chu.htx.che@example.vn"].body
    assert "Chè xanh Hương Sơn" in tea_mail and "Bưởi Phúc Trạch" not in tea_mail
    assert "0912 345 678" in tea_mail
    pomelo_mail = by_recipient["buoi@example.vn"].body
    assert "Bưởi Phúc Trạch" in pomelo_mail and "Chè xanh" not in pomelo_mail
    honey_mail = by_recipient["chu.mat.ong@example.vn"].body
    assert "Chè xanh" not in honey_mail and "Bưởi" not in honey_mail
    assert "Nguyễn Thị Lan" in honey_mail
    # The staff inbox of one cooperative shows only its own part.
    client.force_login(trade["pomelo_owner"])
    inbox = client.get(reverse("portal:enquiry-inbox")).content.decode()
    assert "Bưởi Phúc Trạch" in inbox and "Chè xanh" not in inbox
    sent = Client().get(response.url).content.decode()
    assert "HTX Mật Ong Quỳ Hợp" in sent and "HTX Chè Hương Sơn" in sent


def test_wholesale_enquiry_is_rate_limited_too(client, trade, settings):
    settings.ENQUIRY_RATE_LIMIT = 0
    add(client, "product", trade["green_tea"])
    assert client.post(WHOLESALE, buyer_data()).status_code == 429
    assert Enquiry.objects.count() == 0


def test_shortlist_page_queries_do_not_grow_with_items(client, trade, django_assert_num_queries):
    add(client, "product", trade["green_tea"])
    client.get(SHORTLIST)  # shows and clears the "added" message
    # One query more than before: the header reads the current fair (floor plan, exhibitors).
    with django_assert_num_queries(10):
        client.get(SHORTLIST)
    for index in range(8):
        add(
            client,
            "product",
            ProductFactory(cooperative=CooperativeFactory(), name=f"Sản phẩm {index}"),
        )
    client.get(SHORTLIST)
    # One query more than before: the header reads the current fair (floor plan, exhibitors).
    with django_assert_num_queries(10):
        client.get(SHORTLIST)


def test_floor_plan_highlights_several_booths(trade):
    plan = floor_plan(trade["fair"], highlights=["a2", "A10", "Z99"])
    assert sorted(item.booth.code for item in plan.booths if item.highlighted) == ["A10", "A2"]
    single = floor_plan(trade["fair"], highlight="A2")
    assert [item.booth.code for item in single.booths if item.highlighted] == ["A2"]
    assert single.highlighted.booth.code == "A2"
