"""The site header at 320 to 1440 pixels (templates/includes/_header.html): fixed rows that never
wrap, whatever the shortlist count; at most 120 px on a phone; the search placeholder whole on a
desktop; one search box per page."""

import pytest
from django.urls import reverse

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 360, 390, 768, 1024, 1280, 1440)
PHONE_HEADER_MAX = 120

MEASURE = """() => {
  const box = el => el.getBoundingClientRect();
  const rowsOf = els => new Set(els.map(el => Math.round((box(el).top + box(el).bottom) / 2))).size;
  const links = [...document.querySelectorAll('.main-nav a')];
  const account = [...document.querySelectorAll('.account-nav a, .account-nav button')];
  const placeholder = document.querySelector('#header-q');
  let searchFits = null;
  if (placeholder) {
    const style = getComputedStyle(placeholder);
    const context = document.createElement('canvas').getContext('2d');
    context.font = style.font;
    const room = placeholder.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    searchFits = [Math.round(context.measureText(placeholder.placeholder).width), Math.round(room)];
  }
  return {
    header: box(document.querySelector('.site-header')).height,
    linkRows: rowsOf(links),
    accountRows: rowsOf(account),
    lineHeights: [...new Set(links.map(el => Math.round(box(el).height)))],
    brandAndLanguage: rowsOf([document.querySelector('.brand'), ...document.querySelectorAll('.language-switcher a')]),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    searchFits,
    searchBoxes: document.querySelectorAll('input[type=search]').length,
  };
}"""


def _fill_shortlist(page, base_url, products):
    for product in products:
        response = page.request.post(
            base_url + reverse("trade:shortlist-toggle"),
            form={"kind": "product", "id": str(product.pk), "action": "add"},
        )
        assert response.ok


@pytest.mark.parametrize("language", ["", "/en"])
def test_header_rows_never_wrap_at_any_width_with_a_long_shortlist(
    live_server, page, catalogue, language
):
    url = live_server.url + language + reverse("catalog:product-list")
    empty = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(url)
        empty[width] = page.evaluate(MEASURE)
    _fill_shortlist(page, live_server.url, ProductFactory.create_batch(12))

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(url)
        assert page.locator(".shortlist-count").inner_text() == "(12)"
        measured = page.evaluate(MEASURE)
        where = f"at {width} px: {measured}"
        assert measured["linkRows"] == measured["accountRows"] == 1, where  # links on one line...
        assert len(measured["lineHeights"]) == 1, where  # ...each one line high
        assert measured["brandAndLanguage"] == 1, where
        assert measured["overflow"] <= 0, where
        assert measured["header"] == empty[width]["header"], where  # the count adds no row
        if width < 768:
            assert measured["header"] <= PHONE_HEADER_MAX, where
        else:
            assert measured["searchFits"][0] <= measured["searchFits"][1], (
                where
            )  # "Tìm sản phẩm…" whole


@pytest.mark.parametrize("name", ["catalog:home", "catalog:product-list", "cooperatives:fair-list"])
def test_one_search_box_per_page(live_server, page, catalogue, name):
    page.goto(live_server.url + reverse(name))
    assert page.locator("input[type=search]").count() == 1


def test_the_floor_plan_and_exhibitors_are_in_the_navigation(live_server, page, catalogue):
    fair = catalogue["fair"]  # the current fair
    page.goto(live_server.url + reverse("catalog:home"))
    nav = page.locator(".main-nav a")
    hrefs = [nav.nth(index).get_attribute("href") for index in range(nav.count())]
    assert fair.get_floor_plan_url() in hrefs
    assert reverse("catalog:fair-exhibitors", kwargs={"slug": fair.slug}) in hrefs
