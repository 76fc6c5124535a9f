import pytest
from django.core.exceptions import ValidationError

from cooperatives.phone import format_vn_phone, normalize_vn_phone


@pytest.mark.parametrize(
    "raw",
    [
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "+84 912 345 678",
        "(+84) 912 345 678",
        "+84 0912 345 678",
        "84912345678",
        "0084912345678",
        "０９１２ ３４５ ６７８",  # full-width digits
    ],
)
def test_mobile_numbers_normalise_to_one_form(raw):
    assert normalize_vn_phone(raw) == "+84912345678"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("0339 123 456", "+84339123456"),  # Viettel 03x
        ("0588 123 456", "+84588123456"),
        ("0702 123 456", "+84702123456"),
        ("0239 3855 123", "+842393855123"),  # Hà Tĩnh landline
        ("024 3825 1234", "+842438251234"),  # Hà Nội landline
    ],
)
def test_mobile_and_landline_prefixes(raw, canonical):
    assert normalize_vn_phone(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "12345",
        "0112 345 678",
        "0412 345 678",
        "0912 345 67",
        "0912 345 6789",
        "+1 202 555 0101",
        "0912abc678",
        "0912３45٦78",
    ],
)
def test_invalid_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_vn_phone(raw)


@pytest.mark.parametrize(
    ("canonical", "shown"),
    [
        ("+84912345678", "0912 345 678"),
        ("+842393855123", "0239 385 5123"),
        ("+842438251234", "024 3825 1234"),
    ],
)
def test_format_for_people(canonical, shown):
    assert format_vn_phone(canonical) == shown
