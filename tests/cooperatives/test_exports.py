"""Organiser exports of a fair: booth assignments as CSV and the printable exhibitor directory."""

import codecs
import csv
import io
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from cooperatives.models import Cooperative
from tests.factories import (
    BoothAssignmentFactory,
    BoothFactory,
    CooperativeFactory,
    FairFactory,
    ProvinceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EXPORTS = ["cooperatives:fair-assignments-csv", "cooperatives:fair-directory"]
CSV_HEADER = [
    "Zone",
    "Booth code",
    "Cooperative",
    "Kind",
    "Province",
    "Commune / ward",
    "Phone",
    "Email",
]


def export_url(name, fair, language="en"):
    """Return the export's URL in English, so headers and labels can be compared."""
    with translation.override(language):
        return reverse(name, kwargs={"slug": fair.slug})


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def directory_outline(response):
    """Return each province heading of the directory with the cell texts of its rows."""
    outline = []
    sections = response.content.decode().split('<section class="directory-province"')[1:]
    for section in sections:
        heading = re.search(r"<h2[^>]*>(.*?) <span", section).group(1)
        body = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        rows = [
            [strip_tags(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
        ]
        outline.append((heading, rows))
    return outline


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("name", EXPORTS)
def test_export_sends_anonymous_to_the_admin_login(client, name):
    url = export_url(name, FairFactory())
    response = client.get(url)
    with translation.override("en"):
        login = reverse("admin:login")
    assert response.status_code == 302
    assert response.url == f"{login}?next={quote(url)}"


@pytest.mark.parametrize("name", EXPORTS)
def test_export_denies_a_user_who_is_not_staff(client, name):
    client.force_login(UserFactory())
    response = client.get(export_url(name, FairFactory()))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


@pytest.mark.parametrize("name", EXPORTS)
def test_export_forbids_staff_without_the_booth_assignment_permission(client, name):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(export_url(name, FairFactory()))
    assert response.status_code == 403


@pytest.mark.parametrize("name", EXPORTS)
def test_export_of_an_unknown_fair_is_not_found(organiser_client, name):
    response = organiser_client.get(export_url(name, FairFactory.build(slug="khong-co")))
    assert response.status_code == 404


def test_assignments_csv_lists_every_booth_in_natural_order(organiser_client):
    fair = FairFactory(slug="hoi-cho-2022")
    ha_tinh = ProvinceFactory(name="Hà Tĩnh")
    phuc_trach = CooperativeFactory(
        name="HTX Bưởi Phúc Trạch",
        province=ha_tinh,
        commune="Phúc Trạch",
        phone="0912 345 678",
        email="buoi@example.vn",
    )
    dong_loc = CooperativeFactory(
        name="Tổ hợp tác Chè Đồng Lộc",
        kind=Cooperative.Kind.COOPERATIVE_GROUP,
        province=ha_tinh,
        commune="Đồng Lộc",
        phone="",
    )
    BoothAssignmentFactory(
        booth__fair=fair, booth__zone="Khu B", booth__code="B1", cooperative=dong_loc
    )
    BoothAssignmentFactory(
        booth__fair=fair, booth__zone="Khu A", booth__code="A10", cooperative=phuc_trach
    )
    BoothFactory(fair=fair, zone="Khu A", code="A2")
    BoothAssignmentFactory(
        booth__fair=fair, booth__zone="Khu A", booth__code="A1", cooperative=dong_loc
    )
    BoothAssignmentFactory(booth__code="A3")  # another fair

    response = organiser_client.get(export_url("cooperatives:fair-assignments-csv", fair))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="gian-hang-hoi-cho-2022-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    assert response.content.startswith(codecs.BOM_UTF8)
    assert "HTX Bưởi Phúc Trạch" in response.content.decode("utf-8")
    assert csv_rows(response) == [
        CSV_HEADER,
        ["Khu A", "A1", "Tổ hợp tác Chè Đồng Lộc", "Cooperative group (THT)", "Hà Tĩnh", "Đồng Lộc", "", ""],
        ["Khu A", "A2", "", "", "", "", "", ""],
        ["Khu A", "A10", "HTX Bưởi Phúc Trạch", "Cooperative (HTX)", "Hà Tĩnh", "Phúc Trạch", "0912 345 678", "buoi@example.vn"],
        ["Khu B", "B1", "Tổ hợp tác Chè Đồng Lộc", "Cooperative group (THT)", "Hà Tĩnh", "Đồng Lộc", "", ""],
    ]  # fmt: skip


def test_assignments_csv_keeps_the_booth_of_an_inactive_cooperative(organiser_client):
    # Hidden from visitors, but the booth is still taken: organisers must not see it as free.
    assignment = BoothAssignmentFactory(
        cooperative__name="HTX Tạm Ngừng", cooperative__is_active=False
    )

    response = organiser_client.get(
        export_url("cooperatives:fair-assignments-csv", assignment.booth.fair)
    )

    assert csv_rows(response)[1][2] == "HTX Tạm Ngừng"


def test_assignments_csv_neutralises_spreadsheet_formulas(organiser_client):
    assignment = BoothAssignmentFactory(
        booth__zone="=Khu A",
        booth__code="A1",
        cooperative__name='=HYPERLINK("http://example.com","Bấm")',
        cooperative__province__name="Hà Tĩnh",
        cooperative__commune="@SUM(A1:A9)",
        cooperative__phone="+84 912 345 678",
        cooperative__email="-2+3@example.vn",
    )

    response = organiser_client.get(
        export_url("cooperatives:fair-assignments-csv", assignment.booth.fair)
    )

    assert csv_rows(response)[1] == [
        "'=Khu A",
        "A1",
        """'=HYPERLINK("http://example.com","Bấm")""",
        "Cooperative (HTX)",
        "Hà Tĩnh",
        "'@SUM(A1:A9)",
        "'+84 912 345 678",
        "'-2+3@example.vn",
    ]


def test_assignments_csv_runs_the_same_queries_for_3_or_30_booths(organiser_client):
    fair = FairFactory()
    url = export_url("cooperatives:fair-assignments-csv", fair)
    BoothAssignmentFactory.create_batch(2, booth__fair=fair)
    BoothFactory(fair=fair)
    few = count_queries(organiser_client, url)

    BoothAssignmentFactory.create_batch(20, booth__fair=fair)
    BoothFactory.create_batch(7, fair=fair)
    many = count_queries(organiser_client, url)

    assert len(csv_rows(organiser_client.get(url))) == 31
    assert few == many


# Created out of order; Vietnamese puts Ă and Â after A, Đ after D, Ô and Ơ after O, Ư after U.
NAMES = ["HTX Ăn", "HTX An", "HTX Âu", "HTX Đồng", "HTX Dương", "HTX Ơn", "HTX Ông", "HTX Uy", "HTX Ưu", "HTX Ba"]  # fmt: skip
VIETNAMESE_ORDER = ["HTX An", "HTX Ăn", "HTX Âu", "HTX Ba", "HTX Dương", "HTX Đồng", "HTX Ông", "HTX Ơn", "HTX Uy", "HTX Ưu"]  # fmt: skip


def test_directory_lists_cooperatives_in_vietnamese_alphabetical_order(organiser_client):
    # Runs on PostgreSQL too (DATABASE_URL): the order must not depend on the database collation.
    fair = FairFactory()
    province = ProvinceFactory(name="Hà Tĩnh")
    for name in NAMES:
        BoothAssignmentFactory(
            booth__fair=fair, cooperative__name=name, cooperative__province=province
        )

    response = organiser_client.get(export_url("cooperatives:fair-directory", fair))

    [(heading, rows)] = directory_outline(response)
    assert heading == "Hà Tĩnh"
    assert [row[1] for row in rows] == VIETNAMESE_ORDER
    assert sorted(NAMES) != VIETNAMESE_ORDER  # code-point order would get it wrong


def test_directory_groups_exhibitors_by_province_in_display_order(organiser_client):
    fair = FairFactory()
    ha_tinh = ProvinceFactory(name="Hà Tĩnh", display_order=2)
    nghe_an = ProvinceFactory(name="Nghệ An", display_order=1)
    quang_binh = ProvinceFactory(name="Quảng Bình", display_order=3)
    phuc_trach = CooperativeFactory(
        name="HTX Bưởi Phúc Trạch",
        province=ha_tinh,
        commune="Phúc Trạch",
        district="Hương Khê",
        phone="0912 345 678",
        email="buoi@example.vn",
    )
    BoothAssignmentFactory(booth__fair=fair, booth__code="A10", cooperative=phuc_trach)
    BoothAssignmentFactory(booth__fair=fair, booth__code="A2", cooperative=phuc_trach)
    BoothAssignmentFactory(
        booth__fair=fair,
        booth__code="B1",
        cooperative__name="Tổ hợp tác Chè Thanh Chương",
        cooperative__kind=Cooperative.Kind.COOPERATIVE_GROUP,
        cooperative__province=nghe_an,
        cooperative__commune="",
        cooperative__district="Thanh Chương",
        cooperative__phone="",
    )
    BoothAssignmentFactory(cooperative__province=quang_binh)  # another fair
    BoothAssignmentFactory(
        booth__fair=fair, cooperative__province=quang_binh, cooperative__is_active=False
    )
    CooperativeFactory(province=ha_tinh)  # no booth

    response = organiser_client.get(export_url("cooperatives:fair-directory", fair))

    assert directory_outline(response) == [
        ("Nghệ An", [["B1", "Tổ hợp tác Chè Thanh Chương", "Cooperative group (THT)", "Thanh Chương", "", ""]]),
        ("Hà Tĩnh", [["A2, A10", "HTX Bưởi Phúc Trạch", "Cooperative (HTX)", "Phúc Trạch, Hương Khê", "0912 345 678", "buoi@example.vn"]]),
    ]  # fmt: skip
    assert response.context["fair"] == fair


def test_directory_of_a_fair_without_exhibitors_says_so(organiser_client):
    response = organiser_client.get(export_url("cooperatives:fair-directory", FairFactory()))
    assert directory_outline(response) == []
    assert "No cooperative has a booth at this fair yet." in response.content.decode()


def test_directory_runs_the_same_queries_for_3_or_30_cooperatives(organiser_client):
    fair = FairFactory()
    url = export_url("cooperatives:fair-directory", fair)
    BoothAssignmentFactory.create_batch(3, booth__fair=fair)
    few = count_queries(organiser_client, url)

    provinces = ProvinceFactory.create_batch(3)
    for index in range(27):
        assignment = BoothAssignmentFactory(
            booth__fair=fair, cooperative__province=provinces[index % 3]
        )
        BoothAssignmentFactory(booth__fair=fair, cooperative=assignment.cooperative)
    many = count_queries(organiser_client, url)

    assert sum(len(rows) for _heading, rows in directory_outline(organiser_client.get(url))) == 30
    assert few == many
