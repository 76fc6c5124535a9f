import datetime
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product
from catalog.services import certification_record
from tests.factories import (
    CertificationFactory,
    FairFactory,
    ProductFactory,
    ProductImageFactory,
)

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 10


def names(response):
    return [product.name for product in response.context["products"]]


def test_home_shows_fair_provinces_groups_and_featured(client, catalogue):
    Product.objects.filter(pk=catalogue["coffee"].pk).update(is_featured=True)
    response = client.get(reverse("catalog:home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Hội nghị xúc tiến thương mại Bắc Trung Bộ 2022" in content
    assert [(p.name, p.product_count) for p in response.context["provinces"]] == [
        ("Hà Tĩnh", 3),
        ("Quảng Trị", 1),
    ]
    assert {g.code: g.product_count for g in response.context["groups"]} == {"I": 3, "III": 1}
    assert [p.name for p in response.context["featured"]] == ["Cà phê Khe Sanh"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ca phe khe sanh", ["Cà phê Khe Sanh"]),
        ("CÀ PHÊ", ["Cà phê Khe Sanh"]),
        # The pomelo by name, then the other products of "HTX Bưởi Phúc Trạch", best first.
        ("buoi", ["Bưởi Phúc Trạch", "Trà túi lọc cà gai leo", "Nhung hươu Hương Sơn"]),
        ("huong son", ["Nhung hươu Hương Sơn"]),
        ("nhung huou", ["Nhung hươu Hương Sơn"]),
        ("arabica", ["Cà phê Khe Sanh"]),  # summary
        ("quang tri", ["Cà phê Khe Sanh"]),  # province
        ("phuc trach", ["Bưởi Phúc Trạch", "Trà túi lọc cà gai leo", "Nhung hươu Hương Sơn"]),
        ("dau phong", []),  # only a pending product matches: not shown
        ("xyz", []),
    ],
)
def test_search_is_case_and_diacritics_insensitive(client, catalogue, query, expected):
    response = client.get(reverse("catalog:product-list"), {"q": query})
    assert response.status_code == 200
    assert names(response) == expected


def test_province_filter_lists_each_product_once_in_catalogue_order(client, catalogue):
    # A product has one province, so no DISTINCT: with it PostgreSQL sorted every match instead
    # of walking the catalogue-order index (docs/benchmarks.md).
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("catalog:product-list"), {"province": ["ha-tinh", "quang-tri", "ha-tinh"]}
        )
    assert names(response) == [
        "Cà phê Khe Sanh",
        "Trà túi lọc cà gai leo",
        "Bưởi Phúc Trạch",
        "Nhung hươu Hương Sơn",
    ]
    assert not any("DISTINCT" in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("params", [{"q": "phuc trach"}, {"q": "ca"}, {}, {"sort": "name"}])
def test_page_sorts_keys_alone_then_loads_its_cards_in_that_order(client, catalogue, params):
    # Sorting every match with its cooperative's, province's and group's columns carried along
    # made search slow at 100x the fair: the page's keys are sorted on the product table alone.
    from catalog import selectors
    from catalog.filters import ProductFilter

    one_query = ProductFilter(params, queryset=selectors.product_cards()).qs
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("catalog:product-list"), params)

    assert names(response) == [product.name for product in one_query]
    assert all(product.cooperative.province.name for product in response.context["products"])
    # The page's own LIMIT ends its query; the cards' subqueries (price, booth) have theirs inside.
    sorting = [
        query["sql"]
        for query in queries.captured_queries
        if re.search(r"LIMIT \d+( OFFSET \d+)?$", query["sql"])
    ]
    assert sorting and all(
        "cooperatives_province" not in sql and "catalog_productgroup" not in sql for sql in sorting
    )


def test_search_ranks_name_matches_first(client, catalogue):
    # "Phúc Trạch" is in the pomelo's name and in its cooperative's name for the other two.
    response = client.get(reverse("catalog:product-list"), {"q": "phuc trach"})
    assert names(response)[0] == "Bưởi Phúc Trạch"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"province": "ha-tinh"},
            ["Trà túi lọc cà gai leo", "Bưởi Phúc Trạch", "Nhung hươu Hương Sơn"],
        ),
        (
            {"province": ["ha-tinh", "quang-tri"], "sort": "name"},
            [
                "Bưởi Phúc Trạch",
                "Cà phê Khe Sanh",
                "Nhung hươu Hương Sơn",
                "Trà túi lọc cà gai leo",
            ],
        ),
        (
            {"group": "thuc-pham", "sort": "name"},
            ["Bưởi Phúc Trạch", "Cà phê Khe Sanh", "Trà túi lọc cà gai leo"],
        ),
        ({"stars": "4"}, ["Cà phê Khe Sanh", "Trà túi lọc cà gai leo"]),
        ({"valid": "on", "sort": "name"}, ["Cà phê Khe Sanh", "Trà túi lọc cà gai leo"]),
        ({"cooperative": "htx-nong-san-khe-sanh"}, ["Cà phê Khe Sanh"]),
        (
            {"sort": "stars"},
            [
                "Cà phê Khe Sanh",
                "Trà túi lọc cà gai leo",
                "Bưởi Phúc Trạch",
                "Nhung hươu Hương Sơn",
            ],
        ),
    ],
)
def test_catalogue_filters(client, catalogue, params, expected):
    response = client.get(reverse("catalog:product-list"), params)
    assert response.status_code == 200
    assert names(response) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"province": "atlantis"},
        {"stars": "abc"},
        {"group": "khong-co"},
        {"sort": "drop table"},
        {"q": "x" * 10_000},
    ],
)
def test_invalid_filters_give_a_normal_page_with_a_message(client, catalogue, params):
    response = client.get(reverse("catalog:product-list"), params)
    assert response.status_code == 200
    assert len(names(response)) == 4  # the bad filter is ignored
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]


@pytest.mark.parametrize("page", ["99999", "abc", "0"])
def test_page_past_the_end_is_404(client, catalogue, page):
    assert client.get(reverse("catalog:product-list"), {"page": page}).status_code == 404


def test_active_filters_show_as_removable_chips(client, catalogue):
    response = client.get(
        reverse("catalog:product-list"), {"province": ["ha-tinh", "quang-tri"], "stars": "4"}
    )
    content = response.content.decode()
    assert 'href="/products/?province=quang-tri&amp;stars=4"' in content  # without Hà Tĩnh
    assert 'href="/products/?province=ha-tinh&amp;province=quang-tri"' in content  # without stars


def test_a_corrected_search_says_what_it_searched_for(client, catalogue):
    response = client.get("/products/", {"q": "nhung huuo"})
    assert names(response) == ["Nhung hươu Hương Sơn"]
    content = response.content.decode()
    assert "Không tìm thấy sản phẩm nào khớp đúng với “nhung huuo”." in content
    assert "Đang hiển thị kết quả cho “huou” thay vì “huuo”." in content

    english = client.get("/en/products/", {"q": "nhung huuo"}).content.decode()
    assert "Showing results for “huou” instead of “huuo”." in english


@pytest.mark.parametrize("query", ["nhung huou", "không có gì"])
def test_no_correction_notice_when_nothing_was_corrected_or_found(client, catalogue, query):
    response = client.get("/products/", {"q": query})
    assert "thay vì" not in response.content.decode()


def test_empty_state(client, catalogue):
    response = client.get(reverse("catalog:product-list"), {"q": "không có gì"})
    assert response.context["paginator"].count == 0
    assert "empty-state" in response.content.decode()


def test_product_page_shows_award_packs_booth_and_json_ld(client, catalogue):
    response = client.get(catalogue["coffee"].get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="5' in content
    assert "gói 500 g" in content and "150.000 ₫" in content
    assert "B7" in content
    assert '"@type": "Product"' in content and '"priceCurrency": "VND"' in content
    assert 'property="og:title" content="Cà phê Khe Sanh"' in content
    assert 'loading="lazy"' not in content.split("product-gallery")[1].split("</figure>")[0]


def test_expired_award_is_said_clearly(client, catalogue):
    response = client.get(catalogue["pomelo"].get_absolute_url())
    assert "award-expired" in response.content.decode()


def test_unverified_stars_are_shown_as_such(client, catalogue):
    response = client.get(catalogue["antler"].get_absolute_url())
    assert response.status_code == 200
    assert "stars-unknown" in response.content.decode()


CARD = re.compile(r'<li class="card">(.*?)</li>', re.DOTALL)


@pytest.mark.parametrize(
    ("day", "precision", "number", "said"),
    [
        (
            datetime.date(2019, 1, 1),
            "year",
            "38/QĐ-UBND",
            "Được công nhận năm 2019 theo Quyết định 38/QĐ-UBND · chưa rõ hạng sao",
        ),
        (datetime.date(2022, 1, 1), "year", "", "Được công nhận năm 2022 · chưa rõ hạng sao"),
        # A known day still gives only the year: a card has no room for more.
        (datetime.date(2021, 1, 11), "day", "", "Được công nhận năm 2021 · chưa rõ hạng sao"),
        (
            None,
            "unknown",
            "57/QĐ-UBND",
            "Được công nhận theo Quyết định 57/QĐ-UBND · chưa rõ hạng sao",
        ),
    ],
)
def test_cards_say_what_is_known_of_a_recognition_without_stars(
    client, catalogue, day, precision, number, said
):
    antler = catalogue["antler"]
    certification_record(
        product=antler,
        stars=None,
        level="",
        decision_date=day,
        date_precision=precision,
        decision_number=number,
    )
    pages = [
        reverse("catalog:product-list") + "?sort=name",
        antler.cooperative.get_absolute_url(),
        catalogue["ha_tinh"].get_absolute_url(),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        [card] = [card for card in CARD.findall(html) if antler.name in card]
        assert said in card, url
        assert "Hạng sao chưa được xác minh" not in card, url
    lead = client.get(antler.get_absolute_url()).content.decode()
    assert said in lead.split('class="product-stars"', 1)[1].split("</p>", 1)[0]


def test_cards_without_any_recognition_still_say_nothing_is_verified(client, catalogue):
    html = client.get(catalogue["antler"].cooperative.get_absolute_url()).content.decode()
    [card] = [card for card in CARD.findall(html) if "Nhung hươu Hương Sơn" in card]
    assert "Hạng sao chưa được xác minh" in card and "Được công nhận" not in card


@pytest.mark.parametrize("status", ["draft", "pending", "hidden"])
def test_unpublished_products_are_404(client, catalogue, status):
    Product.objects.filter(pk=catalogue["coffee"].pk).update(status=status)
    assert client.get(catalogue["coffee"].get_absolute_url()).status_code == 404


def test_products_of_inactive_cooperatives_are_404(client, catalogue):
    catalogue["khe_sanh"].is_active = False
    catalogue["khe_sanh"].save()
    assert client.get(catalogue["coffee"].get_absolute_url()).status_code == 404
    assert client.get(catalogue["khe_sanh"].get_absolute_url()).status_code == 404


def test_cooperative_and_province_pages(client, catalogue):
    response = client.get(catalogue["khe_sanh"].get_absolute_url())
    assert response.status_code == 200
    assert [p.name for p in response.context["products"]] == ["Cà phê Khe Sanh"]
    response = client.get(catalogue["quang_tri"].get_absolute_url())
    assert response.status_code == 200
    assert [p.name for p in response.context["products"]] == ["Cà phê Khe Sanh"]


def test_province_page_shows_its_best_products_in_catalogue_order(client, catalogue):
    from catalog.selectors import by_stars

    _grow(catalogue, 30)  # Quảng Trị: 31 products, more than a page
    expected = list(
        Product.objects.published()
        .filter(cooperative__province=catalogue["quang_tri"])
        .order_by(*by_stars())
        .values_list("name", flat=True)[:24]
    )
    response = client.get(f"/provinces/{catalogue['quang_tri'].slug}/")
    assert names(response) == expected
    assert len(expected) == 24


def test_province_page_lists_its_producers_a_page_at_a_time(client, catalogue, monkeypatch):
    import catalog.views
    from tests.factories import CooperativeFactory

    monkeypatch.setattr(catalog.views, "PRODUCERS_PER_PAGE", 2)
    for name in ("HTX Ba", "HTX An"):  # both with a published product, in Hà Tĩnh
        ProductFactory(cooperative=CooperativeFactory(name=name, province=catalogue["ha_tinh"]))
    CooperativeFactory(name="HTX Chưa có sản phẩm", province=catalogue["ha_tinh"])
    url = f"/provinces/{catalogue['ha_tinh'].slug}/"  # in Vietnamese, whatever ran before

    first = client.get(url)
    second = client.get(url, {"page": "2"})
    assert [c.name for c in first.context["producers_page"]] == ["HTX An", "HTX Ba"]
    assert [c.name for c in second.context["producers_page"]] == ["HTX Bưởi Phúc Trạch"]
    assert second.context["producers_page"][0].product_count == 3
    assert 'href="?page=2#producers"' in first.content.decode()
    assert "Trang 2/2" in second.content.decode()
    for page in ("3", "x", "0"):
        assert client.get(url, {"page": page}).status_code == 404


def test_english_pages_live_under_en(client, catalogue):
    response = client.get("/en/products/")
    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == "en"
    assert 'href="/products/"' in response.content.decode()  # the switcher keeps the page


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def _grow(catalogue, count):
    """Add count published products, each with an image, half of them OCOP-awarded."""
    for index in range(count):
        product = ProductFactory(cooperative=catalogue["khe_sanh"], group=catalogue["tea"])
        ProductImageFactory(product=product)
        if index % 2:
            CertificationFactory(product=product)


def test_query_count_is_the_same_at_10_and_at_500_products(client, catalogue):
    urls = {
        "home": reverse("catalog:home"),
        "list": reverse("catalog:product-list"),
        "list_filtered": reverse("catalog:product-list") + "?province=quang-tri&stars=3&valid=on",
        "list_search": reverse("catalog:product-list") + "?q=buoi+loai",
        "list_last_page": reverse("catalog:product-list") + "?sort=name&page=last",
        "product": catalogue["coffee"].get_absolute_url(),
        "cooperative": catalogue["khe_sanh"].get_absolute_url(),
        "province": catalogue["quang_tri"].get_absolute_url(),
    }
    _grow(catalogue, 10 - Product.objects.count())
    few = {page: _count_queries(client, url) for page, url in urls.items()}
    _grow(catalogue, 500 - Product.objects.count())
    many = {page: _count_queries(client, url) for page, url in urls.items()}
    assert few == many
    assert max(many.values()) <= QUERY_BUDGET


def test_pages_ship_at_most_50_kb_of_css_and_js(client, catalogue):
    from django.contrib.staticfiles import finders

    budget, pattern = 50 * 1024, re.compile(r'(?:href|src)="/static/([^"]+\.(?:css|js))"')
    for url in (
        reverse("catalog:home"),
        reverse("catalog:product-list"),
        catalogue["coffee"].get_absolute_url(),
    ):
        assets = set(pattern.findall(client.get(url).content.decode()))
        assert assets  # the stylesheet is found, so the sum below measures something
        assert sum(Path(finders.find(asset)).stat().st_size for asset in assets) <= budget


def test_sitemap_index_lists_each_section_in_each_language(client, catalogue):
    response = client.get("/sitemap.xml")
    content = response.content.decode()
    assert response.status_code == 200
    for section in ("products", "cooperatives", "provinces"):
        for language in ("vi", "en"):
            assert f"<loc>http://testserver/sitemap-{section}-{language}.xml</loc>" in content
    assert "/products/ca-phe-khe-sanh/" not in content  # the index holds no page addresses
    assert "<lastmod>" in content  # the products sections' latest change


def test_sitemap_sections_list_published_pages_in_their_language(client, catalogue):
    vietnamese = client.get("/sitemap-products-vi.xml").content.decode()
    english = client.get("/sitemap-products-en.xml").content.decode()
    assert "<loc>http://testserver/products/ca-phe-khe-sanh/</loc>" in vietnamese
    assert "<loc>http://testserver/en/products/ca-phe-khe-sanh/</loc>" in english
    assert "/en/" not in vietnamese
    assert "/dau-phong-rang/" not in vietnamese + english  # pending
    cooperatives = client.get("/sitemap-cooperatives-vi.xml").content.decode()
    assert catalogue["coffee"].cooperative.get_absolute_url() in cooperatives


def test_sitemap_sections_come_in_pages_of_bounded_size(client, catalogue, monkeypatch):
    from catalog.sitemaps import ProductSitemap

    monkeypatch.setattr(ProductSitemap, "limit", 3)  # 4 published products: two pages
    assert "sitemap-products-vi.xml?p=2" in client.get("/sitemap.xml").content.decode()
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/sitemap-products-vi.xml").content.decode()
    # Read before the next request, which empties the connection's query log.
    assert any("LIMIT 3" in query["sql"] for query in queries)  # a slice, not every product
    second = client.get("/sitemap-products-vi.xml", {"p": "2"}).content.decode()
    assert first.count("<url>") == 3 and second.count("<url>") == 1


@pytest.mark.parametrize(
    "path",
    ["/sitemap-products-vi.xml?p=3", "/sitemap-products-vi.xml?p=x", "/sitemap-secrets.xml"],
)
def test_sitemap_pages_that_do_not_exist_are_404(client, catalogue, path):
    assert client.get(path).status_code == 404


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_lists_show_thumbnails_never_originals(client, catalogue):
    Product.objects.filter(pk=catalogue["coffee"].pk).update(is_featured=True)
    thumbnails = {i.thumbnail.url for p in Product.objects.all() for i in p.images.all()}
    originals = {i.image.url for p in Product.objects.all() for i in p.images.all()}
    for url in (
        reverse("catalog:home"),
        reverse("catalog:product-list"),
        catalogue["khe_sanh"].get_absolute_url(),
        catalogue["ha_tinh"].get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        # Photos only: the site's own drawings (the search icon, group illustrations) are static.
        sources = {
            src for src in re.findall(r'<img[^>]* src="([^"]+)"', html) if "/static/" not in src
        }
        assert sources, url
        assert sources <= thumbnails and not sources & originals, url


def test_a_product_deleted_between_the_keys_and_the_cards_is_left_out(catalogue):
    from catalog import selectors
    from catalog.cards import product_cards_html

    coffee, pomelo = catalogue["coffee"], catalogue["pomelo"]
    deleted_key = pomelo.pk
    pomelo.delete()

    class KeysFoundBeforeTheDelete:
        def values_list(self, *fields, flat=False):
            return [(coffee.pk, coffee.cooperative_id), (deleted_key, pomelo.cooperative_id)]

    page = selectors.CardPage(KeysFoundBeforeTheDelete())

    assert list(page) == [coffee]
    html = product_cards_html(page)
    assert coffee.name in html and pomelo.name not in html


def test_sitemap_lists_every_fairs_pages_in_each_language(client, catalogue):
    past = FairFactory(slug="hoi-cho-2020")
    assert "sitemap-fairs-vi.xml" in client.get("/sitemap.xml").content.decode()
    vietnamese = client.get("/sitemap-fairs-vi.xml").content.decode()
    english = client.get("/sitemap-fairs-en.xml").content.decode()
    for fair in (catalogue["fair"], past):
        for url in (
            fair.get_absolute_url(),
            reverse("catalog:fair-exhibitors", kwargs={"slug": fair.slug}),
            fair.get_floor_plan_url(),
            fair.get_programme_url(),
        ):
            assert f"<loc>http://testserver{url}</loc>" in vietnamese
            assert f"<loc>http://testserver/en{url}</loc>" in english
    assert vietnamese.count("<url>") == 8 and "/en/" not in vietnamese
