import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import vnu_errors

pytestmark = pytest.mark.django_db(transaction=True)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def public_pages(catalogue):
    """One URL of every public page type, in both languages where the layout differs."""
    coffee, khe_sanh = catalogue["coffee"], catalogue["khe_sanh"]
    products = reverse("catalog:product-list")
    return {
        "home": reverse("catalog:home"),
        "catalogue": products,
        "catalogue-filtered": products + "?province=quang-tri&province=ha-tinh&stars=4&valid=on",
        "catalogue-search-with-warning": products + "?q=ca+phe&stars=abc",
        "catalogue-empty": products + "?q=khong+co+gi",
        "product": coffee.get_absolute_url(),
        "product-expired-award": catalogue["pomelo"].get_absolute_url(),
        "product-unverified": catalogue["antler"].get_absolute_url(),
        "cooperative": khe_sanh.get_absolute_url(),
        "province": catalogue["quang_tri"].get_absolute_url(),
        "floor-plan": reverse("cooperatives:floor-plan"),
        "fairs": reverse("cooperatives:fair-list"),
        "fair": catalogue["fair"].get_absolute_url(),
        "fair-programme": catalogue["fair"].get_programme_url(),
        "fair-exhibitors": reverse(
            "catalog:fair-exhibitors", kwargs={"slug": catalogue["fair"].slug}
        ),
        "floor-plan-highlighted": catalogue["fair"].get_floor_plan_url() + "?booth=B7",
        "not-found": "/products/khong-ton-tai/",
        "home-en": "/en/",
        "product-en": "/en" + coffee.get_absolute_url(),
    }


def test_public_pages_have_no_serious_accessibility_violations(
    live_server, page, catalogue, axe_path
):
    failures = {}
    for name, path in public_pages(catalogue).items():
        page.goto(live_server.url + path)
        page.add_script_tag(path=str(axe_path))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            AXE_TAGS,
        )
        serious = [
            f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
            for violation in result["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        if serious:
            failures[name] = serious
    assert failures == {}


def test_public_pages_are_valid_html(live_server, page, catalogue, vnu_command, tmp_path):
    for name, path in public_pages(catalogue).items():
        response = page.request.get(live_server.url + path)
        (tmp_path / f"{name}.html").write_text(response.text(), encoding="utf-8")
    assert vnu_errors(vnu_command, tmp_path) == []


def unit_checkbox(page, name):
    """A province box of the filter by today's units (the historical provinces are listed apart)."""
    return page.get_by_label(name).and_(page.locator("[name=unit]"))


def test_phone_flow_filter_search_open_and_switch_language(live_server, page, catalogue):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("catalog:product-list"))

    # On a phone the results come first; the filters unfold from their summary.
    expect(unit_checkbox(page, "Hà Tĩnh")).to_be_hidden()
    page.locator(".filters-panel > summary").click()
    unit_checkbox(page, "Hà Tĩnh").check()
    page.locator(".filters button[type=submit]").click()
    # The query string is the whole state, and empty fields stay out of the shared link.
    expect(page).to_have_url(f"{live_server.url}/products/?unit=ha-tinh")
    expect(page.locator(".card-title")).to_have_count(3)

    # Search without diacritics from the header.
    page.locator("#header-q").fill("ca phe khe sanh")
    page.locator("#header-q").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/products/?q=ca+phe+khe+sanh")
    expect(page.locator(".card-title").first).to_have_text("Cà phê Khe Sanh")

    # Open the product.
    page.locator(".card-link").first.click()
    expect(page.locator("h1")).to_have_text("Cà phê Khe Sanh")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    # Switch to English and back: the same page each time.
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.url + "/en" + catalogue["coffee"].get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#award-title")).to_have_text("OCOP award")
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page).to_have_url(live_server.url + catalogue["coffee"].get_absolute_url())
    expect(page.locator("#award-title")).to_have_text("Chứng nhận OCOP")


def test_filters_work_without_javascript(live_server, browser, catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + reverse("catalog:product-list"))
    page.locator(".filters-panel > summary").click()
    unit_checkbox(page, "Quảng Trị").check()
    page.locator(".filters button[type=submit]").click()
    expect(page.locator(".card-title")).to_have_text(["Cà phê Khe Sanh"])
    expect(page.locator(".chip").first).to_contain_text("Quảng Trị")
    context.close()


def test_filters_are_open_beside_the_results_on_a_desktop(live_server, page, catalogue):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + reverse("catalog:product-list"))
    expect(unit_checkbox(page, "Hà Tĩnh")).to_be_visible()


def test_pages_fit_a_390_pixel_phone(live_server, page, catalogue):
    page.set_viewport_size({"width": 390, "height": 844})
    for path in public_pages(catalogue).values():
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path


@pytest.mark.parametrize("page_type", ["product", "cooperative"])
def test_product_and_cooperative_pages_print_on_one_a4_page(
    live_server, page, catalogue, page_type
):
    url = public_pages(catalogue)[page_type]
    page.goto(live_server.url + url)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_floor_plan_prints_on_a3_landscape(live_server, page, catalogue):
    page.goto(live_server.url + reverse("cooperatives:floor-plan"))
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)
    width, height = map(float, re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf).groups())
    assert (round(width), round(height)) == (1191, 842)  # A3 landscape in points
    expect(page.locator(".site-header")).to_be_hidden()
