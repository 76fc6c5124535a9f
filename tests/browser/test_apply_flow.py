"""The call for exhibitors on a 390×844 phone: a cooperative applies and checks its status, an
organiser accepts it and assigns the booths in the admin, its contact sets a password from the
e-mail and sees the cooperative's products in the staff portal."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from cooperatives.services import booths_create_row
from tests.factories import (
    CallForExhibitorsFactory,
    FairFactory,
    ProductGroupFactory,
    ProvinceFactory,
    UserFactory,
)
from trade.models import ExhibitorApplication

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "Khe Sanh mùa cà phê 2026"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def call_open(settings):
    settings.ENQUIRY_MIN_FILL_SECONDS = 1  # a test types faster than a person
    ProvinceFactory(name="Quảng Trị", code="45")
    group = ProductGroupFactory(code="I.1", name="Nông sản tươi", name_en="Fresh produce")
    call = CallForExhibitorsFactory(fair=FairFactory(name="Hội chợ OCOP Bắc Trung Bộ 2026"))
    # Transactional tests flush the rows data migrations made: give the group its rights again.
    organisers, _ = Group.objects.get_or_create(name="Organisers")
    organisers.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["trade", "cooperatives"])
    )
    organiser = UserFactory(username="bantochuc", is_staff=True)
    organiser.groups.add(organisers)
    booths_create_row(fair=call.fair, prefix="A", first=1, last=4, zone="Khu Quảng Trị")
    return call, group


def test_a_cooperative_applies_is_accepted_and_its_contact_sets_a_password(
    live_server, browser, call_open
):
    call, group = call_open
    cooperative = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = cooperative.new_page()
    page.goto(live_server.url + reverse("trade:application-create", args=[call.fair.slug]))
    expect(page.locator("h1")).to_have_text("Đăng ký tham gia hội chợ")
    page.locator("#id_kind").select_option("htx")
    page.locator("#id_name").fill("HTX Nông sản Khe Sanh")
    page.locator("#id_province").fill("Quảng Trị")
    page.locator("#id_address").fill("Thị trấn Khe Sanh, huyện Hướng Hóa")
    page.locator("#id_tax_code").fill("3200 123 456")
    page.locator("#id_contact_name").fill("Hồ Văn Sơn")
    page.locator("#id_phone").fill("0912 345 678")
    page.locator("#id_email").fill("son@khesanh.example.vn")
    page.locator("#id_booths").select_option("2")
    page.locator("#id_needs_power").check()
    page.locator("#id_consent_to_publish").check()
    page.locator("#id_products-0-name").fill("Cà phê Arabica Khe Sanh")
    page.locator("#id_products-0-group").select_option(str(group.pk))
    page.locator("#id_products-0-stars").select_option("4")
    page.locator("#id_products-0-award_year").fill("2024")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.wait_for_timeout(1100)  # the form's minimum fill time
    page.get_by_role("button", name="Gửi đơn đăng ký").click()

    # The private status page, whose address the confirmation e-mail also gives.
    expect(page.locator(".reference")).to_have_text(re.compile(r"\S+"))
    expect(page.locator(".lead strong")).to_have_text("Mới")
    status_url = page.url
    application = ExhibitorApplication.objects.get()
    assert application.get_absolute_url() in status_url
    [received] = mail.outbox
    assert status_url.removeprefix(live_server.url) in received.body

    # The organiser accepts it from the admin's list on a phone.
    organiser = browser.new_context(locale="vi-VN", viewport=PHONE)
    admin = organiser.new_page()
    admin.goto(
        live_server.url
        + reverse("admin:trade_exhibitorapplication_changelist")
        + "?status__exact=new"
    )
    admin.locator("#id_username").fill("bantochuc")
    admin.locator("#id_password").fill(PASSWORD)
    admin.locator("#login-form [type=submit]").click()
    admin.locator("tr", has_text="HTX Nông sản Khe Sanh").locator("input.action-select").check()
    admin.locator("select[name=action]").select_option("accept_selected")
    admin.locator("button[name=index]").click()
    expect(admin.locator(".messagelist")).to_contain_text("1")
    page.goto(status_url)
    expect(page.locator(".lead strong")).to_have_text("Đã chấp nhận")

    # Then places the exhibitors: the preview, one confirmation; the status page shows the booths.
    admin.goto(
        live_server.url + reverse("admin:cooperatives_fair_auto_assign", args=[call.fair.pk])
    )
    admin.locator("input[name=apply]").click()
    expect(admin.locator(".messagelist")).to_contain_text("Đã xếp gian hàng cho 1 đơn vị")
    organiser.close()
    page.goto(status_url)
    expect(page.locator(".application-status")).to_contain_text("Gian hàng của bạn: A1, A2")

    # The contact opens the invitation's link on the same phone and chooses a password.
    [invitation] = [message for message in mail.outbox if "/accounts/reset/" in message.body]
    assert invitation.to == ["son@khesanh.example.vn"]
    link = re.search(r"https?://\S+/accounts/reset/\S+", invitation.body).group(0)
    page.goto(link)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu").click()

    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Tên đăng nhập").fill("son@khesanh.example.vn")
    page.get_by_label("Mật khẩu").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    card = page.locator(".portal-product", has_text="Cà phê Arabica Khe Sanh")
    expect(card.locator(".status")).to_have_text("Chờ duyệt")
    cooperative.close()
