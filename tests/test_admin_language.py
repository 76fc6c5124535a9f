"""The admin entirely in Vietnamese: no English left by Django, import-export, history or axes."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from catalog.models import Certification, Product
from cooperatives.models import BoothAssignment, Cooperative, Fair
from tests.admin_pages import admin_url
from tests.factories import CertificationFactory, FairFactory, PackOptionFactory, ProductFactory

pytestmark = pytest.mark.django_db

# Each was seen in the Vietnamese admin, or is a word of the admin's own chrome.
KNOWN_ENGLISH = [
    "Please correct the error below.",
    "Please correct the errors below.",
    "Error:",
    "Show counts",
    "Hide counts",
    "Skip to main content",
    "Toggle theme",
    "Toggle navigation",
    "Filter navigation items",
    "Sidebar",
    "Select all objects on this page",
    "Select this object for an action",
    "Change history",
    "View history",
    "Changed by",
    "Change reason",
    "Choose a date from the list below",
    "doesn't have a change history",
    "Revert",
    "Date/time",
    "Changes",
    "Object",
    "Comment",
    "Created",
    "Changed",
    "Deleted",
    "None",
    "Search",
    "Home",
    "Save",
    "Delete",
    "History",
    "Import",
    "Export",
    "Format",
    "Submit",
    "Filter",
    "Log out",
    "View site",
    "Welcome",
    "Add",
    "Axes",
    "Access attempts",
    "Access logs",
    "Catalog",
    "Form Data",
    "IP Address",
    "User Agent",
    "Attempt Time",
    "Failed Logins",
]
ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, KNOWN_ENGLISH)) + r")(?![\w-])")


class VisibleText(HTMLParser):
    """Text a user reads: element text, plus titles, placeholders, labels and button values."""

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        attrs = dict(attrs)
        self.parts += [
            attrs[k] for k in ("title", "placeholder", "aria-label", "alt") if attrs.get(k)
        ]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def english_on(response) -> list[str]:
    parser = VisibleText()
    parser.feed(response.content.decode())
    return sorted({match for part in parser.parts for match in ENGLISH.findall(part)})


@pytest.fixture
def records():
    product = ProductFactory()
    PackOptionFactory(product=product)
    CertificationFactory(product=product)
    product.summary = "Đã sửa"
    product.save()  # a second history entry
    return {"product": product, "fair": FairFactory(), "cooperative": product.cooperative}


def admin_pages(records):
    product, fair = records["product"], records["fair"]
    record = product.history.first()
    user = get_user_model().objects.first()
    return {
        "index": reverse("admin:index"),
        "dashboard": reverse("dashboard:index"),
        "product changelist": admin_url(Product, "changelist"),
        "cooperative changelist": admin_url(Cooperative, "changelist"),
        "certification changelist": admin_url(Certification, "changelist") + "?_facets=1",
        "fair changelist": admin_url(Fair, "changelist"),
        "product add": admin_url(Product, "add"),
        "product change": admin_url(Product, "change", product.pk),
        "cooperative change": admin_url(Cooperative, "change", records["cooperative"].pk),
        "product history": admin_url(Product, "history", product.pk),
        "product history record": reverse(
            "admin:catalog_product_simple_history", args=[product.pk, record.pk]
        ),
        "fair history": admin_url(Fair, "history", fair.pk),
        "fair booth row": admin_url(Fair, "booth_row", fair.pk),
        "fair layout copy": admin_url(Fair, "layout_copy", fair.pk),
        "fair auto assign": admin_url(Fair, "auto_assign", fair.pk),
        "assignment add": admin_url(BoothAssignment, "add"),
        "assignment import": reverse("admin:cooperatives_boothassignment_import"),
        "product delete": admin_url(Product, "delete", product.pk),
        "product import": reverse("admin:catalog_product_import"),
        "cooperative import": reverse("admin:cooperatives_cooperative_import"),
        "product export": reverse("admin:catalog_product_export"),
        "access attempts": reverse("admin:axes_accessattempt_changelist"),
        "access logs": reverse("admin:axes_accesslog_changelist"),
        "users": reverse("admin:auth_user_changelist"),
        "user change": reverse("admin:auth_user_change", args=[user.pk]),
        "password change": reverse("admin:password_change"),
    }


def test_every_admin_page_type_is_in_vietnamese(admin_client, records):
    english = {}
    for name, url in admin_pages(records).items():
        response = admin_client.get(url)
        assert response.status_code == 200, name
        if found := english_on(response):
            english[name] = found
    assert english == {}


def test_change_form_with_errors_is_in_vietnamese(admin_client):
    response = admin_client.post(admin_url(Product, "add"), {"name": ""})

    assert response.status_code == 200
    assert "Vui lòng sửa các lỗi bên dưới." in response.content.decode()
    assert english_on(response) == []


def test_admin_javascript_calendar_and_selectors_are_in_vietnamese(admin_client):
    catalog = admin_client.get(reverse("admin:jsi18n")).content.decode()
    assert '"Monday": "Th\\u1ee9 hai"' in catalog or '"Monday": "Thứ hai"' in catalog
    assert "Ch\\u1ecdn t\\u1ea5t c\\u1ea3 %s" in catalog or "Chọn tất cả %s" in catalog


def test_the_known_english_list_finds_english():
    # The check itself must see English where it is: guards against a parser that reads nothing.
    class Page:
        content = (
            b'<p>Please correct the errors below.</p><img alt="Search"><script>"Save"</script>'
        )

    assert english_on(Page) == ["Please correct the errors below.", "Search"]
