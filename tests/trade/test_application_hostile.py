"""Hostile applications get a clear Vietnamese message and change nothing; duplicates are matched."""

import pytest
from django.core import mail

from cooperatives.models import Cooperative, FairExhibitor
from tests.factories import ApplicationProductFactory, CooperativeFactory, ProductFactory
from tests.trade import test_applications as base
from tests.trade.test_application_admin import run_action
from tests.trade.test_applications import application_data, apply_url
from trade.models import ApplicationProduct, ExhibitorApplication

pytestmark = pytest.mark.django_db

call, group, provinces = base.call, base.group, base.provinces


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"website": "http://spam.example"}, "Ô ẩn “Để trống ô này” đã bị điền"),
        ({"started": "garbage"}, "Biểu mẫu này đã hết hạn"),
        ({"name": "x" * 5000}, "tối đa 200 kí tự"),
        ({"address": "Thôn " * 1000}, "tối đa 255 kí tự"),
        ({"phone": "12345"}, "Hãy nhập số điện thoại di động hoặc cố định Việt Nam"),
        ({"phone": "0912 345 678 <b>"}, "Hãy nhập số điện thoại"),
        ({"tax_code": "31001234"}, "Mã số thuế gồm 10 hoặc 13 chữ số"),
        ({"tax_code": "DROP TABLE x"}, "Mã số thuế gồm 10 hoặc 13 chữ số"),
        ({"name": "<script>alert(1)</script>HTX"}, "không có thẻ HTML"),
        ({"contact_name": "<a href=http://spam.example>Hoa</a>"}, "không có thẻ HTML"),
        ({"products-0-name": "<img src=x onerror=alert(1)>"}, "không có thẻ HTML"),
        ({"province": "Tỉnh Không Có"}, "Không có tỉnh/thành phố “Tỉnh Không Có”"),
        ({"existing_products": ["x"]}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"products-0-award_year": "1999"}, "2018"),
    ],
)
def test_hostile_application_is_refused_in_vietnamese_and_changes_nothing(
    client, call, group, provinces, overrides, message
):
    response = client.post(apply_url(call.fair), application_data(group, **overrides))

    assert response.status_code == 200
    assert 'id="form-errors"' in response.text
    assert message in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert ExhibitorApplication.objects.count() == 0
    assert ApplicationProduct.objects.count() == 0
    assert Cooperative.objects.count() == 0
    assert mail.outbox == []


def test_rate_limited_application_is_told_in_vietnamese(client, call, group, provinces, settings):
    settings.ENQUIRY_RATE_LIMIT = 1
    client.post(apply_url(call.fair), application_data(group))

    response = client.post(apply_url(call.fair), application_data(group, name="HTX Khác"))

    assert response.status_code == 429
    assert "Có quá nhiều đơn" in response.text or "vài phút" in response.text
    assert ExhibitorApplication.objects.count() == 1


def test_a_forged_pick_of_a_product_without_a_known_cooperative_changes_nothing(
    client, call, group, provinces
):
    stranger = ProductFactory(name="Sản phẩm người khác")

    response = client.post(
        apply_url(call.fair),
        application_data(group, products_shown="1", existing_products=[str(stranger.pk)]),
    )

    assert response.status_code == 200
    assert "Chỉ chọn sản phẩm của chính hợp tác xã mình" in response.text
    assert ExhibitorApplication.objects.count() == 0


def test_two_applications_of_one_new_cooperative_make_one_cooperative(organiser_client, provinces):
    quang_tri = provinces[0]
    first = ApplicationProductFactory(
        application__name="HTX Nông sản Khe Sanh",
        application__province=quang_tri,
        application__email="a@khesanh.example.vn",
    ).application
    second = ApplicationProductFactory(
        application__fair=first.fair,
        application__name="HTX NÔNG SẢN  KHE SANH",
        application__province=quang_tri,
        application__email="b@khesanh.example.vn",
    ).application

    run_action(organiser_client, "accept_selected", [first, second])

    [cooperative] = Cooperative.objects.all()
    assert cooperative.name == "HTX Nông sản Khe Sanh"
    assert FairExhibitor.objects.get().cooperative == cooperative
    second.refresh_from_db()
    assert (second.cooperative, second.match) == (cooperative, "name")
    assert cooperative.memberships.count() == 2


def test_a_known_cooperative_under_a_new_name_is_matched_by_its_tax_code(
    client, call, group, provinces
):
    known = CooperativeFactory(name="HTX Tên Cũ", province=provinces[0])
    ExhibitorApplication.objects.create(
        fair=call.fair,
        reference="APPL-0001",
        token="t" * 32,
        kind="htx",
        name="HTX Tên Cũ",
        province=provinces[0],
        tax_code="3200123456",
        contact_name="A",
        phone="+84912345678",
        email="a@example.vn",
        cooperative=known,
    )

    client.post(apply_url(call.fair), application_data(group, name="HTX Tên Hoàn Toàn Mới"))

    application = ExhibitorApplication.objects.exclude(reference="APPL-0001").get()
    assert (application.cooperative, application.match) == (known, "tax_code")
    assert Cooperative.objects.count() == 1
