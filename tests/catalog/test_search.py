import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product
from catalog.search import parse_terms, search_products
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("Đậu phộng rang", [{"lac", "dau phong"}, {"rang"}]),
        ("thịt HEO", [{"thit"}, {"lon", "heo"}]),
        ("", []),
        ("   ", []),
    ],
)
def test_parse_terms_reads_synonym_phrases(query, terms):
    assert [set(term) for term in parse_terms(query)] == terms


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Kẹo lạc Hà Tĩnh", "keo dau phong"),
        ("Kẹo đậu phộng", "kẹo lạc"),
        ("Giò lợn Nam Đàn", "gio heo"),
        ("Mứt dứa", "mut thom"),
        ("Bánh ngô", "banh bap"),
        ("Kẹo vừng", "kẹo mè"),
    ],
)
def test_regional_synonyms_match_each_other(stored, typed):
    product = ProductFactory(name=stored, summary="")
    ProductFactory(name="Nước mắm Cửa Lò", summary="")
    assert list(search_products(Product.objects.all(), typed)) == [product]


@pytest.mark.parametrize(
    "name",
    ["Đặc sản Đồng Hới", "Chè Hương Sơn", "Mật ong Hóa Sơn", "Rượu Kẻ Gỗ", "Mỳ gạo Quỳnh Lưu"],
)
def test_every_tone_mark_and_d_match_without_diacritics(name):
    from ocop_fair.text import normalize_search_text

    product = ProductFactory(name=name, summary="")
    for query in (name, name.upper(), normalize_search_text(name)):
        assert list(search_products(Product.objects.all(), query)) == [product]


def test_words_match_at_word_starts_only():
    ProductFactory(name="Nước mắm Cửa Lò", summary="")
    assert not search_products(Product.objects.all(), "am").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance uses pg_trgm")
@pytest.mark.parametrize("typo", ["buoi phuc trac", "buoi phux trach", "bươi phuc tach"])
def test_one_letter_typo_still_finds_the_product_on_postgresql(client, typo):
    ProductFactory(name="Bưởi Phúc Trạch", summary="")
    ProductFactory(name="Nước mắm Cửa Lò", summary="")
    response = client.get(reverse("catalog:product-list"), {"q": typo})
    assert [p.name for p in response.context["products"]] == ["Bưởi Phúc Trạch"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance uses pg_trgm")
def test_typo_comparison_runs_only_when_the_words_find_nothing():
    product = ProductFactory(name="Bưởi Phúc Trạch", summary="")

    with CaptureQueriesContext(connection) as exact:
        assert list(search_products(Product.objects.all(), "buoi phuc trach")) == [product]
    with CaptureQueriesContext(connection) as typo:
        assert list(search_products(Product.objects.all(), "buoi phux trach")) == [product]

    assert not any("%>" in query["sql"] for query in exact.captured_queries)
    assert any("%>" in query["sql"] for query in typo.captured_queries)
