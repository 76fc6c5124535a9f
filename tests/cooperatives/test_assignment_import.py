"""Booth assignments of one fair imported and exported as CSV/XLSX, previewed, all or nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperatives.assignment_resources import BoothAssignmentResource, assignments_import
from cooperatives.models import BoothAssignment
from cooperatives.services import booths_create_row
from tests.factories import BoothAssignmentFactory, CooperativeFactory, FairFactory, ProvinceFactory

pytestmark = pytest.mark.django_db

HEADER = "Mã gian hàng,Tên chủ thể,Tỉnh\n"


@pytest.fixture
def fair():
    fair = FairFactory(year=2026)
    booths_create_row(fair=fair, prefix="A", first=1, last=6, x=0, y=0)
    nghe_an, ha_tinh = ProvinceFactory(name="Nghệ An"), ProvinceFactory(name="Hà Tĩnh")
    CooperativeFactory(name="HTX Nông nghiệp Sen quê Bác", province=nghe_an)
    CooperativeFactory(name="HTX Bưởi Phúc Trạch", province=ha_tinh)
    CooperativeFactory(name="HTX Chè Hương", province=nghe_an)
    CooperativeFactory(name="HTX Chè Hương", province=ha_tinh)
    return fair


def held(fair):
    return sorted(
        BoothAssignment.objects.filter(booth__fair=fair).values_list(
            "booth__code", "cooperative__name", "cooperative__province__name"
        )
    )


def csv(*rows):
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode()


def xlsx(*rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mã gian hàng", "Tên chủ thể", "Tỉnh"])
    for row in rows:
        sheet.append(row.split(","))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def totals(result):
    return {kind: count for kind, count in result.totals.items() if count}


@pytest.mark.parametrize(("encode", "file_format"), [(csv, "csv"), (xlsx, "xlsx")])
def test_import_assigns_then_changes_nothing_the_second_time(fair, encode, file_format):
    data = encode("A1,HTX Nông nghiệp Sen quê Bác,Nghệ An", "a2,htx bưởi phúc trạch,")

    preview = assignments_import(fair=fair, data=data, file_format=file_format, dry_run=True)
    assert totals(preview) == {"new": 2} and held(fair) == []
    first = assignments_import(fair=fair, data=data, file_format=file_format)
    second = assignments_import(fair=fair, data=data, file_format=file_format)

    assert [totals(first), totals(second)] == [{"new": 2}, {"skip": 2}]
    assert held(fair) == [
        ("A1", "HTX Nông nghiệp Sen quê Bác", "Nghệ An"),
        ("A2", "HTX Bưởi Phúc Trạch", "Hà Tĩnh"),
    ]


def test_a_cooperative_given_another_booth_is_moved_there(fair):
    assignments_import(fair=fair, data=csv("A1,HTX Bưởi Phúc Trạch,Hà Tĩnh"), file_format="csv")
    first = BoothAssignment.objects.get()

    result = assignments_import(
        fair=fair, data=csv("A5,HTX Bưởi Phúc Trạch,Hà Tĩnh"), file_format="csv"
    )

    assert totals(result) == {"update": 1}
    assert BoothAssignment.objects.get().pk == first.pk
    assert held(fair) == [("A5", "HTX Bưởi Phúc Trạch", "Hà Tĩnh")]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("Z9,HTX Bưởi Phúc Trạch,Hà Tĩnh", "Mã gian hàng", "Không có gian hàng “Z9” ở"),
        ("A1,HTX Không Tồn Tại,Hà Tĩnh", "Tên chủ thể", "Không có hợp tác xã hay chủ thể nào"),
        ("A1,HTX Chè Hương,", "Tên chủ thể", "Có nhiều chủ thể cùng tên “HTX Chè Hương”"),
        ("A3,HTX Bưởi Phúc Trạch,Hà Tĩnh", "Mã gian hàng", "Gian hàng A3 đã được phân cho"),
        ("A1,HTX Bưởi Phúc Trạch,Tỉnh Lạ", "Tỉnh", "Tỉnh"),
    ],
)
def test_a_bad_row_is_a_vietnamese_row_error_and_nothing_is_written(fair, row, column, message):
    BoothAssignmentFactory(booth=fair.booths.get(code="A3"), cooperative__name="HTX Khác")
    data = csv("A6,HTX Nông nghiệp Sen quê Bác,Nghệ An", row)

    result = assignments_import(fair=fair, data=data, file_format="csv")

    assert result.has_validation_errors()
    (invalid,) = result.invalid_rows
    assert invalid.number == 2
    errors = dict(zip(result.diff_headers, result.column_headers, strict=True))
    by_header = {errors[c]: e for c, e in invalid.field_specific_errors.items()}
    assert message in " ".join(by_header[column])
    assert held(fair) == [
        ("A3", "HTX Khác", BoothAssignment.objects.get().cooperative.province.name)
    ]


def test_the_same_booth_twice_is_a_row_error(fair):
    data = csv("A1,HTX Bưởi Phúc Trạch,Hà Tĩnh", "a1,HTX Nông nghiệp Sen quê Bác,Nghệ An")
    result = assignments_import(fair=fair, data=data, file_format="csv")
    assert [row.number for row in result.invalid_rows] == [2]
    assert held(fair) == []


def test_export_then_import_round_trip_changes_nothing(fair):
    assignments_import(
        fair=fair,
        data=csv("A1,HTX Nông nghiệp Sen quê Bác,Nghệ An", "A2,HTX Chè Hương,Hà Tĩnh"),
        file_format="csv",
    )
    exported = BoothAssignmentResource(fair=fair).export()

    result = assignments_import(fair=fair, data=exported.csv.encode(), file_format="csv")

    assert exported.headers == ["booth_code", "cooperative_name", "province"]
    assert totals(result) == {"skip": 2}


def admin_import(client, fair, data, name, file_format_index):
    return client.post(
        reverse("admin:cooperatives_boothassignment_import"),
        {
            "fair": fair.pk,
            "format": file_format_index,
            "resource": 0,
            "import_file": SimpleUploadedFile(name, data),
        },
    )


def test_admin_import_previews_every_row_then_confirms(organiser_client, fair):
    data = xlsx("A1,HTX Nông nghiệp Sen quê Bác,Nghệ An", "A2,HTX Bưởi Phúc Trạch,Hà Tĩnh")

    preview = admin_import(organiser_client, fair, data, "gian-hang.xlsx", 1)

    assert [row["import_type"] for row in preview.context["preview_rows"]] == ["new", "new"]
    assert held(fair) == []
    confirm = preview.context["confirm_form"]
    done = organiser_client.post(
        reverse("admin:cooperatives_boothassignment_process_import"),
        {name: field.value() for name, field in ((n, confirm[n]) for n in confirm.fields)},
    )
    assert done.status_code == 302
    assert [code for code, _n, _p in held(fair)] == ["A1", "A2"]


@pytest.mark.parametrize(
    ("data", "name", "index", "message"),
    [
        (b"\x00\xff\xfe garbage \x89PNG", "gian-hang.csv", 0, "Tệp không dùng bảng mã UTF-8"),
        (b"PK\x03\x04 not really a zip", "gian-hang.xlsx", 1, "Không đọc được tệp"),
        ("Tên,Địa chỉ\nA,B\n".encode(), "gian-hang.csv", 0, "Thiếu cột bắt buộc"),
    ],
)
def test_admin_import_of_a_hostile_file_is_a_clear_message(
    organiser_client, fair, data, name, index, message
):
    response = admin_import(organiser_client, fair, data, name, index)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("import_file", []))
    assert message in errors
    assert held(fair) == []
