"""Trade connection in a real browser: a buyer's phone flow, the visit plan, axe and the HTML checker."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import vnu_errors
from tests.factories import EnquiryFactory, MembershipFactory, UserFactory
from trade.models import Enquiry
from trade.shortlist import Shortlist

pytestmark = pytest.mark.django_db(transaction=True)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture
def trade_pages(catalogue):
    """The new pages, with a staff member of Khe Sanh and one enquiry to look at."""
    # Between transactional tests the database is flushed: the migration's group is recreated.
    organisers, _ = Group.objects.get_or_create(name="Organisers")
    organisers.permissions.add(Permission.objects.get(codename="view_enquiry"))
    organiser = UserFactory(is_staff=True)
    organiser.groups.add(organisers)
    khe_sanh, coffee, pomelo = catalogue["khe_sanh"], catalogue["coffee"], catalogue["pomelo"]
    owner = MembershipFactory(cooperative=khe_sanh).user
    enquiry = EnquiryFactory(cooperative=khe_sanh, reference="KM7X-4PQT")
    enquiry.products.add(coffee)
    shared = Shortlist(product_ids=[coffee.pk, pomelo.pk], cooperative_ids=[khe_sanh.pk])
    contact = reverse("trade:enquiry-create", kwargs={"slug": khe_sanh.slug})
    return {
        "owner": owner,
        "organiser": organiser,
        "public": {
            "contact": f"{contact}?product={coffee.pk}",
            "contact-en": f"/en{contact}",
            "sent": reverse("trade:enquiry-sent", args=[enquiry.reference]),
            "shortlist-empty": reverse("trade:shortlist"),
            "shortlist-shared": reverse("trade:shortlist-shared") + "?" + shared.as_query(),
        },
        "shortlisted": [("product", coffee), ("product", pomelo), ("cooperative", khe_sanh)],
        "visitor": {
            "shortlist": reverse("trade:shortlist"),
            "wholesale": reverse("trade:shortlist-enquiry"),
        },
        "staff": {
            "inbox": reverse("portal:enquiry-inbox"),
            "enquiry": enquiry.get_absolute_url(),
        },
    }


def _logged_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _with_shortlist(context, live_server, items):
    page = context.new_page()
    for _kind, item in items:
        page.goto(live_server.url + item.get_absolute_url())
        # The toggle is a plain form: wait for its redirect back, so the session holds the item
        # before the next page (closing a page mid-navigation could hang Chromium).
        with page.expect_navigation():
            page.locator(".shortlist-toggle button").first.click()
        expect(page.locator(".shortlist-toggle input[value=remove]").first).to_be_attached()
    page.close()


def _pages(browser, live_server, trade_pages):
    """Yield (name, page) for every new page, each in the context that can see it."""
    # bypass_csp: only for axe, which the test injects; the pages themselves need no exception.
    anonymous, visitor, staff, organiser = (
        browser.new_context(locale="vi-VN", bypass_csp=True) for _ in range(4)
    )
    _with_shortlist(visitor, live_server, trade_pages["shortlisted"])
    _logged_in(staff, live_server, trade_pages["owner"])
    _logged_in(organiser, live_server, trade_pages["organiser"])
    groups = [
        (anonymous, trade_pages["public"]),
        (visitor, trade_pages["visitor"]),
        (staff, trade_pages["staff"]),
        (organiser, {"dashboard": reverse("dashboard:index")}),
    ]
    try:
        for context, urls in groups:
            page = context.new_page()
            for name, path in urls.items():
                page.goto(live_server.url + path)
                yield name, page
        # The contact form after a refused submission (errors shown).
        page = anonymous.new_page()
        page.goto(live_server.url + trade_pages["public"]["contact"])
        page.locator("#id_name").fill("Lan")
        page.locator("#id_phone").fill("12345")
        page.get_by_role("button", name="Gửi yêu cầu").click()
        expect(page.locator(".form-errors")).to_be_visible()
        yield "contact-with-errors", page
    finally:
        for context in (anonymous, visitor, staff, organiser):
            context.close()


def test_trade_pages_have_no_serious_accessibility_violations(
    live_server, browser, trade_pages, axe_path
):
    failures = {}
    for name, page in _pages(browser, live_server, trade_pages):
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


def test_trade_pages_are_valid_html(live_server, browser, trade_pages, vnu_command, tmp_path):
    names = []
    for name, page in _pages(browser, live_server, trade_pages):
        (tmp_path / f"{name}.html").write_text(page.content(), encoding="utf-8")
        names.append(name)
    assert len(names) == 11
    assert vnu_errors(vnu_command, tmp_path) == []


def test_phone_buyer_goes_from_the_home_page_to_a_sent_enquiry(
    live_server, page, catalogue, trade_pages, settings
):
    settings.ENQUIRY_MIN_FILL_SECONDS = 1
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("catalog:home"))
    page.locator("#home-q").fill("ca phe")
    page.locator("#home-q").press("Enter")
    page.locator(".card-link").first.click()
    expect(page.locator("h1")).to_have_text("Cà phê Khe Sanh")

    page.get_by_role("link", name="Liên hệ hợp tác xã").click()
    expect(page.locator("h1")).to_have_text("Liên hệ hợp tác xã")
    page.get_by_label("Họ và tên").fill("Trần Văn Hùng")
    page.get_by_label("Đơn vị").fill("Công ty Phân phối Miền Trung")
    page.get_by_label("Bạn là").select_option("distributor")
    page.get_by_role("textbox", name="Điện thoại").fill("+84 905 123 456")
    page.get_by_label("Nội dung").fill("Xin báo giá 1.000 gói 500 g, giao tại Đà Nẵng.")
    page.get_by_label("Zalo").check()
    page.wait_for_timeout(1000)  # a person takes longer than the minimum fill time
    page.get_by_role("button", name="Gửi yêu cầu").click()

    expect(page.locator("h1")).to_have_text("Yêu cầu của bạn đã được gửi")
    reference = page.locator(".reference strong").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", reference)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

    enquiry = Enquiry.objects.get(reference=reference)
    assert (enquiry.cooperative, enquiry.phone, enquiry.preferred_contact) == (
        catalogue["khe_sanh"],
        "+84905123456",
        "zalo",
    )
    assert list(enquiry.products.all()) == [catalogue["coffee"]]
    assert enquiry.notifications.filter(sent_at__isnull=False).count() == 2  # staff + organiser

    # Staff see it in their inbox; organisers on the dashboard.
    staff = Client()
    staff.force_login(trade_pages["owner"])
    assert reference in staff.get(reverse("portal:enquiry-inbox")).content.decode()
    organiser = Client()
    organiser.force_login(trade_pages["organiser"])
    tables = organiser.get(reverse("dashboard:index")).context["tables"]
    per_cooperative = next(t for t in tables if t.key == "enquiries-cooperatives")
    assert ["HTX Nông sản Khe Sanh", 2, 2, 0, 0] in per_cooperative.rows


def test_shortlist_prints_on_one_a4_page(live_server, browser, trade_pages):
    context = browser.new_context(locale="vi-VN")
    _with_shortlist(context, live_server, trade_pages["shortlisted"])
    page = context.new_page()
    page.goto(live_server.url + reverse("trade:shortlist"))
    expect(page.locator(".shortlist-stop")).to_have_count(2)
    page.emulate_media(media="print")
    expect(page.locator(".shortlist-share")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    context.close()
