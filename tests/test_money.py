"""Prices in đồng: one parser for every price input, one display (ocop_fair/money.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from ocop_fair.money import VndPriceField, VndPriceInput, format_vnd, parse_vnd

NBSP, NARROW_NBSP, THIN = "\u00a0", "\u202f", "\u2009"


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("180.000", 180_000),
        ("180.000 ₫", 180_000),
        ("180.000₫", 180_000),
        ("180000", 180_000),
        ("180.000 đ", 180_000),
        ("180.000đ", 180_000),
        ("180.000 VND", 180_000),
        ("180000 vnđ", 180_000),
        ("180 000 đồng", 180_000),
        ("  180.000  ", 180_000),
        ("1.250.000", 1_250_000),
        ("1 250 000", 1_250_000),
        (f"1{NBSP}250{NBSP}000", 1_250_000),
        (f"1{NARROW_NBSP}250{NARROW_NBSP}000 ₫", 1_250_000),
        (f"1{THIN}250{THIN}000", 1_250_000),
        ("1,250,000", 1_250_000),  # English Excel's grouping
        ("1.250.000 ₫", 1_250_000),
        (180_000, 180_000),  # a number cell of a spreadsheet
        (1_250_000.0, 1_250_000),
        ("", None),
        (None, None),
    ],
)
def test_price_written_the_vietnamese_way_is_read_in_whole_dong(typed, amount):
    assert parse_vnd(typed) == amount
    assert VndPriceField(required=False).clean(typed) == amount


@pytest.mark.parametrize(
    "typed",
    [
        "180,5",  # a decimal comma
        "18.0000",  # a group of four
        "1.25.000",
        "1.250 000",  # two kinds of separator
        "180.000,00",
        "12.00",
        "-180.000",
        "-5",
        "180",  # 180.000 without its zeros
        "0",
        "5.000.000.000",  # absurdly large
        "99999999999999999999999",
        "1e6",
        "180k",
        "một trăm",
        "١٨٠٠٠٠",  # digits of another script
        180.5,
        180,
        True,
    ],
)
def test_malformed_or_absurd_price_is_refused_saying_how_to_write_it(typed):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        VndPriceField().clean(typed)
    assert "ví dụ 180.000 hoặc 1.250.000" in " ".join(refused.value.messages)


def test_required_price_field_refuses_an_empty_price():
    with pytest.raises(ValidationError):
        VndPriceField().clean("")


def test_stored_price_is_shown_grouped_in_its_input():
    html = VndPriceInput().render("price_vnd", 1_250_000)
    assert 'value="1.250.000"' in html and 'inputmode="numeric"' in html
    # What the user typed is shown back as typed, so an error can be corrected.
    assert 'value="18.0000"' in VndPriceInput().render("price_vnd", "18.0000")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_prices_display_with_vietnamese_grouping_in_every_language(language):
    template = Template("{% load catalog_tags %}{{ price|vnd }}|{{ none|vnd }}")
    with translation.override(language):
        assert template.render(Context({"price": 1_250_000, "none": None})) == "1.250.000 ₫|"
    assert format_vnd(180_000) == "180.000 ₫"
    assert format_vnd(180_000, currency=False) == "180.000"
