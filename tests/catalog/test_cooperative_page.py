"""A cooperative's public page (templates/catalog/cooperative_detail.html): contacts with call and
Zalo buttons, address, shop links, booth, products; organisers' tools for organisers only;
breadcrumbs that end on the page itself."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperatives.models import Booth, Cooperative
from tests.factories import (
    BoothAssignmentFactory,
    BoothFactory,
    CooperativeFactory,
    FairFactory,
    MembershipFactory,
    ProductFactory,
    UserFactory,
)

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


def _mini_map(html: str) -> str:
    match = re.search(r'<a class="mini-map" href="([^"]+)">(.*?)</a>', html, re.DOTALL)
    assert match, "no mini-map"
    return match.group(1), match.group(2)


def test_mini_map_marks_the_booth_and_links_to_the_floor_plan_there(client, catalogue):
    fair, khe_sanh = catalogue["fair"], catalogue["khe_sanh"]
    booth = Booth.objects.get(fair=fair, code="B7")
    booth.zone, booth.x, booth.y = "Khu Quảng Trị", 2, 1
    booth.save()
    BoothFactory(fair=fair, code="B8", zone="Khu Quảng Trị", x=3, y=1)
    BoothFactory(fair=fair, code="C1", zone="Khu Hà Tĩnh", x=0, y=4)
    html = client.get(khe_sanh.get_absolute_url()).content.decode()
    href, svg = _mini_map(html)
    assert href == booth.get_floor_plan_url()
    assert "?booth=B7#booth-B7" in href
    label = re.search(r'<svg [^>]*role="img" aria-label="([^"]+)"', svg).group(1)
    assert "gian hàng B7 (Khu Quảng Trị)" in label and fair.name in label
    rects = re.findall(r"<rect [^>]*>", svg)
    assert len(rects) == 3
    marked = [rect for rect in rects if "mini-map-marked" in rect]
    # Booth B7 at column 2, row 1, as the floor plan places it.
    assert len(marked) == 1 and 'x="64" y="52"' in marked[0]

    english = client.get("/en" + khe_sanh.get_absolute_url()).content.decode()
    assert "booth B7 (Khu Quảng Trị)" in _mini_map(english)[1]


def test_no_mini_map_without_a_booth_at_the_current_fair(client, catalogue):
    past = FairFactory(is_current=False)
    cooperative = CooperativeFactory(province=catalogue["quang_tri"])
    BoothAssignmentFactory(booth__fair=past, cooperative=cooperative)
    html = client.get(cooperative.get_absolute_url()).content.decode()
    assert 'class="mini-map"' not in html


def test_mini_map_queries_are_few_and_do_not_grow_with_booths(client, catalogue, settings):
    settings.PAGE_CACHE_SECONDS = 0
    fair, khe_sanh = catalogue["fair"], catalogue["khe_sanh"]
    few = _page_queries(client, khe_sanh)
    assert few <= 10
    for n in range(12):
        BoothAssignmentFactory(booth__fair=fair, booth__x=n, booth__y=8)
    assert _page_queries(client, khe_sanh) == few
    html = client.get(khe_sanh.get_absolute_url()).content.decode()
    assert len(re.findall(r"<rect ", _mini_map(html)[1])) == 13
