"""Pure rules about producers shared by the imports and the demo loader: kinds, the key two
spellings of one producer share, stand-in names. Nothing here touches the database
(tests/catalog/test_demo_rules.py)."""

import re

from cooperatives.models import Cooperative
from ocop_fair.text import normalize_search_text

Kind = Cooperative.Kind

# The CSV's producer_type column (docs/data-sources.md) -> Cooperative.kind.
KIND_BY_TYPE = {
    "HTX": Kind.COOPERATIVE,
    "THT": Kind.COOPERATIVE_GROUP,
    "HKD": Kind.HOUSEHOLD,
    "CTY": Kind.ENTERPRISE,
    "": Kind.UNKNOWN,
}
KIND_IN_VIETNAMESE = {
    Kind.COOPERATIVE: "hợp tác xã",
    Kind.COOPERATIVE_GROUP: "tổ hợp tác",
    Kind.HOUSEHOLD: "hộ kinh doanh",
    Kind.ENTERPRISE: "doanh nghiệp",
}
# The abbreviations producers write in their own names, read on the form without diacritics:
# "HTX X" and "Hợp tác xã X" are one cooperative, "Cty CP X" and "Công ty cổ phần X" one company.
_ABBREVIATIONS = [
    (re.compile(r"\bhtx\b"), "hop tac xa"),
    (re.compile(r"\btht\b"), "to hop tac"),
    (re.compile(r"\bhkd\b"), "ho kinh doanh"),
    (re.compile(r"\bdntn\b"), "doanh nghiep tu nhan"),
    (re.compile(r"\b(?:cty|c\.ty|c\. ty)(?=\s|$)"), "cong ty"),
    (re.compile(r"\bcp\b"), "co phan"),
]


def producer_key(name: str) -> str:
    """Return the form two spellings of one producer share ("Công ty CP X" = "Công ty cổ phần X",
    "HTX X" = "Hợp tác xã X")."""
    key = normalize_search_text(name)
    for abbreviation, words in _ABBREVIATIONS:
        key = abbreviation.sub(words, key)
    return key


def placeholder_producer_name(product_name: str) -> str:
    """Return the stand-in name of a producer the source did not name."""
    return f"Chủ thể sản phẩm {product_name}"


def placeholder_description(kind: str) -> str:
    """Say in Vietnamese why a producer's name is a stand-in."""
    if kind in KIND_IN_VIETNAMESE:
        return (
            f"Nguồn tin chỉ cho biết chủ thể là {KIND_IN_VIETNAMESE[kind]}, không nêu đủ tên; "
            "tên hiển thị được đặt tạm theo tên sản phẩm."
        )
    return "Nguồn tin không nêu tên chủ thể; tên hiển thị được đặt tạm theo tên sản phẩm."


def place_line(*parts: str) -> str:
    """Join the known parts of an address: "Hướng Tân, Hướng Hóa, Quảng Trị"."""
    return ", ".join(part for part in parts if part)
