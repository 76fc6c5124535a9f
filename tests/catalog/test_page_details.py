"""Smaller points of issue 20: group tiles without products, the enquiry form's buyer type and
required fields, "Xoá" spelt one way."""

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
