"""No text under 12 px on any public page, as the browser computes it (the CSS rules themselves
are checked in tests/test_css.py; this catches inherited and user-agent sizes such as <small>)."""

import pytest

from tests.browser.test_public_pages import public_pages

pytestmark = pytest.mark.django_db(transaction=True)

SMALLEST_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!node.textContent.trim() || !element || !element.getClientRects().length) continue;
    if (element.closest('.visually-hidden, .skip-link, [hidden], script, style, noscript')) continue;
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < 12) small.push(`${element.tagName.toLowerCase()}.${element.className}: ${size}px "${node.textContent.trim().slice(0, 30)}"`);
  }
  return small;
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_public_page_shows_text_under_12_px(live_server, page, catalogue, width):
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    for name, path in public_pages(catalogue).items():
        page.goto(live_server.url + path)
        small = page.evaluate(SMALLEST_TEXT)
        if small:
            found[name] = small
    assert found == {}
