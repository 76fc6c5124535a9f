import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product
from catalog.search import parse_terms, product_search
from tests.factories import CooperativeFactory, ProductFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


def search_products(queryset, query):
    return product_search(queryset, query).products


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("Đậu phộng rang", [{"lạc", "đậu phộng"}, {"rang"}]),
        ("dau phong rang", [{"lac", "dau phong"}, {"rang"}]),
        ("thịt HEO", [{"thịt"}, {"lon", "heo"}]),  # "heo" has no diacritics: every spelling
        ("Dứa", [{"dứa", "thơm"}]),
        ("dưa", [{"dưa"}]),  # melon: not a synonym of pineapple
        ("Trà hoà TAN", [{"trà"}, {"hòa"}, {"tan"}]),
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


@pytest.mark.parametrize(
    "typo", ["buoi phuc trac", "buoi phux trach", "bươi phuc tach", "buoi phcu trach", "bưởii"]
)
def test_one_letter_typo_still_finds_the_product(client, typo):
    ProductFactory(name="Bưởi Phúc Trạch", summary="")
    ProductFactory(name="Nước mắm Cửa Lò", summary="")
    response = client.get(reverse("catalog:product-list"), {"q": typo})
    assert [p.name for p in response.context["products"]] == ["Bưởi Phúc Trạch"]


VOCABULARY = tuple(sorted({"buoi", "phuc", "trach", "mat", "ong", "hoa", "son", "phuong"}))


@pytest.mark.parametrize(
    ("typed", "corrected"),
    [
        ("mat ongg", [{"mat"}, {"ong"}]),  # a letter too many
        ("buoi tach", [{"buoi"}, {"trach"}]),  # a letter left out
        ("phux", [{"phuc"}]),  # a letter changed
        ("hoa trahc", [{"hoa"}, {"trach"}]),  # two letters swapped
        ("phuongx", [{"phuong"}]),
        ("phuo", [{"phuo"}]),  # starts a word: not a typo
        ("phuox", [{"phuon"}]),  # a typo in the start of a word
        ("xyz", [{"xyz"}]),  # nothing one typo away: kept as typed
        ("xon", [{"xon"}]),  # too short to guess ("son"? "hon"? "xin"?)
    ],
)
def test_correct_terms_replaces_unknown_words_by_words_one_typo_away(typed, corrected):
    from catalog.search import correct_terms

    assert [set(term) for term in correct_terms(parse_terms(typed), VOCABULARY)] == corrected


def test_typo_correction_runs_only_when_the_words_find_nothing(monkeypatch):
    import catalog.search

    product = ProductFactory(name="Bưởi Phúc Trạch", summary="")
    vocabularies = []
    real_vocabulary = catalog.search._vocabulary
    monkeypatch.setattr(
        catalog.search, "_vocabulary", lambda: vocabularies.append(1) or real_vocabulary()
    )

    assert list(search_products(Product.objects.all(), "buoi phuc trach")) == [product]
    assert not vocabularies
    assert list(search_products(Product.objects.all(), "buoi phux trach")) == [product]
    assert vocabularies


def test_the_search_says_which_words_it_corrected():
    from catalog.search import Correction, product_search

    product = ProductFactory(name="Bưởi Phúc Trạch", summary="")
    as_typed = product_search(Product.objects.all(), "buoi phuc trach")
    assert list(as_typed.products) == [product]
    assert as_typed.corrections == ()

    corrected = product_search(Product.objects.all(), "bưởi phux tach")
    assert list(corrected.products) == [product]
    assert corrected.corrections == (
        Correction("phux", ("phuc",)),
        Correction("tach", ("trach",)),
    )


@pytest.mark.parametrize(
    ("language", "expected"), [("vi", "“ong” hoặc “ongs”"), ("en", "“ong” or “ongs”")]
)
def test_several_corrections_of_one_word_read_as_alternatives(language, expected):
    from django.utils import translation

    from catalog.templatetags.catalog_tags import quoted_alternatives

    with translation.override(language):
        assert quoted_alternatives(("ong",)) == "“ong”"
        assert quoted_alternatives(("ong", "ongs")) == expected


def test_vocabulary_holds_the_words_of_the_names_visitors_see():
    from catalog.search import catalogue_vocabulary

    cooperative = CooperativeFactory(
        name="HTX Ong Tuyên Hóa", province=ProvinceFactory(name="Quảng Bình")
    )
    ProductFactory(name="Mật ong Hóa Sơn", summary="Ong rừng", cooperative=cooperative)
    ProductFactory(name="Rượu Kẻ Gỗ", summary="", status=Product.Status.DRAFT)
    vocabulary = catalogue_vocabulary()
    assert {"mat", "ong", "hoa", "son", "htx", "tuyen", "quang", "binh"} <= set(vocabulary)
    assert "ruou" not in vocabulary  # a draft's name
    assert list(vocabulary) == sorted(vocabulary)


def found(query):
    return {product.name for product in search_products(Product.objects.all(), query)}


def test_word_order_and_length_do_not_change_the_answer():
    # The longest word is looked up first and the others tested on its matches: the answer
    # must be the one every word gives, whichever word comes first.
    ProductFactory(name="Cà phê Khe Sanh", summary="")
    ProductFactory(name="Cá kho làng Vũ Đại", summary="")
    ProductFactory(name="Chè xanh Hương Sơn", summary="")
    for query in ("ca phe", "phe ca", "khe ca", "ca khe sanh"):
        assert found(query) == {"Cà phê Khe Sanh"}, query
    assert found("ca") == {"Cá kho làng Vũ Đại", "Cà phê Khe Sanh"}


def test_a_short_word_may_match_in_the_province_and_a_long_one_in_the_cooperative():
    nghe_an = CooperativeFactory(
        name="HTX Hải sản Cửa Lò", province=ProvinceFactory(name="Nghệ An")
    )
    ha_tinh = CooperativeFactory(
        name="HTX Mắm Cẩm Nhượng", province=ProvinceFactory(name="Hà Tĩnh")
    )
    ProductFactory(name="Nước mắm Cửa Lò", summary="", cooperative=nghe_an)
    ProductFactory(name="Ruốc", summary="", cooperative=ha_tinh)
    assert found("mam an") == {"Nước mắm Cửa Lò"}  # "an" only in "Nghệ An"
    assert found("ruoc nhuong") == {"Ruốc"}  # "nhuong" only in the cooperative's name
    assert found("mam") == {"Nước mắm Cửa Lò", "Ruốc"}  # the product's name or its cooperative's


def test_search_follows_every_change_to_a_product():
    # The words index (PostgreSQL: an expression index; SQLite: FTS5 kept by triggers).
    product = ProductFactory(name="Mật ong Hóa Sơn", summary="")
    with CaptureQueriesContext(connection) as queries:
        assert found("mat ong") == {"Mật ong Hóa Sơn"}
    words_index = {"postgresql": "to_tsvector", "sqlite": "catalog_product_words MATCH"}
    assert any(words_index[connection.vendor] in q["sql"] for q in queries.captured_queries)

    product.name, product.summary = "Bưởi Phúc Trạch", "Quả to, vỏ mỏng"
    product.save()
    assert found("mat ong") == set()
    assert found("buoi vo mong") == {"Bưởi Phúc Trạch"}

    product.delete()
    assert found("buoi") == set()


def test_renaming_a_cooperative_or_its_province_reaches_the_search():
    cooperative = CooperativeFactory(
        name="HTX Mây tre Phú Vinh", province=ProvinceFactory(name="Quảng Bình")
    )
    ProductFactory(name="Giỏ mây", summary="", cooperative=cooperative)
    assert found("phu vinh") == found("quang binh") == {"Giỏ mây"}

    cooperative.name = "HTX Thủ công Lệ Thủy"
    cooperative.save()
    assert found("phu vinh") == set()
    assert found("le thuy") == {"Giỏ mây"}

    cooperative.province.name = "Quảng Trị"
    cooperative.province.save()
    assert found("quang binh") == set()
    assert found("quang tri gio") == {"Giỏ mây"}


def ranked(query):
    """The names the search finds, best first (the catalogue's relevance order)."""
    from catalog.selectors import by_stars

    found = search_products(Product.objects.all(), query)
    return list(found.order_by("-search_rank", *by_stars()).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lợn", ["Giò lợn Nam Đàn", "Thịt heo gác bếp"]),  # and its southern synonym
        ("lon", ["Giò lợn Nam Đàn", "Thanh long ruột đỏ", "Thịt heo gác bếp", "Long nhãn"]),
        ("long", ["Long nhãn", "Thanh long ruột đỏ"]),
        ("lòng", []),
    ],
)
def test_a_word_typed_with_diacritics_finds_only_words_with_them(query, expected):
    for name in ("Giò lợn Nam Đàn", "Thanh long ruột đỏ", "Long nhãn", "Thịt heo gác bếp"):
        ProductFactory(name=name, summary="")
    assert sorted(ranked(query)) == sorted(expected)


def test_whole_words_rank_above_word_starts():
    ProductFactory(name="Ngọc Linh sâm", summary="")
    ProductFactory(name="Bánh ngô nếp", summary="")
    ProductFactory(name="Ngô luộc", summary="")
    assert ranked("ngo") == ["Ngô luộc", "Bánh ngô nếp", "Ngọc Linh sâm"]
    assert ranked("ngô") == ["Ngô luộc", "Bánh ngô nếp"]


@pytest.mark.parametrize("query", ["hoà bình", "hòa bình", "HOÀ BÌNH", "ho\u0300a bi\u0300nh"])
def test_either_placement_of_the_tone_mark_and_any_unicode_form_match(query):
    product = ProductFactory(name="Mật ong Hoà Bình", summary="")
    assert ranked(query) == [product.name]


def test_a_typo_in_a_word_with_diacritics_is_corrected_with_diacritics():
    ProductFactory(name="Mứt dứa", summary="")
    ProductFactory(name="Dưa lưới", summary="")
    search = product_search(Product.objects.all(), "dứaa")
    assert [product.name for product in search.products] == ["Mứt dứa"]
    assert search.corrections[0].searched == ("dứa",)


@pytest.mark.parametrize("query", ["%", "%%_", "--", "(«»)"])
def test_a_query_of_symbols_only_finds_nothing(query):
    ProductFactory(name="Nước mắm Cửa Lò (20°N)", summary="")
    assert ranked(query) == []
