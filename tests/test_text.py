import pytest

from ocop_fair.text import normalize_search_text, strip_diacritics, vietnamese_slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Bưởi Phúc Trạch", "buoi-phuc-trach"),
        ("Đặc sản Đồng Hới", "dac-san-dong-hoi"),
        ("Cà phê Khe Sanh (Khe Sanh Coffee)", "ca-phe-khe-sanh-khe-sanh-coffee"),
        ("Nước mắm Cửa Lò (20°N, 30°N, 40°N)", "nuoc-mam-cua-lo-20n-30n-40n"),
        ("Nhung hươu Hương Sơn", "nhung-huou-huong-son"),
        ("Kẹo cu đơ Lực Thanh", "keo-cu-do-luc-thanh"),
        ("   ", "item"),
    ],
)
def test_vietnamese_slugify_keeps_d_and_drops_marks(name, slug):
    assert vietnamese_slugify(name) == slug


def test_vietnamese_slugify_respects_max_length():
    assert len(vietnamese_slugify("Trà túi lọc cà gai leo " * 10, max_length=30)) <= 30


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Every tone mark on every vowel family, and both cases of đ.
        ("àáảãạ ằắẳẵặ ầấẩẫậ", "aaaaa aaaaa aaaaa"),
        ("èéẻẽẹ ềếểễệ", "eeeee eeeee"),
        ("ìíỉĩị", "iiiii"),
        ("òóỏõọ ồốổỗộ ờớởỡợ", "ooooo ooooo ooooo"),
        ("ùúủũụ ừứửữự", "uuuuu uuuuu"),
        ("ỳýỷỹỵ", "yyyyy"),
        ("Đ đ", "d d"),
        ("  CÀ   PHÊ\tKhe Sanh ", "ca phe khe sanh"),
    ],
)
def test_normalize_search_text(text, expected):
    assert normalize_search_text(text) == expected


def test_strip_diacritics_keeps_case():
    assert strip_diacritics("Đồng Hới") == "Dong Hoi"


def test_vietnamese_sort_key_orders_as_a_dictionary():
    from ocop_fair.text import vietnamese_sort_key

    words = ["Đậu phộng", "Ưu", "Ăn", "bạ", "Anh", "Dê", "bá", "Ơ", "Ô mai", "Âm", "An", "bà", "Ba"]
    assert sorted(words, key=vietnamese_sort_key) == [
        "An",
        "Anh",
        "Ăn",
        "Âm",
        "Ba",
        "bà",
        "bá",
        "bạ",
        "Dê",
        "Đậu phộng",
        "Ô mai",
        "Ơ",
        "Ưu",
    ]


def test_vietnamese_sort_key_is_digits_only_so_every_collation_agrees():
    from ocop_fair.text import vietnamese_sort_key

    assert vietnamese_sort_key("Bưởi Phúc Trạch (Hương Khê) 3★").isdigit()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Trà hoà tan", ["trà", "hòa", "tan"]),  # both placements of the tone mark: one word
        ("Trà hòa tan", ["trà", "hòa", "tan"]),
        ("THUỶ", ["thủy"]),
        ("khoẻ", ["khỏe"]),
        ("Quý, quỳ", ["quý", "quỳ"]),  # "qu" is a consonant: the tone stays on y
        ("hoàng", ["hoàng"]),  # a closed syllable keeps it on the second vowel
        ("ho\u0300a", ["hòa"]),  # decomposed input (NFD) reads as composed
        ("Cửa Lò (20°N, 30°N)", ["cửa", "lò", "20", "n", "30", "n"]),
    ],
)
def test_search_words_lower_case_canonical_tones_no_punctuation(text, words):
    from ocop_fair.text import search_words

    assert search_words(text) == words


def test_search_forms_hold_each_word_without_then_with_diacritics():
    from ocop_fair.text import search_forms

    assert search_forms("Giò lợn, Long Bình") == "gio lon long binh \n giò lợn long bình"
    assert search_forms(" ,; ") == ""


@pytest.mark.parametrize(("word", "accented"), [("lon", False), ("lợn", True), ("đa", True)])
def test_has_diacritics(word, accented):
    from ocop_fair.text import has_diacritics

    assert has_diacritics(word) is accented
