"""On a 360-pixel phone the header keeps its links on one line and the home page leads with the
fair and whether it is on."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import FairDayFactory, FairExhibitorFactory, FairFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_phone_header_does_not_wrap_and_home_shows_the_fair_on(live_server, page):
    today = timezone.localdate()
    fair = FairFactory(
        name="Hội chợ OCOP Bắc Trung Bộ 2026",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=2),
        venue="Quảng trường Hồ Chí Minh",
        is_current=True,
    )
    FairDayFactory(fair=fair, date=today)
    FairExhibitorFactory(fair=fair, cooperative__name="HTX Đồng Tâm")
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(live_server.url + "/")

    links = page.locator(".main-nav a")
    boxes = [links.nth(index).bounding_box() for index in range(links.count())]
    assert [link.strip() for link in links.all_inner_texts()][:3] == [
        "Sản phẩm",
        "Sơ đồ gian hàng",
        "Đơn vị trưng bày",
    ]
    # One row: every link on the same line, each link one line high, nothing past the screen.
    assert len({round(box["y"]) for box in boxes}) == 1
    assert len({round(box["height"]) for box in boxes}) == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    status = page.locator(".hero .fair-status")
    assert status.inner_text() == "Đang diễn ra"
    assert status.bounding_box()["y"] < 740  # on the first screen
    assert "Quảng trường Hồ Chí Minh" in page.locator(".hero").inner_text()

    page.locator(".main-nav a", has_text="Đơn vị trưng bày").click()
    assert page.locator(".exhibitor-name").all_inner_texts() == ["HTX Đồng Tâm"]
