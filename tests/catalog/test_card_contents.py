"""What a product card tells a buyer (templates/catalog/includes/_product_card.html): producer,
province, award, the lowest known price, the booth at the current fair and a shortlist button,
all from the cards' own query."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.page_tags import pack_option_tags
from cooperatives.page_tags import booth_assignment_tags
from ocop_fair.page_versions import LISTING
from tests.factories import (
    BoothAssignmentFactory,
    CooperativeFactory,
    FairFactory,
    PackOptionFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db


def card_of(html: str, name: str) -> str:
    title = rf'<span class="card-title">{re.escape(name)}</span>'
    return re.search(rf'<li class="card">(?:(?!</li>).)*?{title}.*?</li>', html, re.S)[0]


def test_card_shows_the_lowest_known_price_and_the_booth_at_the_current_fair(client, catalogue):
    coffee = catalogue["coffee"]  # a 150.000 ₫ pack, booth B7 at the current fair
    PackOptionFactory(product=coffee, label="gói 250 g", price_vnd=65_000)
    PackOptionFactory(product=coffee, label="thùng", price_vnd=None)  # on request
    archived = FairFactory(is_current=False)
    BoothAssignmentFactory(booth__fair=archived, booth__code="A1", cooperative=coffee.cooperative)

    html = client.get(reverse("catalog:product-list")).content.decode()

    card = card_of(html, "Cà phê Khe Sanh")
    assert '<span class="card-price">từ 65.000 ₫</span>' in card
    assert '<span class="card-booth">Gian hàng B7</span>' in card
    assert "HTX Nông sản Khe Sanh" in card and "Quảng Trị" in card
    pomelo = card_of(html, "Bưởi Phúc Trạch")  # no pack, no booth
    assert "card-price" not in pomelo and "card-booth" not in pomelo


def test_card_has_a_shortlist_button_that_posts_the_product(client, catalogue):
    html = client.get(reverse("catalog:product-list")).content.decode()

    card = card_of(html, "Bưởi Phúc Trạch")
    form = re.search(r'<form class="card-actions".*?</form>', card, re.S)[0]
    assert f'action="{reverse("trade:shortlist-toggle")}"' in form and 'method="post"' in form
    assert f'name="id" value="{catalogue["pomelo"].pk}"' in form
    assert 'name="action" value="add"' in form
    # A named button: the product is said to screen readers, not only "Add to shortlist".
    assert 'Thêm vào danh sách<span class="visually-hidden">: Bưởi Phúc Trạch</span>' in form


def test_adding_from_a_card_goes_back_to_the_page_it_was_on(client, catalogue):
    listing = "http://testserver" + reverse("catalog:product-list") + "?sort=name"
    data = {"kind": "product", "id": catalogue["pomelo"].pk, "action": "add"}

    response = client.post(reverse("trade:shortlist-toggle"), data, HTTP_REFERER=listing)

    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:product-list") + "?sort=name"
    assert catalogue["pomelo"].name in client.get(reverse("trade:shortlist")).content.decode()


def test_adding_without_a_page_to_go_back_to_shows_the_product(client, catalogue):
    data = {"kind": "product", "id": catalogue["pomelo"].pk, "action": "add"}

    response = client.post(reverse("trade:shortlist-toggle"), data)

    assert response["Location"] == catalogue["pomelo"].get_absolute_url()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("catalog:product-list")).status_code == 200
    return len(queries)


def test_a_page_of_cards_costs_the_same_queries_however_many_prices_and_booths(
    client, catalogue, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    before = _list_queries(client)
    fair = catalogue["fair"]
    for index in range(6):
        cooperative = CooperativeFactory(province=catalogue["ha_tinh"])
        product = ProductFactory(cooperative=cooperative, group=catalogue["food"])
        PackOptionFactory(product=product, price_vnd=10_000 * (index + 1))
        BoothAssignmentFactory(booth__fair=fair, booth__code=f"C{index}", cooperative=cooperative)

    assert _list_queries(client) == before


def test_a_new_price_or_booth_refreshes_the_listings():
    pack, assignment = PackOptionFactory.build(product_id=1), BoothAssignmentFactory.build()
    assert LISTING in pack_option_tags(pack)
    assert LISTING in booth_assignment_tags(assignment)


def _sort_options(html: str) -> list[str]:
    select = re.search(r'<select name="sort".*?</select>', html, re.S)[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_sort_without_a_search_reads_most_stars_first(client, catalogue):
    listing = reverse("catalog:product-list")
    assert _sort_options(client.get(listing).content.decode())[0] == "Nhiều sao nhất"
    assert "Phù hợp nhất" not in _sort_options(client.get(listing).content.decode())
    # An old link with sort=relevance and no search still works, by stars.
    response = client.get(listing, {"sort": "relevance"})
    assert response.status_code == 200 and "Đã bỏ qua bộ lọc" not in response.content.decode()
    assert _sort_options(client.get(listing, {"q": "ca phe"}).content.decode())[0] == "Phù hợp nhất"
