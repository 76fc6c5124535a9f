"""Pure rules about products and awards shared by the imports and the demo loader: sub-groups,
awarding levels and criteria, award types, summaries. Nothing here touches the database
(tests/catalog/test_demo_rules.py)."""

import datetime
import re

from catalog.models import Certification
from ocop_fair.text import normalize_search_text

Criteria = Certification.Criteria
Level = Certification.Level
DatePrecision = Certification.DatePrecision
AwardType = Certification.AwardType

# docs/domain.md §(a): QĐ 148/QĐ-TTg (24/02/2023) replaced QĐ 1048; QĐ 1489/QĐ-TTg (06/07/2025)
# moved 3★ from the district to the province.
QD_148_SIGNED = datetime.date(2023, 2, 24)
QD_1489_SIGNED = datetime.date(2025, 7, 6)

# Editorial, like the CSV's product_group column itself (docs/domain.md §f): the sources never name
# a sub-group. A product moves below its top-level group only when the start of its name leaves no
# doubt; every other product stays at the top level. Patterns match the normalised name (lower case,
# no diacritics); the first matching rule of the product's top-level group wins.
SUBGROUP_RULES: list[tuple[str, str, str]] = [
    # (top-level code, pattern, sub-group code)
    ("I", r"^(che xanh|che shan|tra shan tuyet)", "I.5.a"),  # the tea plant (Camellia)
    ("I", r"^tra ", "I.5.b"),  # any other "trà": herbs, lotus, brown rice, coffee husk
    ("I", r"^ca phe|coffee", "I.6"),
    ("I", r"^(nuoc mam|mam |tuong |nuoc ot )", "I.4.a"),
    ("I", r"^mat (ong|mia)", "I.2.b"),
    ("I", r"^gao ", "I.2.a"),
    ("I", r"^(buoi|cam|oi|thanh long|thanh tra|dua luoi|chuoi gia|ca chua|rau sach) ", "I.1.a"),
    ("I", r"^trung ga ", "I.1.b"),
    ("I", r"^(gio|xuc xich|cha) ", "I.3.d"),
    ("II", r"^ruou sim ", "II.1.b"),  # a fruit wine, not a white spirit
    ("II", r"^ruou ", "II.1.a"),
    ("III", r"^tinh dau ", "III.3"),
    ("III", r"^cao ", "III.1"),  # "cao" extracts: supplements and traditional medicines
    ("III", r"^dau goi ", "III.2"),
    ("IV", r"^(nhang|huong) ", "IV.1"),  # incense sticks
    ("IV", r"^(tho cam|vai) ", "IV.2"),
]
_COMPILED_RULES = [(top, re.compile(pattern), code) for top, pattern, code in SUBGROUP_RULES]


def refine_group_code(top_code: str, product_name: str) -> str:
    """Return the sub-group a product's name puts it in, or its top-level group when in doubt."""
    name = normalize_search_text(product_name)
    for top, pattern, code in _COMPILED_RULES:
        if top == top_code and pattern.search(name):
            return code
    return top_code


def infer_criteria(decision_date: datetime.date | None, date_precision: str) -> str:
    """Return the criteria set in force when a decision was made, "" when its date is unknown."""
    if decision_date is None:
        return ""
    if date_precision == DatePrecision.YEAR:
        # A round's year alone cannot place a decision after 6 July 2025.
        return Criteria.QD_1048 if decision_date.year <= 2022 else Criteria.QD_148
    if decision_date < QD_148_SIGNED:
        return Criteria.QD_1048
    if decision_date < QD_1489_SIGNED:
        return Criteria.QD_148
    return Criteria.QD_1489


def infer_level_and_criteria(
    stars: int | None, decision_date: datetime.date | None, date_precision: str
) -> tuple[str, str]:
    """Return (awarding level, criteria) for an award, following docs/domain.md §(a).

    5★ is always national. Under QĐ 1048 (up to 2022) the province awarded 3★ and 4★; under
    QĐ 148 (2023 to early July 2025) the district awarded 3★ and the province 4★; under QĐ 1489
    (exact dates from 6 July 2025) the province awards both. With no date, only 4★ can still be
    placed (it was provincial in every period); the level of a 3★ stays unknown ("").
    """
    criteria = infer_criteria(decision_date, date_precision)
    if stars is None:
        return "", criteria  # a recognition without stars: nothing places its level
    if stars == 5:
        level = Level.NATIONAL
    elif criteria == Criteria.QD_148 and stars <= 3:
        level = Level.DISTRICT
    elif criteria or stars == 4:
        level = Level.PROVINCE
    else:
        level = ""
    return level, criteria


def infer_award_type(stars: int | None, earlier_stars: list[int]) -> str:
    """Return how an award relates to the product's earlier ones (oldest first).

    An upgrade when the latest earlier award had fewer stars, a re-award when the product already
    held an award otherwise, a first award when it held none.
    """
    if not earlier_stars:
        return AwardType.FIRST
    if earlier_stars[-1] < stars:
        return AwardType.UPGRADE
    return AwardType.RE_AWARD


def product_summary(*, group_name: str, producer_name: str, place: str) -> str:
    """Return a one-line Vietnamese summary built only from facts of the source row."""
    group = group_name[:1].lower() + group_name[1:]
    if producer_name:
        return f"Sản phẩm nhóm {group} của {producer_name} ({place})."
    return f"Sản phẩm nhóm {group} ở {place}."
