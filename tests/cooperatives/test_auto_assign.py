"""Auto-assignment of a fair's exhibitors to free booths: the plan, its preview and its apply."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.auto_assign import (
    Candidate,
    FreeBooth,
    auto_assign_apply,
    auto_assign_plan,
    plan_assignments,
    zone_key,
)
from cooperatives.models import Booth, BoothAssignment, Fair
from cooperatives.services import booth_assign, booths_create_row
from ocop_fair.text import vietnamese_sort_key
from tests.admin_pages import admin_url, messages_of
from tests.factories import (
    BoothAssignmentFactory,
    CooperativeFactory,
    FairExhibitorFactory,
    FairFactory,
    MembershipFactory,
    ProvinceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def candidate(pk, name, *provinces):
    return Candidate(pk, name, vietnamese_sort_key(name), provinces)


def test_plan_seats_in_vietnamese_order_on_booths_in_code_order():
    names = ["HTX Đông Hà", "HTX Âu Cơ", "HTX Anh Sơn", "HTX Ăn Nhanh", "HTX Bình Minh"]
    candidates = [candidate(pk, name, "Nghệ An") for pk, name in enumerate(names, 1)]
    booths = [
        FreeBooth(i, code, "Khu Nghệ An") for i, code in enumerate(["A10", "A2", "A1", "B1", "A3"])
    ]

    plan = plan_assignments(candidates=candidates, free_booths=booths, zones={"Khu Nghệ An"})

    assert [(seat.cooperative, seat.booth) for seat in plan.seats] == [
        ("HTX Anh Sơn", "A1"),
        ("HTX Ăn Nhanh", "A2"),
        ("HTX Âu Cơ", "A3"),
        ("HTX Bình Minh", "A10"),
        ("HTX Đông Hà", "B1"),
    ]
    assert plan.unseated == ()


def test_plan_is_the_same_whatever_the_input_order():
    candidates = [candidate(pk, f"HTX {pk}", "Hà Tĩnh") for pk in range(1, 8)]
    booths = [FreeBooth(pk, f"B{pk}", "Khu Hà Tĩnh") for pk in range(1, 6)]

    one = plan_assignments(candidates=candidates, free_booths=booths, zones={"Khu Hà Tĩnh"})
    two = plan_assignments(
        candidates=candidates[::-1], free_booths=booths[::-1], zones={"Khu Hà Tĩnh"}
    )

    assert one == two


def test_plan_says_why_an_exhibitor_has_no_booth():
    candidates = [
        candidate(1, "HTX A", "Nghệ An"),
        candidate(2, "HTX B", "Nghệ An"),
        candidate(3, "HTX C", "Hà Tĩnh"),
    ]
    booths = [FreeBooth(1, "A1", "Khu Nghệ An"), FreeBooth(2, "Z1", "")]

    plan = plan_assignments(candidates=candidates, free_booths=booths, zones={"Khu Nghệ An", ""})

    assert [(s.cooperative, s.booth) for s in plan.seats] == [("HTX A", "A1")]
    assert [(u.cooperative, u.province, u.reason) for u in plan.unseated] == [
        ("HTX C", "Hà Tĩnh", "Hội chợ không có khu cho tỉnh này."),
        ("HTX B", "Nghệ An", "Mọi gian hàng của khu đã có đơn vị."),
    ]


@pytest.mark.parametrize(
    ("zone", "province"),
    [("Khu Nghệ An", "Nghệ An"), ("khu nghệ an", "Nghệ An"), ("Nghệ An", "Nghệ An")],
)
def test_zone_key_matches_the_province_name(zone, province):
    assert zone_key(zone) == zone_key(province)


@pytest.fixture
def merged_provinces():
    merged = datetime.date(2025, 7, 1)
    common = {"current_name": "Quảng Trị", "successor_since": merged}
    quang_binh = ProvinceFactory(
        name="Quảng Bình", successor_name="tỉnh Quảng Trị (hợp nhất)", **common
    )
    quang_tri = ProvinceFactory(name="Quảng Trị", successor_name="tỉnh Quảng Trị", **common)
    return quang_binh, quang_tri


def fair_with_zones(year, zones):
    """A fair with rows of booths, one row per (zone, prefix, count)."""
    fair = FairFactory(year=year)
    for row, (zone, prefix, count) in enumerate(zones):
        booths_create_row(fair=fair, prefix=prefix, first=1, last=count, zone=zone, y=row * 3)
    return fair


def test_quang_binh_goes_to_the_quang_tri_zone_after_the_merger(merged_provinces):
    quang_binh, _quang_tri = merged_provinces
    zones = [("Khu Quảng Bình", "A", 2), ("Khu Quảng Trị", "B", 2)]
    fair_2026, fair_2022 = fair_with_zones(2026, zones), fair_with_zones(2022, zones)
    cooperative = CooperativeFactory(province=quang_binh, name="HTX Hải Ninh")
    FairExhibitorFactory(fair=fair_2026, cooperative=cooperative)
    FairExhibitorFactory(fair=fair_2022, cooperative=cooperative)

    seat_2026 = auto_assign_plan(fair_2026).seats[0]
    seat_2022 = auto_assign_plan(fair_2022).seats[0]

    assert (seat_2026.province, seat_2026.zone, seat_2026.booth) == (
        "Quảng Trị",
        "Khu Quảng Trị",
        "B1",
    )
    assert (seat_2022.province, seat_2022.zone, seat_2022.booth) == (
        "Quảng Bình",
        "Khu Quảng Bình",
        "A1",
    )


def test_merged_province_falls_back_to_its_own_zone_and_yields_to_the_other(merged_provinces):
    quang_binh, quang_tri = merged_provinces
    fair = fair_with_zones(2026, [("Khu Quảng Bình", "A", 3), ("Khu Quảng Trị", "B", 2)])
    for name in ["HTX Ba Đồn", "HTX Bảo Ninh", "HTX Ấn Nhật"]:
        FairExhibitorFactory(fair=fair, cooperative__name=name, cooperative__province=quang_binh)
    for name in ["HTX Vĩnh Linh", "HTX Triệu Phong"]:
        FairExhibitorFactory(fair=fair, cooperative__name=name, cooperative__province=quang_tri)

    plan = auto_assign_plan(fair)

    # Quảng Trị's own exhibitors keep the Quảng Trị zone although they come last A to Z.
    assert [(s.booth, s.cooperative) for s in plan.seats] == [
        ("A1", "HTX Ấn Nhật"),
        ("A2", "HTX Ba Đồn"),
        ("A3", "HTX Bảo Ninh"),
        ("B1", "HTX Triệu Phong"),
        ("B2", "HTX Vĩnh Linh"),
    ]
    assert plan.unseated == ()


def test_a_province_whose_new_name_has_no_zone_keeps_its_own_zone():
    hue = ProvinceFactory(
        name="Thừa Thiên Huế",
        current_name="Thành phố Huế",
        successor_name="Thành phố Huế (trực thuộc Trung ương)",
        successor_since=datetime.date(2025, 1, 1),
    )
    fair = fair_with_zones(2026, [("Khu Thừa Thiên Huế", "E", 1)])
    FairExhibitorFactory(fair=fair, cooperative__province=hue)

    assert [seat.booth for seat in auto_assign_plan(fair).seats] == ["E1"]


@pytest.fixture
def fair():
    """A 2026 fair: Nghệ An has 3 booths (A1 held), Hà Tĩnh 1; five exhibitors without booths."""
    fair = fair_with_zones(2026, [("Khu Nghệ An", "A", 3), ("Khu Hà Tĩnh", "B", 1)])
    nghe_an, ha_tinh = ProvinceFactory(name="Nghệ An"), ProvinceFactory(name="Hà Tĩnh")
    held = BoothAssignmentFactory(booth=fair.booths.get(code="A1"), cooperative__province=nghe_an)
    FairExhibitorFactory(fair=fair, cooperative=held.cooperative)
    for name in ["HTX Đô Lương", "HTX Anh Sơn"]:
        FairExhibitorFactory(fair=fair, cooperative__name=name, cooperative__province=nghe_an)
    for name in ["HTX Can Lộc", "HTX Cẩm Xuyên", "HTX Hương Sơn"]:
        FairExhibitorFactory(fair=fair, cooperative__name=name, cooperative__province=ha_tinh)
    return fair


def assignments(fair):
    return sorted(
        BoothAssignment.objects.filter(booth__fair=fair).values_list(
            "booth__code", "cooperative__name"
        )
    )


def test_plan_leaves_assigned_exhibitors_and_held_booths_alone(fair):
    held = BoothAssignment.objects.get(booth__code="A1")

    plan = auto_assign_plan(fair)

    assert [(s.booth, s.cooperative) for s in plan.seats] == [
        ("A2", "HTX Anh Sơn"),
        ("A3", "HTX Đô Lương"),
        ("B1", "HTX Can Lộc"),
    ]
    assert [u.cooperative for u in plan.unseated] == ["HTX Cẩm Xuyên", "HTX Hương Sơn"]
    assert held.cooperative_id not in {s.cooperative_id for s in plan.seats}


def test_apply_writes_exactly_the_plan(fair):
    before = assignments(fair)
    plan = auto_assign_plan(fair)

    created = auto_assign_apply(fair=fair, pairs=plan.pairs)

    assert len(created) == 3
    assert assignments(fair) == sorted(
        before + [("A2", "HTX Anh Sơn"), ("A3", "HTX Đô Lương"), ("B1", "HTX Can Lộc")]
    )
    assert auto_assign_plan(fair).seats == ()


def test_apply_refuses_a_booth_taken_after_the_preview_and_writes_nothing(fair):
    plan = auto_assign_plan(fair)
    outsider = CooperativeFactory(name="HTX Nhanh Tay")
    booth_assign(booth=fair.booths.get(code="A3"), cooperative=outsider)
    before = assignments(fair)

    with pytest.raises(ValidationError) as refused:
        auto_assign_apply(fair=fair, pairs=plan.pairs)

    assert refused.value.messages == [
        "Gian hàng A3 đã được xếp cho HTX Nhanh Tay sau khi xem trước. Chưa ghi gì:"
        " hãy xem lại bản xem trước mới."
    ]
    assert assignments(fair) == before


def test_apply_refuses_a_new_exhibitor_after_the_preview(fair):
    plan = auto_assign_plan(fair)
    FairExhibitorFactory(
        fair=fair,
        cooperative__name="HTX Ái Quốc",
        cooperative__province=(BoothAssignment.objects.get(booth__code="A1").cooperative.province),
    )

    with pytest.raises(ValidationError, match="đã thay đổi"):
        auto_assign_apply(fair=fair, pairs=plan.pairs)
    assert len(assignments(fair)) == 1


def test_plan_of_a_2000_booth_fair_takes_a_bounded_number_of_queries():
    fair = FairFactory(year=2026)
    provinces = [ProvinceFactory(name=f"Tỉnh {index}") for index in range(10)]
    for index, province in enumerate(provinces):
        booths_create_row(
            fair=fair,
            prefix=chr(65 + index),
            first=1,
            last=200,
            zone=f"Khu {province.name}",
            width=1,
            height=1,
            y=index * 2,
        )
    for number in range(300):
        FairExhibitorFactory(fair=fair, cooperative__province=provinces[number % 10])

    with CaptureQueriesContext(connection) as queries:
        plan = auto_assign_plan(fair)

    assert len(queries) == 3
    assert len(plan.seats) == 300 and Booth.objects.filter(fair=fair).count() == 2000
    with CaptureQueriesContext(connection) as queries:
        auto_assign_apply(fair=fair, pairs=plan.pairs)
    # booth_assign per seat (lock, check, savepoint, insert, exhibitor): linear, with a ceiling.
    assert len(queries) <= 10 + 8 * 300
    assert BoothAssignment.objects.filter(booth__fair=fair).count() == 300


# The admin page


def test_fair_page_links_to_the_auto_assign_page(organiser_client, fair):
    body = organiser_client.get(admin_url(Fair, "change", fair.pk)).content.decode()
    assert admin_url(Fair, "auto_assign", fair.pk) in body
    assert "Xếp gian hàng tự động" in body


def test_admin_preview_writes_nothing(organiser_client, fair):
    before = assignments(fair)

    response = organiser_client.get(admin_url(Fair, "auto_assign", fair.pk))

    body = response.content.decode()
    assert response.status_code == 200
    assert "3 đơn vị tham gia sẽ được xếp gian hàng." in body
    assert "2 đơn vị tham gia sẽ chưa có gian hàng." in body
    assert "HTX Anh Sơn" in body and "Mọi gian hàng của khu đã có đơn vị." in body
    assert assignments(fair) == before


def test_admin_confirm_writes_the_previewed_plan(organiser_client, fair):
    url = admin_url(Fair, "auto_assign", fair.pk)
    token = organiser_client.get(url).context["token"]

    done = organiser_client.post(url, {"plan": token, "apply": "1"}, follow=True)

    assert messages_of(done) == [f"Đã xếp gian hàng cho 3 đơn vị tham gia tại {fair.name}."]
    assert ("B1", "HTX Can Lộc") in assignments(fair) and len(assignments(fair)) == 4


def test_admin_confirm_after_a_booth_was_taken_shows_the_new_preview(organiser_client, fair):
    url = admin_url(Fair, "auto_assign", fair.pk)
    token = organiser_client.get(url).context["token"]
    booth_assign(booth=fair.booths.get(code="B1"), cooperative=CooperativeFactory(name="HTX Sớm"))

    response = organiser_client.post(url, {"plan": token, "apply": "1"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Gian hàng B1 đã được xếp cho HTX Sớm sau khi xem trước." in body
    assert len(assignments(fair)) == 2


def test_admin_confirm_with_a_forged_plan_writes_nothing(organiser_client, fair):
    url = admin_url(Fair, "auto_assign", fair.pk)

    response = organiser_client.post(url, {"plan": "[[1, 2]]", "apply": "1"})

    assert response.status_code == 200 and response.context["errors"]
    assert len(assignments(fair)) == 1


def test_admin_page_is_refused_to_staff_without_the_right(client, fair):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_fair"))
    client.force_login(viewer)

    assert client.get(admin_url(Fair, "auto_assign", fair.pk)).status_code == 403
    assert client.post(admin_url(Fair, "auto_assign", fair.pk), {"plan": ""}).status_code == 403
    assert len(assignments(fair)) == 1


def test_admin_page_sends_a_cooperatives_staff_to_the_admin_login(client, fair):
    member = MembershipFactory().user
    client.force_login(member)

    response = client.get(admin_url(Fair, "auto_assign", fair.pk))

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_admin_page_of_an_unknown_fair_is_404(organiser_client):
    assert organiser_client.get(admin_url(Fair, "auto_assign", "999999")).status_code == 404
