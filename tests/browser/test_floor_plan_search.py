"""On a phone with JavaScript off, a visitor finds a booth from the floor plan's search form,
sees it marked on the map and the entrance drawn, and follows the result to the map."""

import pytest
from playwright.sync_api import expect

from cooperatives.models import FloorSpace
from cooperatives.services import booths_create_row
from tests.factories import BoothAssignmentFactory, CooperativeFactory, FairFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_booth_search_works_without_javascript_on_a_phone(live_server, browser):
    fair = FairFactory(is_current=True)
    booths = booths_create_row(fair=fair, prefix="A", first=1, last=12, x=0, y=0, zone="Khu A")
    BoothAssignmentFactory(
        booth=booths[6], cooperative=CooperativeFactory(name="HTX Bưởi Phúc Trạch")
    )
    FloorSpace.objects.create(fair=fair, kind="entrance", label="Cổng chính", x=0, y=3, width=4)
    context = browser.new_context(
        locale="vi-VN", java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}{fair.get_floor_plan_url()}")

    page.get_by_label("Tìm gian hàng").fill("phuc trach")
    page.get_by_role("button", name="Tìm", exact=True).click()

    expect(page.locator("#booth-results h2")).to_have_text("Tìm thấy 1 gian hàng cho “phuc trach”")
    expect(page.locator("svg .booth-match")).to_have_count(1)
    expect(page.locator("svg .floor-space-entrance")).to_have_attribute("aria-label", "Cổng chính")
    page.locator("#booth-results a", has_text="A7").click()
    assert page.url.endswith("#booth-A7")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # the map scrolls inside
    context.close()
