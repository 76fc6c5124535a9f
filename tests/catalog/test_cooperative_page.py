"""A cooperative's public page (templates/catalog/cooperative_detail.html): contacts with call and
Zalo buttons, address, shop links, booth, products; organisers' tools for organisers only;
breadcrumbs that end on the page itself."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperatives.models import Cooperative
from tests.factories import CooperativeFactory, MembershipFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("phone", "tel", "zalo"),
    [
        ("0912 345 678", "tel:+84912345678", "https://zalo.me/0912345678"),
        ("+84 386.123.456", "tel:+84386123456", "https://zalo.me/0386123456"),
        ("0238 3 844 555", "tel:+842383844555", ""),  # a landline has no Zalo
        ("1900 1234", "tel:19001234", ""),
        ("", "", ""),
    ],
)
def test_phone_links(phone, tel, zalo):
    cooperative = Cooperative(phone=phone)
    assert (cooperative.tel_url, cooperative.zalo_url) == (tel, zalo)


def test_page_offers_call_and_zalo_buttons_and_the_whole_address(client, catalogue):
    khe_sanh = catalogue["khe_sanh"]
    khe_sanh.phone, khe_sanh.address = "0912 345 678", "Thôn Tân Linh"
    khe_sanh.commune, khe_sanh.description = "Khe Sanh", "Cà phê Arabica trồng trên đồi đỏ."
    khe_sanh.save()

    html = client.get(khe_sanh.get_absolute_url()).content.decode()

    assert '<a class="button button-secondary" href="tel:+84912345678">Gọi 0912 345 678</a>' in html
    assert 'href="https://zalo.me/0912345678" rel="noopener">Nhắn tin Zalo</a>' in html
    assert "Thôn Tân Linh, Khe Sanh, Quảng Trị" in html
    assert "Cà phê Arabica trồng trên đồi đỏ." in html
    assert catalogue["fair"].get_floor_plan_url() in html  # booth B7 on the map
    assert "Cà phê Khe Sanh" in html  # its products


def test_page_without_a_phone_has_no_call_button(client, catalogue):
    khe_sanh = catalogue["khe_sanh"]
    khe_sanh.phone = ""
    khe_sanh.save()
    html = client.get(khe_sanh.get_absolute_url()).content.decode()
    assert "tel:" not in html and "zalo.me" not in html


def test_qr_downloads_are_for_organisers_only(client, catalogue, organiser):
    khe_sanh = catalogue["khe_sanh"]
    qr = reverse("cooperatives:cooperative-qr", kwargs={"slug": khe_sanh.slug, "fmt": "png"})
    member = UserFactory()
    MembershipFactory(user=member, cooperative=khe_sanh)

    assert qr not in client.get(khe_sanh.get_absolute_url()).content.decode()
    client.force_login(member)
    assert qr not in client.get(khe_sanh.get_absolute_url()).content.decode()
    client.force_login(organiser)
    assert qr in client.get(khe_sanh.get_absolute_url()).content.decode()


def _breadcrumbs(html: str) -> str:
    return re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)[0]


def test_breadcrumbs_end_on_the_page_itself(client, catalogue):
    khe_sanh, coffee = catalogue["khe_sanh"], catalogue["coffee"]
    pages = {
        khe_sanh.get_absolute_url(): khe_sanh.name,
        coffee.get_absolute_url(): coffee.name,
        reverse("trade:enquiry-create", kwargs={"slug": khe_sanh.slug}): "Liên hệ hợp tác xã",
    }
    for url, current in pages.items():
        crumbs = _breadcrumbs(client.get(url).content.decode())
        assert re.search(
            rf'›\s*<span aria-current="page">{re.escape(current)}</span>\s*</nav>$', crumbs
        ), crumbs
        assert catalogue["quang_tri"].get_absolute_url() in crumbs


def _page_queries(client, cooperative) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(cooperative.get_absolute_url()).status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_products(client, catalogue, settings):
    settings.PAGE_CACHE_SECONDS = 0
    cooperative = CooperativeFactory(province=catalogue["quang_tri"], phone="0912345678")
    ProductFactory(cooperative=cooperative, group=catalogue["food"])
    one = _page_queries(client, cooperative)
    ProductFactory.create_batch(5, cooperative=cooperative, group=catalogue["tea"])
    assert _page_queries(client, cooperative) == one
