"""What public pages read from the shared cache between edits (the current fair, a
cooperative's booths and its products' card keys): each edit is on the next request."""

import pytest

from catalog.services import product_hide_many
from cooperatives.services import booth_assign
from tests.factories import BoothFactory, FairFactory, ProductFactory, ShopLinkFactory

# A cache every process would share, the page cache off (tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]


def test_a_new_product_is_beside_its_cooperatives_others_at_once(client, catalogue):
    pomelo = catalogue["pomelo"]
    pages = [pomelo.get_absolute_url(), pomelo.cooperative.get_absolute_url()]
    for url in pages:
        client.get(url)

    ProductFactory(name="Mứt bưởi Phúc Trạch", cooperative=pomelo.cooperative, group=pomelo.group)

    for url in pages:
        assert "Mứt bưởi Phúc Trạch" in client.get(url).content.decode(), url


def test_a_hidden_product_leaves_its_cooperatives_pages_at_once(client, catalogue):
    pomelo, herbal = catalogue["pomelo"], catalogue["herbal"]
    pages = [pomelo.get_absolute_url(), pomelo.cooperative.get_absolute_url()]
    for url in pages:
        assert herbal.name in client.get(url).content.decode()

    product_hide_many(products=type(herbal).objects.filter(pk=herbal.pk))

    for url in pages:
        assert herbal.name not in client.get(url).content.decode(), url


def test_a_booth_is_on_the_product_page_at_once(client, catalogue):
    pomelo = catalogue["pomelo"]
    client.get(pomelo.get_absolute_url())
    booth = BoothFactory(fair=catalogue["fair"], code="D4")

    booth_assign(booth=booth, cooperative=pomelo.cooperative)

    assert "D4" in client.get(pomelo.get_absolute_url()).content.decode()


def test_another_fair_made_current_is_in_the_next_header(client, catalogue):
    from cooperatives.services import fair_make_current

    client.get("/products/")
    fair = FairFactory(name="Hội chợ OCOP Bắc Trung Bộ 2026", year=2026)

    fair_make_current(fair=fair)

    assert "Hội chợ OCOP Bắc Trung Bộ 2026" in client.get("/products/").content.decode()


def test_a_cached_product_page_reads_no_booth_fair_or_sibling(
    client, catalogue, django_assert_max_num_queries
):
    url = catalogue["pomelo"].get_absolute_url()
    client.get(url)

    with django_assert_max_num_queries(10) as queries:
        client.get(url)

    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "cooperatives_boothassignment" not in read
    assert "cooperatives_fair" not in read
    assert "cooperatives_shoplink" not in read


def test_a_shop_link_is_on_the_product_page_at_once(client, catalogue):
    pomelo = catalogue["pomelo"]
    client.get(pomelo.get_absolute_url())

    link = ShopLinkFactory(cooperative=pomelo.cooperative, url="https://shopee.vn/buoi-phuc-trach")

    assert link.url in client.get(pomelo.get_absolute_url()).content.decode()
    link.delete()
    assert link.url not in client.get(pomelo.get_absolute_url()).content.decode()
