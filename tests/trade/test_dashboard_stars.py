"""The organisers' dashboard tables on a few rows made for each case (the demo's: test_dashboard.py)."""

import datetime

import pytest

from catalog.models import Certification
from catalog.services import certification_record
from tests.factories import ProductFactory
from trade.dashboard import products_by_stars

pytestmark = pytest.mark.django_db


def test_stars_chart_counts_stars_only_while_the_award_is_valid(db):
    today = datetime.date(2026, 12, 2)
    Year, Unknown = Certification.DatePrecision.YEAR, Certification.DatePrecision.UNKNOWN
    for stars, day, precision in [
        (5, datetime.date(2025, 1, 16), "day"),  # valid to 16/01/2028
        (5, datetime.date(2020, 6, 1), "day"),  # expired on 01/06/2023
        (4, datetime.date(2023, 1, 1), Year),  # some day of 2023: may have expired in 2026
        (3, None, Unknown),  # no date
        (None, datetime.date(2019, 1, 1), Year),  # recognised without stars
        (2, datetime.date(2025, 3, 3), "day"),  # a valid 2★ rating
    ]:
        product = ProductFactory()
        certification_record(
            product=product, stars=stars, level="", decision_date=day, date_precision=precision
        )
    ProductFactory()  # no award at all

    table = products_by_stars(today)

    assert table.rows == [
        ["5 ★, còn hiệu lực", 1],
        ["4 ★, còn hiệu lực", 0],
        ["3 ★, còn hiệu lực", 0],
        ["2 ★, còn hiệu lực", 1],
        ["1 ★, còn hiệu lực", 0],
        ["Hạng sao có thể đã hết hiệu lực", 1],
        ["Hạng sao đã hết hiệu lực", 1],
        ["Hạng sao chưa rõ ngày quyết định", 1],
        ["Không có hạng sao", 2],
    ]
    assert "chỉ được tính khi chứng nhận còn hiệu lực" in table.note
