"""Smaller points of issue 20: group tiles without products, the enquiry form's buyer type and
required fields, "Xoá" spelt one way."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import ProductGroupFactory

pytestmark = pytest.mark.django_db


def test_home_has_no_tile_for_a_group_without_products(client, catalogue):
    ProductGroupFactory(code="V", name="Sinh vật cảnh", slug="sinh-vat-canh")

    response = client.get(reverse("catalog:home"))

    assert {group.code for group in response.context["groups"]} == {"I", "III"}
    assert "Sinh vật cảnh" not in response.content.decode()


def test_enquiry_form_presets_no_buyer_type_and_marks_required_fields(client, catalogue):
    url = reverse("trade:enquiry-create", kwargs={"slug": catalogue["khe_sanh"].slug})
    html = client.get(url).content.decode()

    select = re.search(r'<select name="buyer_type".*?</select>', html, re.S)[0]
    assert re.search(r'<option value="" selected>Chọn…</option>', select)
    assert select.count(" selected") == 1
    required = set(re.findall(r'<label for="id_(\w+)" class="required">', html))
    assert required == {"name", "buyer_type", "phone", "message"}
    assert '<legend class="required">' in html  # "Contact me by"
    assert "organisation" not in required and "email" not in required
    assert "Các ô có dấu * là bắt buộc." in html


def test_enquiry_without_a_buyer_type_is_asked_for_it(client, catalogue):
    url = reverse("trade:enquiry-create", kwargs={"slug": catalogue["khe_sanh"].slug})
    data = {"name": "Chị Lan", "phone": "0912345678", "message": "Xin báo giá", "buyer_type": ""}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "buyer_type" in response.context["form"].errors


def test_vietnamese_spells_xoa_one_way():
    po = Path(settings.BASE_DIR, "locale", "vi", "LC_MESSAGES", "django.po").read_text()
    assert not re.search(r"[Xx]óa", po)


def test_a_merged_province_says_so_once_in_one_sentence(client):
    from tests.factories import ProvinceFactory

    quang_tri = ProvinceFactory(
        name="Quảng Trị",
        current_name="Quảng Trị",
        successor_name="tỉnh Quảng Trị (hợp nhất Quảng Bình và Quảng Trị)",
        successor_since=datetime.date(2025, 7, 1),
        reorganisation_note="Ngày 12/6/2025, Quốc hội thông qua nghị quyết sắp xếp.",
    )

    html = client.get(quang_tri.get_absolute_url()).content.decode()
    english = client.get("/en" + quang_tri.get_absolute_url()).content.decode()

    assert (
        "Từ ngày 01/07/2025, Quảng Trị thuộc đơn vị hành chính mới: "
        "tỉnh Quảng Trị (hợp nhất Quảng Bình và Quảng Trị)." in html
    )
    assert "tỉnh này thuộc" not in html and "1/7/2025" not in html.replace("01/07/2025", "")
    assert "Since 1 Jul 2025, Quảng Trị has belonged to a new unit" in english


def test_english_pages_name_the_month_of_an_award(client, catalogue):
    coffee = catalogue["coffee"]  # decided on 16/01/2025, valid three years
    vietnamese = client.get(coffee.get_absolute_url()).content.decode()
    english = client.get("/en" + coffee.get_absolute_url()).content.decode()

    assert "16/01/2025" in vietnamese and "16/01/2025" not in english
    assert "16 Jan 2025" in english
    assert "16/01/2028" not in english and "Jan 2028" in english
