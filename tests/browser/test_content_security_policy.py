"""No page, public or admin, breaks the Content-Security-Policy (no inline script or style)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def strict_page(browser):
    """A page that obeys the Content-Security-Policy (the shared `page` fixture bypasses it)."""
    context = browser.new_context(locale="vi-VN")
    yield context.new_page()
    context.close()


def visit_collecting_violations(page, base: str, paths: list[str]) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    for path in paths:
        response = page.goto(base + path)
        assert response.status < 400, (path, response.status)
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
    return violations


def test_public_pages_keep_the_content_security_policy(live_server, strict_page, catalogue):
    coffee, khe_sanh = catalogue["coffee"], catalogue["khe_sanh"]
    paths = [
        "/",
        reverse("catalog:product-list") + "?q=ca+phe",
        coffee.get_absolute_url(),
        khe_sanh.get_absolute_url(),
        reverse("cooperatives:floor-plan") + "?booth=B7",
        reverse("trade:enquiry-create", kwargs={"slug": khe_sanh.slug}),
        "/en/products/",
    ]
    assert visit_collecting_violations(strict_page, live_server.url, paths) == []


def test_admin_keeps_the_content_security_policy(live_server, strict_page, catalogue):
    page = strict_page
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    admin.set_password("pw-For-csp-1")
    admin.save()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "root")
    page.fill("#id_password", "pw-For-csp-1")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    coffee, fair = catalogue["coffee"], catalogue["fair"]
    paths = [
        reverse("admin:index"),
        reverse("admin:catalog_product_changelist"),
        reverse("admin:catalog_product_change", args=[coffee.pk]),
        reverse("admin:catalog_product_add"),
        reverse("admin:cooperatives_fair_change", args=[fair.pk]),
        reverse("admin:cooperatives_cooperative_changelist") + "?q=khe",
        reverse("admin:catalog_product_import"),
        reverse("admin:catalog_product_export"),
    ]
    assert visit_collecting_violations(page, live_server.url, paths) == []
