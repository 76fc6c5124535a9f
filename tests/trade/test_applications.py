"""The call for exhibitors: the public form, its window, its defences, matching and the status page."""

import datetime
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cooperatives.services import booth_assign
from tests.factories import (
    BoothAssignmentFactory,
    BoothFactory,
    CallForExhibitorsFactory,
    CooperativeFactory,
    ExhibitorApplicationFactory,
    FairFactory,
    ProductGroupFactory,
    ProvinceFactory,
)
from trade.enquiry_forms import started_token
from trade.models import ExhibitorApplication

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def call():
    return CallForExhibitorsFactory(fair=FairFactory(name="Hội chợ OCOP Bắc Trung Bộ 2026"))


@pytest.fixture
def provinces():
    """Quảng Trị, and Quảng Bình which is part of Quảng Trị since 1/7/2025."""
    quang_tri = ProvinceFactory(name="Quảng Trị", code="45")
    quang_binh = ProvinceFactory(
        name="Quảng Bình",
        code="44",
        successor_name="Quảng Trị",
        successor_since=datetime.date(2025, 7, 1),
        current_name="Quảng Trị",
    )
    return quang_tri, quang_binh


@pytest.fixture
def group():
    return ProductGroupFactory(code="I.5", name="Chè và sản phẩm từ chè")


def application_data(group, **overrides) -> dict:
    """What a cooperative types, with a form shown a minute ago."""
    data = {
        "kind": "htx",
        "name": "HTX Dược liệu Trường Sơn",
        "province": "Quảng Trị",
        "address": "Thôn Tân Hiệp, xã Hướng Tân",
        "tax_code": "3200 123 456",
        "contact_name": "Hồ Thị Ánh Nguyệt",
        "phone": "0912 345 678",
        "zalo": "",
        "email": "nguyet@truongson.example.vn",
        "booths": "2",
        "needs_power": "on",
        "consent_to_publish": "on",
        "started": started_token(time.time() - 60),
        "website": "",
        "products-TOTAL_FORMS": "5",
        "products-INITIAL_FORMS": "0",
        "products-MIN_NUM_FORMS": "1",
        "products-MAX_NUM_FORMS": "5",
        "products-0-name": "Trà cà gai leo túi lọc",
        "products-0-group": str(group.pk),
        "products-0-stars": "4",
        "products-0-award_year": "2024",
    }
    data.update(overrides)
    return data


def apply_url(fair) -> str:
    return reverse("trade:application-create", kwargs={"slug": fair.slug})


def test_application_form_shown_while_the_call_is_open(client, call):
    response = client.get(apply_url(call.fair))

    assert response.status_code == 200
    assert "Hội chợ OCOP Bắc Trung Bộ 2026" in response.text
    assert 'name="products-4-name"' in response.text
    assert 'name="products-5-name"' not in response.text


@pytest.mark.parametrize(
    ("opens", "closes", "text"),
    [(3, 10, "Hội chợ nhận đăng ký từ ngày"), (-10, -1, "đã ngừng nhận đăng ký")],
)
def test_application_form_closed_outside_the_window(
    client, call, group, provinces, opens, closes, text
):
    call.opens_on = TODAY() + datetime.timedelta(days=opens)
    call.closes_on = TODAY() + datetime.timedelta(days=closes)
    call.save()

    shown = client.get(apply_url(call.fair))
    posted = client.post(apply_url(call.fair), application_data(group))

    assert shown.status_code == posted.status_code == 200
    assert text in shown.text
    assert 'name="name"' not in shown.text
    assert ExhibitorApplication.objects.count() == 0


def test_application_form_of_a_fair_without_a_call(client):
    fair = FairFactory()

    response = client.get(apply_url(fair))

    assert response.status_code == 200
    assert "Hội chợ này không nhận đăng ký gian hàng." in response.text


def test_application_form_of_an_unknown_fair_is_404(client):
    assert client.get(apply_url(FairFactory.build(slug="khong-co"))).status_code == 404


def test_application_saved_with_reference_and_confirmation(
    client, call, group, provinces, django_capture_on_commit_callbacks
):
    quang_tri, _quang_binh = provinces
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(call.fair), application_data(group))

    application = ExhibitorApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert application.fair == call.fair
    assert application.status == ExhibitorApplication.Status.NEW
    assert application.province == quang_tri
    assert application.phone == "+84912345678"
    assert application.tax_code == "3200123456"
    assert (application.booths, application.needs_power, application.needs_refrigeration) == (
        2,
        True,
        False,
    )
    assert application.cooperative is None
    assert len(application.token) >= 32
    [row] = application.products.all()
    assert (row.name, row.group, row.stars_claimed, row.award_year_claimed) == (
        "Trà cà gai leo túi lọc",
        group,
        4,
        2024,
    )
    [message] = mail.outbox
    assert message.to == ["nguyet@truongson.example.vn"]
    assert application.reference in message.subject
    assert application.get_absolute_url() in message.body
    assert "Kính gửi Hồ Thị Ánh Nguyệt" in message.body


def test_application_keeps_every_vietnamese_letter(client, call, group, provinces):
    name = "HTX Ẩm thực Ỷ Lan ẵ ặ ầ ẩ ẫ ậ ẻ ẽ ẹ ề ể ễ ệ ỉ ĩ ị ỏ õ ọ ồ ổ ỗ ộ ờ ở ỡ ợ ủ ũ ụ ừ ử ữ ự ỳ ỷ ỹ ỵ đ Đ"
    client.post(apply_url(call.fair), application_data(group, name=name, contact_name="Đỗ Ứng Ưng"))

    application = ExhibitorApplication.objects.get()
    assert (application.name, application.contact_name) == (name, "Đỗ Ứng Ưng")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Enter a Vietnamese mobile or landline number"),
        ("tax_code", "31001234", "A tax code is 10 or 13 digits"),
        ("tax_code", "310012345X", "A tax code is 10 or 13 digits"),
        ("province", "Tỉnh Không Có", "Unknown province"),
        ("email", "khong-phai-email", "Enter a valid email address"),
        ("booths", "9", "Select a valid choice"),
        ("consent_to_publish", "", "This field is required"),
        ("products-0-group", "99999999", "Select a valid choice"),
        ("products-0-group", "'; DROP TABLE", "Select a valid choice"),
        ("products-0-stars", "6", "Select a valid choice"),
        ("products-0-award_year", "1999", "Enter a year from 2018 to this year."),
        ("name", "x" * 5000, "Ensure this value has at most 200 characters"),
    ],
)
def test_application_form_refuses_bad_input_clearly(
    client, call, group, provinces, field, value, message
):
    client.cookies.load({"django_language": "en"})
    response = client.post("/en" + apply_url(call.fair), application_data(group, **{field: value}))

    assert response.status_code == 200
    assert message in response.text
    assert ExhibitorApplication.objects.count() == 0


def test_application_form_strips_nul_bytes_and_control_characters(client, call, group, provinces):
    response = client.post(
        apply_url(call.fair), application_data(group, name="HTX\x00 Trường\x07 Sơn")
    )

    # The guard middleware refuses NUL bytes outright (400) or the form drops them: never a 500.
    assert response.status_code in (302, 400)
    assert list(ExhibitorApplication.objects.values_list("name", flat=True)) in (
        [],
        ["HTX Trường Sơn"],
    )


def test_application_form_without_product_rows_is_refused(client, call, group, provinces):
    data = application_data(group)
    for key in [key for key in data if key.startswith("products-")]:
        del data[key]

    response = client.post(apply_url(call.fair), data)

    assert response.status_code == 200
    assert ExhibitorApplication.objects.count() == 0


def test_application_form_refuses_more_product_rows_than_allowed(client, call, group, provinces):
    data = application_data(group, **{"products-TOTAL_FORMS": "1000"})
    data.update({f"products-{n}-name": f"Sản phẩm {n}" for n in range(1, 8)})
    data.update({f"products-{n}-group": str(group.pk) for n in range(1, 8)})

    response = client.post(apply_url(call.fair), data)

    assert response.status_code == 200
    assert ExhibitorApplication.objects.count() == 0


@pytest.mark.parametrize(
    "overrides", [{"website": "http://spam.example"}, {"started": "garbage"}, {"started": ""}]
)
def test_application_spam_defences(client, call, group, provinces, overrides):
    response = client.post(apply_url(call.fair), application_data(group, **overrides))

    assert response.status_code == 200
    assert 'id="form-errors"' in response.text
    assert ExhibitorApplication.objects.count() == 0


def test_application_sent_too_quickly_is_refused(client, call, group, provinces):
    response = client.post(
        apply_url(call.fair), application_data(group, started=started_token(time.time()))
    )

    assert response.status_code == 200
    assert ExhibitorApplication.objects.count() == 0


def test_application_rate_limited_per_sender(client, call, group, provinces, settings):
    settings.ENQUIRY_RATE_LIMIT = 2
    statuses = [
        client.post(apply_url(call.fair), application_data(group, name=f"HTX Số {n}")).status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert ExhibitorApplication.objects.count() == 2


def test_application_matches_a_known_cooperative_by_tax_code(client, call, group, provinces):
    known = CooperativeFactory(name="HTX Tên Cũ", province=provinces[0])
    ExhibitorApplicationFactory(tax_code="3200123456", cooperative=known)

    client.post(apply_url(call.fair), application_data(group, name="HTX Tên Mới"))

    application = ExhibitorApplication.objects.get(fair=call.fair)
    assert (application.cooperative, application.match) == (known, "tax_code")


def test_application_matches_a_known_cooperative_by_name_and_province(
    client, call, group, provinces
):
    known = CooperativeFactory(name="Công ty CP Dược liệu Trường Sơn", province=provinces[0])

    client.post(
        apply_url(call.fair),
        application_data(group, name="Công ty cổ phần dược liệu Trường Sơn", tax_code=""),
    )

    application = ExhibitorApplication.objects.get()
    assert (application.cooperative, application.match) == (known, "name")


def test_application_written_in_full_matches_a_cooperative_known_by_its_abbreviation(
    client, call, group, provinces
):
    known = CooperativeFactory(name="HTX Nông sản Khe Sanh", province=provinces[0])

    client.post(
        apply_url(call.fair),
        application_data(group, name="Hợp tác xã nông sản Khe Sanh", tax_code=""),
    )

    application = ExhibitorApplication.objects.get()
    assert (application.cooperative, application.match) == (known, "name")


def test_application_in_quang_tri_matches_a_former_quang_binh_producer(
    client, call, group, provinces
):
    _quang_tri, quang_binh = provinces
    known = CooperativeFactory(name="HTX Khoai deo Lệ Thủy", province=quang_binh)

    client.post(
        apply_url(call.fair),
        application_data(group, name="HTX Khoai deo Lệ Thủy", province="Quảng Trị", tax_code=""),
    )

    application = ExhibitorApplication.objects.get()
    assert application.province == quang_binh
    assert (application.cooperative, application.match) == (known, "name")


def test_application_status_page_by_token(client):
    application = ExhibitorApplicationFactory(
        status=ExhibitorApplication.Status.REJECTED, rejection_reason="Hết gian hàng khu thực phẩm."
    )

    response = client.get(reverse("trade:application-status", kwargs={"token": application.token}))

    assert response.status_code == 200
    assert application.reference in response.text
    assert "Bị từ chối" in response.text
    assert "Hết gian hàng khu thực phẩm." in response.text
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("token", ["wrong-token", "x" * 500, "%00"])
def test_application_status_page_with_a_wrong_token_is_404(client, token):
    ExhibitorApplicationFactory()

    response = client.get(f"/fairs/applications/{token}/")

    assert response.status_code in (400, 404)


@pytest.mark.parametrize(
    "overrides",
    [
        {"products-TOTAL_FORMS": "abc"},
        {"products-TOTAL_FORMS": "-1"},
        {"products-INITIAL_FORMS": "99999999999999999999"},
        {"kind": "\ufffd" * 50},
        {"booths": "1e9"},
    ],
)
def test_application_form_with_garbage_is_refused_clearly(
    client, call, group, provinces, overrides
):
    response = client.post(apply_url(call.fair), application_data(group, **overrides))

    assert response.status_code == 200
    assert 'id="form-errors"' in response.text
    assert ExhibitorApplication.objects.count() == 0


def test_application_saved_when_the_mail_server_fails(
    client, call, group, provinces, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(call.fair), application_data(group))

    assert response.status_code == 302
    assert ExhibitorApplication.objects.count() == 1


def test_accepted_application_status_page_shows_its_booths_on_the_floor_plan(
    client, django_assert_max_num_queries
):
    cooperative = CooperativeFactory(name="HTX Nông sản Khe Sanh")
    application = ExhibitorApplicationFactory(
        status=ExhibitorApplication.Status.ACCEPTED, cooperative=cooperative
    )
    url = reverse("trade:application-status", kwargs={"token": application.token})
    waiting = client.get(url)

    for code in ["B2", "B3"]:
        booth_assign(
            booth=BoothFactory(fair=application.fair, code=code, x=int(code[1])),
            cooperative=cooperative,
        )
    BoothAssignmentFactory(cooperative=cooperative)  # a booth at another fair
    with django_assert_max_num_queries(6):
        response = client.get(url)

    assert "sau khi Ban tổ chức xếp chỗ" in waiting.text
    assert "Gian hàng của bạn:" in response.text
    assert response.text.count("?booth=B") == 2
    assert f"{application.fair.get_floor_plan_url()}?booth=B2#booth-B2" in response.text


def test_fair_pages_offer_the_application_form_only_while_the_call_is_open(client, call):
    from ocop_fair import page_versions

    call.fair.is_current = True
    call.fair.save()
    link = f'href="{apply_url(call.fair)}"'
    pages = [call.fair.get_absolute_url(), reverse("catalog:home")]

    assert all(link in client.get(page).text for page in pages)
    assert "Đăng ký gian hàng" in client.get(pages[0]).text

    before = page_versions.versions([page_versions.ALL])
    call.closes_on = TODAY() - datetime.timedelta(days=1)
    call.opens_on = TODAY() - datetime.timedelta(days=30)
    call.save()

    # The edit replaces every cached page's version, so no stale link survives in the cache.
    assert page_versions.versions([page_versions.ALL]) != before
    assert not any(link in client.get(page).text for page in pages)
