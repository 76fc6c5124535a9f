"""Organisers' bulk import and export of products (catalog.resources, ocop_fair.imports)."""

import datetime
import io
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from catalog.demo.catalogue import groups_load, provinces_load
from catalog.models import Certification, PackOption, Product, ProductGroup
from catalog.resources import ProductResource, products_import
from cooperatives.models import Cooperative
from ocop_fair import imports

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
HEADER = (
    "Tên sản phẩm,Nhóm sản phẩm,Hạng sao,Chủ thể,Tỉnh,Năm công nhận,Ngày quyết định,Quy cách,Giá\n"
)


@pytest.fixture(autouse=True)
def _english_messages():
    """The assertions read the English msgids; the site itself answers in Vietnamese."""
    with translation.override("en"):
        yield


@pytest.fixture
def reference(db):
    """The provinces and the Decision 148 group tree of fixtures/, as the demo loads them."""
    tally = Counter()
    return provinces_load(FIXTURES / "provinces.csv", tally), groups_load(
        FIXTURES / "product_groups.csv", tally
    )


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def totals(result) -> dict[str, int]:
    return {kind: count for kind, count in result.totals.items() if count}


def test_import_sample_data_creates_every_product(reference):
    data = (FIXTURES / "ocop_products.csv").read_bytes()

    result = products_import(data=data, file_format="csv")

    assert totals(result) == {"new": 240}
    assert Product.objects.count() == 240
    assert Product.objects.values("cooperative__province").distinct().count() == 5
    assert Certification.objects.count() == 196 + 22  # rows with stars, or a year without them
    # A row with a year but no stars keeps its year as a recognition that rates nothing.
    garlic = Certification.objects.get(product__name="Tỏi đen Quảng Minh")
    assert (garlic.stars, garlic.decision_date, garlic.date_precision) == (
        None,
        datetime.date(2019, 1, 1),
        Certification.DatePrecision.YEAR,
    )
    assert Product.objects.get(name="Tỏi đen Quảng Minh").ocop_stars is None
    # The denormalised current stars follow the recorded awards.
    assert Product.objects.filter(ocop_stars=5).count() == 3
    unnamed = Cooperative.objects.filter(is_verified=False)
    assert unnamed.count() == Product.objects.filter(cooperative__is_verified=False).count()


def test_import_sample_data_twice_changes_nothing(reference):
    data = (FIXTURES / "ocop_products.csv").read_bytes()
    products_import(data=data, file_format="csv")
    stamps = dict(Product.objects.values_list("pk", "updated_at"))

    with CaptureQueriesContext(connection) as queries:
        result = products_import(data=data, file_format="csv")

    assert totals(result) == {"skip": 240}
    assert dict(Product.objects.values_list("pk", "updated_at")) == stamps
    assert Certification.objects.count() == 196 + 22
    # Unchanged rows are recognised from lookups loaded once per file, not queried row by row
    # (savepoints aside: django-import-export opens one per row).
    statements = [q["sql"] for q in queries.captured_queries]
    assert len([sql for sql in statements if sql.startswith("SELECT")]) <= 8
    assert not [sql for sql in statements if sql.startswith(("INSERT", "UPDATE", "DELETE"))]


def test_import_edited_file_updates_matched_rows(reference):
    products_import(
        data=csv_bytes(HEADER + "Bưởi Phúc Trạch,Thực phẩm,3,HTX Bưởi,Hà Tĩnh,2019,,,\n"),
        file_format="csv",
    )

    result = products_import(
        data=csv_bytes(
            HEADER + "Bưởi Phúc Trạch,Thực phẩm,4,HTX Bưởi,Hà Tĩnh,,02/11/2022,hộp 2 quả,120.000\n"
        ),
        file_format="csv",
    )

    assert totals(result) == {"update": 1}
    product = Product.objects.get()
    assert product.ocop_stars == 4
    assert [(c.stars, c.award_type, c.level) for c in product.certifications.all()] == [
        (4, "upgrade", "province"),
        (3, "first", "province"),
    ]
    assert list(PackOption.objects.values_list("label", "price_vnd")) == [("hộp 2 quả", 120_000)]
    assert Cooperative.objects.count() == 1


def test_import_error_file_reports_every_row_and_writes_nothing(reference):
    rows = [
        "Bưởi Phúc Trạch,Thực phẩm,3,HTX Bưởi,Hà Tĩnh,2019,,,",  # 1: valid
        "Mật ong,Thực phẩm,3,HTX Ong,Tỉnh Không Có,,,,",  # 2: unknown province
        "Nón lá,Nhóm không có,3,HTX Nón,Thừa Thiên Huế,,,,",  # 3: unknown group
        "Trà sen,Đồ uống,6,HTX Sen,Nghệ An,,,,",  # 4: stars outside 1–5
        "Bưởi Phúc Trạch,Thực phẩm,3,HTX Bưởi,Hà Tĩnh,2019,,,",  # 5: repeats row 1
        "Kẹo cu đơ,Thực phẩm,4,HTX Kẹo,Hà Tĩnh,,31/02/2022,,",  # 6: malformed date
        "Nước mắm,Thực phẩm,4,HTX Mắm,Quảng Bình,,,chai 500 ml,12O.000",  # 7: malformed price
    ]

    result = products_import(data=csv_bytes(HEADER + "\n".join(rows) + "\n"), file_format="csv")

    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert sorted(errors) == [2, 3, 4, 5, 6, 7]
    assert list(errors[2]) == ["province"]
    assert list(errors[3]) == ["product_group"]
    assert list(errors[4]) == ["stars"]
    assert errors[5] == {"__all__": ["This row repeats row 1."]}
    assert list(errors[6]) == ["decision_date"]
    assert list(errors[7]) == ["price"]
    assert Product.objects.count() == Cooperative.objects.count() == 0


@pytest.mark.parametrize(
    ("cell", "price"),
    [
        ("180.000", 180_000),
        ("180.000 ₫", 180_000),
        ("1.250.000", 1_250_000),
        ("1 250 000 đ", 1_250_000),
    ],
)
def test_import_reads_prices_with_the_same_parser_as_the_forms(reference, cell, price):
    row = f"Nước mắm,Thực phẩm,4,HTX Mắm,Quảng Bình,2022,,chai 500 ml,{cell}\n"
    result = products_import(data=csv_bytes(HEADER + row), file_format="csv")
    assert totals(result) == {"new": 1}
    assert list(PackOption.objects.values_list("price_vnd", flat=True)) == [price]


@pytest.mark.parametrize("cell", ["180,5", "18.0000", "180", "-180.000", "5.000.000.000"])
def test_import_refuses_a_malformed_price_saying_how_to_write_it(reference, cell):
    row = f'Nước mắm,Thực phẩm,4,HTX Mắm,Quảng Bình,2022,,chai 500 ml,"{cell}"\n'
    with translation.override("vi"):
        result = products_import(data=csv_bytes(HEADER + row), file_format="csv")
    [error] = result.invalid_rows[0].error_dict["price"]
    assert error.startswith(f"Giá “{cell}”") and "ví dụ 180.000 hoặc 1.250.000" in error
    assert Product.objects.count() == 0


def test_a_decision_number_added_on_reimport_reaches_the_products_recognition(reference):
    header = "Tên sản phẩm,Nhóm sản phẩm,Hạng sao,Chủ thể,Tỉnh,Năm công nhận,Số quyết định\n"
    row = "Tỏi đen Quảng Minh,Thực phẩm,,HTX Quảng Minh,Quảng Bình,2019,{number}\n"
    products_import(data=csv_bytes(header + row.format(number="")), file_format="csv")

    result = products_import(
        data=csv_bytes(header + row.format(number="38/QĐ-UBND")), file_format="csv"
    )

    assert not result.has_errors() and not result.has_validation_errors()
    product = Product.objects.get(name="Tỏi đen Quảng Minh")
    assert product.certifications.get().decision_number == "38/QĐ-UBND"
    # The card's copy of the recognition (catalog.services.product_refresh_ocop) follows.
    assert (product.ocop_recognition_year, product.ocop_recognition_decision) == (
        2019,
        "38/QĐ-UBND",
    )


def test_import_file_without_required_column_is_refused(reference):
    with pytest.raises(ValidationError) as refusal:
        products_import(data=csv_bytes("Tên sản phẩm,Hạng sao\nBưởi,3\n"), file_format="csv")

    assert refusal.value.messages == ["Required column missing: product_group, province."]


ROW = "Bưởi Phúc Trạch,Thực phẩm,3,,Hà Tĩnh,,,,\n"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Encode text as Windows-1258 does: base letters (ă, ơ…) followed by combining tone marks."""
    encoded = b""
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONE_MARKS))
        tones = "".join(p for p in parts if p in TONE_MARKS)
        encoded += (base + tones).encode("cp1258")
    return encoded


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(windows_1258(HEADER + ROW), id="windows-1258"),
        pytest.param((HEADER + ROW).encode("utf-16"), id="utf-16"),
        pytest.param((HEADER + ROW).encode("utf-16-le"), id="utf-16-without-bom"),
    ],
)
def test_import_file_in_wrong_encoding_is_refused(reference, data):
    with pytest.raises(ValidationError, match="CSV UTF-8"):
        products_import(data=data, file_format="csv")

    assert Product.objects.count() == 0


def test_import_wrong_format_is_refused(reference):
    with pytest.raises(ValidationError, match="not an Excel workbook"):
        products_import(data=csv_bytes(HEADER), file_format="xlsx")
    with pytest.raises(ValidationError, match="not a CSV file"):
        products_import(data=b"PK\x03\x04" + b"\x00" * 100, file_format="csv")


def test_import_too_large_files_are_refused(reference, monkeypatch):
    with pytest.raises(ValidationError, match="larger than 10 MB"):
        imports.file_check(b"x" * (imports.MAX_FILE_BYTES + 1), is_xlsx=False)
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    rows = "".join(f"Sản phẩm {n},Thực phẩm,3,,Hà Tĩnh,,,,\n" for n in range(4))

    with pytest.raises(ValidationError, match="has 4 rows; at most 3"):
        products_import(data=csv_bytes(HEADER + rows), file_format="csv")


def test_import_parses_vietnamese_cells():
    assert imports.parse_date("2/11/2022").isoformat() == "2022-11-02"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_round_trip(reference, file_format):
    products_import(data=(FIXTURES / "ocop_products.csv").read_bytes(), file_format="csv")
    dataset = ProductResource().export()
    exported = (imports.XLSX() if file_format == "xlsx" else imports.CSV()).export_data(dataset)
    data = exported if isinstance(exported, bytes) else exported.encode("utf-8")

    assert totals(products_import(data=data, file_format=file_format)) == {"skip": 240}

    # Edit one row (stars and a price) and import it again.
    edited = (
        tablib.Dataset().load(data.decode("utf-8-sig"), format="csv")
        if file_format == "csv"
        else imports.XLSX().create_dataset(data)
    )
    row = list(edited[0])
    row[edited.headers.index("stars")] = 5
    row[edited.headers.index("decision_date")] = "16/01/2025"
    row[edited.headers.index("pack")] = "hộp 200 g"
    row[edited.headers.index("price")] = "95.000"
    edited[0] = row
    again = edited.export("csv").encode("utf-8")

    result = products_import(data=again, file_format="csv")

    assert totals(result) == {"update": 1, "skip": 239}
    product = Product.objects.get(
        name=row[0], cooperative__name=row[edited.headers.index("producer_name")]
    )
    assert product.ocop_stars == 5
    assert product.pack_options.get().price_vnd == 95_000
    assert Product.objects.count() == 240


def test_admin_import_preview_then_confirm(organiser_client, reference):
    url = reverse("admin:catalog_product_import")
    upload = SimpleUploadedFile(
        "danh-sach.csv",
        csv_bytes(HEADER + "Bưởi Phúc Trạch,Thực phẩm,3,HTX Bưởi,Hà Tĩnh,2019,,,\n"),
    )

    preview = organiser_client.post(url, {"resource": "0", "format": "0", "import_file": upload})

    assert preview.status_code == 200
    assert Product.objects.count() == 0
    confirm = preview.context["confirm_form"]
    assert [row.import_type for row in preview.context["result"].valid_rows()] == ["new"]

    response = organiser_client.post(
        reverse("admin:catalog_product_process_import"), confirm.initial
    )

    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.name, product.cooperative.province.name, product.ocop_stars) == (
        "Bưởi Phúc Trạch",
        "Hà Tĩnh",
        3,
    )


def test_admin_import_shows_errors_without_confirmation(organiser_client, reference):
    upload = SimpleUploadedFile(
        "danh-sach.csv", csv_bytes(HEADER + "Bưởi,Thực phẩm,9,HTX Bưởi,Hà Tĩnh,,,,\n")
    )

    response = organiser_client.post(
        reverse("admin:catalog_product_import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )

    assert "confirm_form" not in response.context
    assert "Stars must be a whole number from 1 to 5, not “9”." in response.content.decode()
    assert Product.objects.count() == 0


def test_admin_import_preview_lists_every_row_with_its_status(organiser_client, reference):
    products_import(
        data=csv_bytes(
            HEADER
            + "Bưởi Phúc Trạch,Thực phẩm,3,HTX Bưởi,Hà Tĩnh,2019,,,\n"
            + "Cam Vinh,Thực phẩm,3,HTX Cam,Nghệ An,2020,,,\n"
        ),
        file_format="csv",
    )
    rows = [
        "Bưởi Phúc Trạch,Thực phẩm,3,HTX Bưởi,Hà Tĩnh,2019,,,",  # 1: unchanged
        "Cam Vinh,Thực phẩm,4,HTX Cam,Nghệ An,2020,,,",  # 2: updated (3 → 4 stars)
        "Trà sen,Đồ uống,3,HTX Sen,Nghệ An,,,,",  # 3: new
        "Mật ong,Thực phẩm,3,HTX Ong,Tỉnh Không Có,,,,",  # 4: unknown province
        "Trà sen,Đồ uống,3,HTX Sen,Nghệ An,,,,",  # 5: repeats row 3
    ]
    upload = SimpleUploadedFile("danh-sach.csv", csv_bytes(HEADER + "\n".join(rows) + "\n"))

    response = organiser_client.post(
        reverse("admin:catalog_product_import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )

    preview = response.context["preview_rows"]
    assert [(row["number"], row["import_type"]) for row in preview] == [
        (1, "skip"),
        (2, "update"),
        (3, "new"),
        (4, "invalid"),
        (5, "invalid"),
    ]
    assert list(preview[3]["field_errors"]) == ["Tỉnh"]
    assert preview[4]["row_errors"] == ["This row repeats row 3."]
    html = response.content.decode()
    assert html.count('<tr class="invalid">') == 2
    assert html.count('<tr class="skip">') == html.count('<tr class="update">') == 1
    assert "Tỉnh Không Có" in html and "This row repeats row 3." in html
    assert "confirm_form" not in response.context
    # Nothing written: the star change of row 2 waits for a file without errors.
    assert Product.objects.get(name="Cam Vinh").ocop_stars == 3
    assert not Product.objects.filter(name="Trà sen").exists()


def test_admin_import_preview_in_vietnamese(organiser_client, reference):
    upload = SimpleUploadedFile(
        "danh-sach.csv",
        csv_bytes(
            HEADER + "Trà sen,Đồ uống,3,HTX Sen,Nghệ An,,,,\nMật ong,Thực phẩm,3,HTX Ong,X,,,,\n"
        ),
    )

    with translation.override("vi"):
        response = organiser_client.post(
            reverse("admin:catalog_product_import"),
            {"resource": "0", "format": "0", "import_file": upload},
        )

    html = response.content.decode()
    assert "Mới" in html and "Lỗi" in html
    assert "1 dòng có lỗi" in html


def test_admin_import_refuses_wrong_encoding(organiser_client, reference):
    upload = SimpleUploadedFile(
        "danh-sach.csv", (HEADER + "Bưởi,Thực phẩm,3,,Hà Tĩnh,,,,\n").encode("utf-16")
    )

    response = organiser_client.post(
        reverse("admin:catalog_product_import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )

    assert "CSV UTF-8" in " ".join(response.context["form"].errors["import_file"])


def test_admin_export_as_xlsx(organiser_client, reference):
    products_import(data=(FIXTURES / "ocop_products.csv").read_bytes(), file_format="csv")

    response = organiser_client.post(
        reverse("admin:catalog_product_export"),
        {
            "format": "1",
            "resource": "0",
            **{f"productresource_{name}": "on" for name in ProductResource._meta.fields},
        },
    )

    assert response.status_code == 200
    dataset = imports.XLSX().create_dataset(response.content)
    assert len(dataset) == 240
    assert dataset.headers == list(ProductResource._meta.fields)


class _PreviewTable(HTMLParser):
    """The text of each row of the import preview's table, a changed cell as "old → new"."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.inside = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("class", "import-preview") in attrs:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in {"td", "th"}:
            self.cell = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in {"td", "th"}:
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None


def preview_table(response) -> list[list[str]]:
    """The preview's header row, then one row per file row without its status column."""
    table = _PreviewTable()
    table.feed(response.content.decode())
    header, *rows = table.rows
    return [header[2:]] + [row[2:] for row in rows]


def post_import(client, upload):
    return client.post(
        reverse("admin:catalog_product_import"),
        {
            "resource": "0",
            "format": "1" if upload.name.endswith(".xlsx") else "0",
            "import_file": upload,
        },
    )


def test_admin_import_preview_shows_every_rows_cells_and_what_an_update_changes(
    organiser_client, reference
):
    products_import(
        data=csv_bytes(HEADER + "Cam Vinh,Thực phẩm,3,HTX Cam,Nghệ An,2020,,,\n"),
        file_format="csv",
    )
    rows = [
        "Cam Vinh,Thực phẩm,4,HTX Cam,Nghệ An,2020,,hộp 1 kg,45.000",  # 1: 3 → 4 stars, a pack
        "Trà sen,Đồ uống,3,HTX Sen,Nghệ An,,02/11/2022,,",  # 2: new
    ]
    upload = SimpleUploadedFile("danh-sach.csv", csv_bytes(HEADER + "\n".join(rows) + "\n"))

    table = preview_table(post_import(organiser_client, upload))

    assert table[0] == list(ProductResource.column_headers.values())
    cells = [dict(zip(table[0], row, strict=True)) for row in table[1:]]
    changed = {k: v for k, v in cells[0].items() if "→" in v}
    assert changed == {"Hạng sao": "3 → 4", "Quy cách": "→ hộp 1 kg", "Giá": "→ 45000"}
    assert (cells[0]["Tên sản phẩm"], cells[0]["Tỉnh"], cells[0]["Năm công nhận"]) == (
        "Cam Vinh",
        "Nghệ An",
        "2020",
    )
    assert {k: v for k, v in cells[1].items() if v} == {
        "Tên sản phẩm": "Trà sen",
        "Nhóm sản phẩm": ProductGroup.objects.get(name="Đồ uống").code,
        "Hạng sao": "3",
        "Chủ thể": "HTX Sen",
        "Tỉnh": "Nghệ An",
        "Ngày quyết định": "02/11/2022",
    }


def test_admin_import_preview_of_an_xlsx_error_row_leaves_empty_cells_empty(
    organiser_client, reference
):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["Mật ong", "Thực phẩm", 3, None, "Tỉnh Không Có", None, None, None, None])
    sheet.append(["Trà sen", "Đồ uống", 3, "HTX Sen", "Nghệ An", None, None, None, None])
    data = io.BytesIO()
    workbook.save(data)
    upload = SimpleUploadedFile("danh-sach.xlsx", data.getvalue())

    response = post_import(organiser_client, upload)

    table = preview_table(response)
    error_row = dict(zip(table[0], table[1], strict=True))
    assert {k: v for k, v in error_row.items() if v} == {
        "Tên sản phẩm": "Mật ong",
        "Nhóm sản phẩm": "Thực phẩm",
        "Hạng sao": "3",
        "Tỉnh": "Tỉnh Không Có",
    }
    assert not {"None", "---"} & {cell for row in table for cell in row}
    assert "<li>Tỉnh: Unknown province “Tỉnh Không Có”.</li>" in response.content.decode()
