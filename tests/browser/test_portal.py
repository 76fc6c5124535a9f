"""The staff portal in a real browser on a 390×844 phone: a cooperative adds a product with a
photo, an organiser publishes it in the admin, a visitor finds it; axe and the HTML checker
on every portal and account page."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import vnu_errors
from tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    PackOptionFactory,
    ProductFactory,
    ProductGroupFactory,
    ProductImageFactory,
    ProvinceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
PHONE = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture
def fair_people():
    """A cooperative with one staff member, and an organiser (the Organisers group's rights)."""
    province = ProvinceFactory(name="Quảng Trị", code="45")
    group = ProductGroupFactory(code="I.1", name="Nông sản tươi", name_en="Fresh produce")
    cooperative = CooperativeFactory(name="HTX Nông sản Khe Sanh", province=province)
    staff = UserFactory(username="htx_khesanh")
    MembershipFactory(user=staff, cooperative=cooperative)
    # Transactional tests flush the rows data migrations made: give the group its rights again.
    organisers, _ = Group.objects.get_or_create(name="Organisers")
    organisers.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["catalog", "cooperatives"])
    )
    organiser = UserFactory(username="bantochuc", is_staff=True)
    organiser.groups.add(organisers)
    return {"cooperative": cooperative, "group": group, "staff": staff}


def _log_in(page, base_url, username):
    page.goto(base_url + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_staff_adds_a_product_organiser_publishes_visitor_finds_it(
    live_server, browser, fair_people, tmp_path
):
    photo = tmp_path / "mat-ong.jpg"
    Image.new("RGB", (1600, 1200), "#c98a1b").save(photo, format="JPEG")

    staff = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = staff.new_page()
    page.goto(live_server.url + reverse("catalog:home"))
    page.get_by_role("link", name="Đăng nhập hợp tác xã").click()
    page.get_by_label("Tên đăng nhập").fill("htx_khesanh")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("h1")).to_have_text("Hợp tác xã của tôi")

    page.get_by_role("link", name="Thêm sản phẩm").click()
    page.locator("#id_name").fill("Mật ong hoa cà phê Khe Sanh")
    page.locator("#id_group").select_option(label="Nông sản tươi")
    page.locator("#id_summary").fill("Mật ong nguyên chất từ vườn cà phê Hướng Hóa")
    page.locator("#id_packs-0-label").fill("chai 500 ml")
    page.locator("#id_packs-0-price_vnd").fill("180000")
    page.locator(".savebar button").click()
    expect(page.locator(".messages")).to_contain_text("sau khi ban tổ chức duyệt")
    expect(page.locator(".portal-readonly .status")).to_have_text("Chờ duyệt")

    page.locator("#id_new_photos").set_input_files(str(photo))
    page.locator(".savebar button").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu")
    expect(page.locator(".photo-pick img")).to_have_count(1)

    page.get_by_role("link", name="Hợp tác xã của tôi").click()
    card = page.locator(".portal-product", has_text="Mật ong hoa cà phê Khe Sanh")
    expect(card.locator(".status")).to_have_text("Chờ duyệt")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    staff.close()

    # The organiser publishes it with the bulk action in the admin.
    organiser = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = organiser.new_page()
    page.goto(
        live_server.url + reverse("admin:catalog_product_changelist") + "?status__exact=pending"
    )
    page.locator("#id_username").fill("bantochuc")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.locator("tr", has_text="Mật ong hoa cà phê Khe Sanh").locator(
        "input.action-select"
    ).check()
    page.locator("select[name=action]").select_option("publish")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("1")
    organiser.close()

    # A visitor, without any session, finds it in the catalogue without diacritics.
    visitor = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = visitor.new_page()
    page.goto(live_server.url + reverse("catalog:product-list"))
    page.locator("#header-q").fill("mat ong khe sanh")
    page.locator("#header-q").press("Enter")
    expect(page.locator(".card-title").first).to_have_text("Mật ong hoa cà phê Khe Sanh")
    page.locator(".card-link").first.click()
    expect(page.locator("h1")).to_have_text("Mật ong hoa cà phê Khe Sanh")
    expect(page.locator("img[src*='/media/products/']").first).to_be_visible()
    visitor.close()


def _portal_pages(fair_people):
    cooperative = fair_people["cooperative"]
    product = ProductFactory(name="Cà phê Khe Sanh", cooperative=cooperative, status="pending")
    PackOptionFactory(product=product, label="gói 500 g")
    photo = ProductImageFactory(product=product, alt_text="Gói cà phê")
    return {
        "dashboard": reverse("portal:dashboard"),
        "profile": reverse("portal:profile", args=[cooperative.slug]),
        "product-add": reverse("portal:product-add", args=[cooperative.slug]),
        "product-edit": reverse("portal:product-edit", args=[product.pk]),
        "photos": reverse("portal:product-photos", args=[product.pk]),
        "product-list": reverse("portal:product-list", args=[cooperative.slug]),
        "photo-edit": reverse("portal:photo-edit", args=[photo.pk]),
        "photo-delete": reverse("portal:photo-delete", args=[photo.pk]),
        "password-change": reverse("password_change"),
        "dashboard-en": "/en" + reverse("portal:dashboard"),
    }


def _account_pages():
    return {
        "login": reverse("login"),
        "password-reset": reverse("password_reset"),
        "password-reset-done": reverse("password_reset_done"),
        "password-reset-invalid-link": reverse(
            "password_reset_confirm", kwargs={"uidb64": "MQ", "token": "sai-ma"}
        ),
        "login-en": "/en" + reverse("login"),
    }


def _logged_in_context(browser, live_server, **options):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, **options)
    page = context.new_page()
    _log_in(page, live_server.url, "htx_khesanh")
    expect(page.locator("h1")).to_have_text("Hợp tác xã của tôi")
    return context, page


def test_portal_pages_have_no_serious_accessibility_violations(
    live_server, browser, fair_people, axe_path
):
    pages = {**_portal_pages(fair_people)}
    # bypass_csp: only for axe, which the test injects; the pages themselves need no exception.
    context, page = _logged_in_context(browser, live_server, bypass_csp=True)
    anonymous_context = browser.new_context(locale="vi-VN", viewport=PHONE, bypass_csp=True)
    anonymous = anonymous_context.new_page()
    failures = {}
    targets = [(page, name, path) for name, path in pages.items()]
    targets += [(anonymous, name, path) for name, path in _account_pages().items()]
    for tab, name, path in targets:
        tab.goto(live_server.url + path)
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        tab.add_script_tag(path=str(axe_path))
        result = tab.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            AXE_TAGS,
        )
        serious = [
            f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
            for violation in result["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        if overflow > 0:
            serious.append(f"wider than a 390 px phone by {overflow} px")
        if serious:
            failures[name] = serious
    context.close()
    anonymous_context.close()
    assert failures == {}


def test_portal_pages_are_valid_html(live_server, browser, fair_people, vnu_command, tmp_path):
    pages = _portal_pages(fair_people)
    context, page = _logged_in_context(browser, live_server)
    for name, path in pages.items():
        response = page.request.get(live_server.url + path)
        assert response.status == 200, name
        (tmp_path / f"{name}.html").write_text(response.text(), encoding="utf-8")
    context.close()
    for name, path in _account_pages().items():
        response = browser.new_context().request.get(live_server.url + path)
        (tmp_path / f"{name}.html").write_text(response.text(), encoding="utf-8")
    assert vnu_errors(vnu_command, tmp_path) == []


def test_a_phone_photo_upload_field_offers_camera_and_several_files(
    live_server, browser, fair_people
):
    product = ProductFactory(cooperative=fair_people["cooperative"])
    context, page = _logged_in_context(browser, live_server)
    page.goto(live_server.url + reverse("portal:product-photos", args=[product.pk]))
    field = page.locator("input[type=file]")
    expect(field).to_have_attribute("multiple", "")
    expect(field).to_have_attribute("accept", "image/jpeg,image/png,image/webp")
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "green").save(buffer, format="PNG")
    field.set_input_files(
        [
            {"name": "a.png", "mimeType": "image/png", "buffer": buffer.getvalue()},
            {"name": "b.png", "mimeType": "image/png", "buffer": buffer.getvalue()},
        ]
    )
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator(".portal-photo img")).to_have_count(2)
    context.close()


def test_product_page_on_a_phone_adds_a_pack_moves_it_up_uploads_a_photo_and_saves(
    live_server, browser, fair_people
):
    product = ProductFactory(
        name="Cà phê Khe Sanh", cooperative=fair_people["cooperative"], group=fair_people["group"]
    )
    PackOptionFactory(product=product, label="gói 500 g", price_vnd=150_000)
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), "#6b4000").save(buffer, format="JPEG")
    honey = ProductGroupFactory(code="I.2.b", name="Mật ong, mật khác", name_en="Honey")
    context, page = _logged_in_context(browser, live_server)
    page.goto(live_server.url + reverse("portal:product-edit", args=[product.pk]))
    # Save is in reach on the first screen, without scrolling.
    save = page.locator(".savebar button")
    expect(save).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == 0
    # The group is found by its name, typed without diacritics.
    page.get_by_label("Tìm nhóm").fill("mat ong")
    expect(page.locator("#id_group")).to_have_value(str(honey.pk))
    page.locator("#id_new_photos").set_input_files(
        {"name": "goi.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}
    )
    page.locator("#id_packs-1-label").fill("hộp quà 1 kg")
    page.locator("#id_packs-1-price_vnd").fill("1.250.000 ₫")
    # Without JavaScript a new row is a round trip: what was typed stays, the chosen photo is
    # asked for again.
    page.get_by_role("button", name="Thêm quy cách").click()
    expect(page.locator(".pack-row")).to_have_count(3)
    expect(page.locator("#id_packs-1-label")).to_have_value("hộp quà 1 kg")
    expect(page.locator("#id_packs-2-label")).to_be_focused()
    expect(page.get_by_role("status")).to_contain_text("chưa được tải lên")
    page.locator("#id_packs-2-label").fill("hũ 250 g")
    page.locator("#id_packs-2-price_vnd").fill("65000")
    page.get_by_role("button", name="Lên (Quy cách 3)").click()
    expect(page.locator(".pack-row input[name$='-label']").nth(1)).to_have_value("hũ 250 g")
    page.locator("#id_new_photos").set_input_files(
        {"name": "goi.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}
    )
    expect(save).to_be_in_viewport()
    save.click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu")
    assert list(product.pack_options.values_list("label", "price_vnd")) == [
        ("gói 500 g", 150_000),
        ("hũ 250 g", 65_000),
        ("hộp quà 1 kg", 1_250_000),
    ]
    assert product.images.count() == 1
    product.refresh_from_db()
    assert product.group == honey
    expect(page.locator(".photo-pick img")).to_have_count(1)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    context.close()


def test_admin_product_page_fits_a_1280_px_screen(live_server, browser, fair_people):
    # The organisers' side of the same product: awards, packs and photos inline. The awards'
    # nine columns as a table made it 2,000 px wide.
    import datetime

    from catalog.services import certification_record

    UserFactory(username="quantri", is_staff=True, is_superuser=True)
    product = ProductFactory(cooperative=fair_people["cooperative"], description="Cà phê " * 200)
    PackOptionFactory(product=product, label="hộp 500 g", price_vnd=150_000)
    ProductImageFactory(product=product, alt_text="Gói cà phê")
    certification_record(
        product=product,
        stars=4,
        level="province",
        decision_date=datetime.date(2024, 3, 1),
        decision_number="1234/QĐ-UBND",
    )
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:catalog_product_change", args=[product.pk]))
    page.locator("#id_username").fill("quantri")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#id_certifications-0-revocation_decision")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    context.close()
