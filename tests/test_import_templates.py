"""The import templates offered on the admin's import pages (ocop_fair/import_templates.py)."""

import csv
import io
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from catalog.demo.catalogue import groups_load, provinces_load
from catalog.models import Product
from catalog.resources import ProductResource, products_import
from cooperatives.models import Cooperative
from cooperatives.resources import CooperativeResource, cooperatives_import

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
IMPORTS = [
    ("catalog_product", ProductResource, "mau-nhap-san-pham"),
    ("cooperatives_cooperative", CooperativeResource, "mau-nhap-hop-tac-xa"),
]


@pytest.fixture
def reference(db):
    tally = Counter()
    provinces_load(FIXTURES / "provinces.csv", tally)
    groups_load(FIXTURES / "product_groups.csv", tally)


def download(client, model, file_format):
    response = client.get(reverse(f"admin:{model}_import_template", args=[file_format]))
    assert response.status_code == 200
    return response


def headers_in_order(resource_class):
    return [
        resource_class.column_headers[f.column_name] for f in resource_class().get_import_fields()
    ]


@pytest.mark.parametrize(("model", "resource_class", "name"), IMPORTS)
def test_import_page_offers_both_templates(organiser_client, model, resource_class, name):
    response = organiser_client.get(reverse(f"admin:{model}_import"))

    html = response.content.decode()
    for file_format in ("xlsx", "csv"):
        assert reverse(f"admin:{model}_import_template", args=[file_format]) in html


@pytest.mark.parametrize(("model", "resource_class", "name"), IMPORTS)
def test_csv_template_has_vietnamese_headers_and_one_example_row(
    organiser_client, model, resource_class, name
):
    response = download(organiser_client, model, "csv")

    assert response["Content-Disposition"] == f'attachment; filename="{name}.csv"'
    assert response.content.startswith("\ufeff".encode())  # Excel then reads UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == headers_in_order(resource_class)
    assert len(rows) == 2
    example = dict(zip(rows[0], rows[1], strict=True))
    assert example["Tỉnh"] == "Hà Tĩnh"


@pytest.mark.parametrize(("model", "resource_class", "name"), IMPORTS)
def test_xlsx_template_has_the_example_and_a_sheet_explaining_each_column(
    organiser_client, model, resource_class, name
):
    with translation.override("vi"):
        response = download(organiser_client, model, "xlsx")

    assert response["Content-Disposition"] == f'attachment; filename="{name}.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    template, guide = workbook.worksheets
    rows = list(template.iter_rows(values_only=True))
    assert list(rows[0]) == headers_in_order(resource_class)
    assert len(rows) == 2 and rows[1][0]
    explained = list(guide.iter_rows(values_only=True))
    assert [row[0] for row in explained[1:]] == headers_in_order(resource_class)
    assert all(row[2] for row in explained[1:])  # every column explained
    required = {row[0] for row in explained[1:] if row[1]}
    assert required == {resource_class.column_headers[c] for c in resource_class.required_columns}
    # The guide speaks Vietnamese in the Vietnamese admin.
    assert guide.title == "Các cột" and explained[0][0] == "Cột"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_product_template_imports_back_as_its_example(organiser_client, reference, file_format):
    data = download(organiser_client, "catalog_product", file_format).content

    result = products_import(data=data, file_format=file_format)

    assert not result.has_validation_errors()
    product = Product.objects.get()
    assert (product.name, product.cooperative.name, product.ocop_stars) == (
        "Bưởi Phúc Trạch",
        "HTX Bưởi Phúc Trạch Hương Khê",
        4,
    )
    assert product.pack_options.get().price_vnd == 180_000


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_cooperative_template_imports_back_as_its_example(organiser_client, reference, file_format):
    data = download(organiser_client, "cooperatives_cooperative", file_format).content

    result = cooperatives_import(data=data, file_format=file_format)

    assert not result.has_validation_errors()
    cooperative = Cooperative.objects.get()
    assert (cooperative.name, cooperative.province.name, cooperative.district) == (
        "HTX Bưởi Phúc Trạch Hương Khê",
        "Hà Tĩnh",
        "Hương Khê",
    )


def test_templates_need_the_import_permission(client, db):
    response = client.get(reverse("admin:catalog_product_import_template", args=["csv"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unknown_template_format_is_not_found(organiser_client):
    response = organiser_client.get(reverse("admin:catalog_product_import_template", args=["xls"]))
    assert response.status_code == 404


@pytest.mark.parametrize(("model", "resource_class", "name"), IMPORTS)
def test_import_page_lists_the_columns_by_their_vietnamese_headers(
    organiser_client, model, resource_class, name
):
    response = organiser_client.get(reverse(f"admin:{model}_import"))

    html = response.content.decode()
    assert "<code>" + ", ".join(headers_in_order(resource_class)) + "</code>" in html
