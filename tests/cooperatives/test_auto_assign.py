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
from ocop_fair import page_versions
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
    # Locks, the plan checked again, one insert (SQLite splits it by ~250 rows): a few queries.
    assert len(queries) <= 10 + len(plan.pairs) // 200
    assert BoothAssignment.objects.filter(booth__fair=fair).count() == 300


def test_a_2000_booth_fair_with_booth_needs_plans_and_applies_in_bounded_queries():
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
    Booth.objects.filter(fair=fair, code__endswith="0").update(has_refrigeration=True)
    Booth.objects.filter(fair=fair, code__endswith="7").update(has_power=False)
    for number in range(400):
        FairExhibitorFactory(
            fair=fair,
            cooperative__province=provinces[number % 10],
            booths_wanted=1 + number % 4,
            needs_power=number % 3 == 0,
            needs_refrigeration=number % 11 == 0,
        )

    with CaptureQueriesContext(connection) as queries:
        plan = auto_assign_plan(fair)
    assert len(queries) == 3
    with CaptureQueriesContext(connection) as queries:
        auto_assign_apply(fair=fair, pairs=plan.pairs)
    assert len(plan.pairs) == 1000 and len(queries) <= 10 + len(plan.pairs) // 200

    booths = {b.pk: b for b in Booth.objects.filter(fair=fair)}
    exhibitors = {e.cooperative_id: e for e in fair.exhibitors.all()}
    held: dict[int, list[Booth]] = {}
    for booth_id, cooperative_id in BoothAssignment.objects.filter(booth__fair=fair).values_list(
        "booth_id", "cooperative_id"
    ):
        held.setdefault(cooperative_id, []).append(booths[booth_id])
    # 1000 booths wanted of 2000: everyone is seated, each as it needs.
    assert plan.unseated == () and len(held) == 400
    for cooperative_id, given in held.items():
        exhibitor = exhibitors[cooperative_id]
        assert len(given) == exhibitor.booths_wanted
        assert len({booth.zone for booth in given}) == 1
        if exhibitor.needs_power:
            assert all(booth.has_power for booth in given)
        if exhibitor.needs_refrigeration:
            assert any(booth.has_refrigeration for booth in given)
        # Adjacent: a run of neighbours in one row.
        columns = sorted(booth.x for booth in given)
        assert columns == list(range(columns[0], columns[0] + len(given)))


def test_apply_tells_the_cached_pages_of_the_new_booths(fair):
    before = page_versions.versions([page_versions.FAIR])
    plan = auto_assign_plan(fair)

    auto_assign_apply(fair=fair, pairs=plan.pairs)

    assert page_versions.versions([page_versions.FAIR]) != before


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


# Booth needs: several booths, power, refrigeration


def needy(pk, name, booths=1, *, power=False, fridge=False, province="Nghệ An"):
    return Candidate(
        pk,
        name,
        vietnamese_sort_key(name),
        (province,),
        booths=booths,
        needs_power=power,
        needs_refrigeration=fridge,
    )


def booth(pk, code, x, y=0, *, power=True, fridge=False, zone="Khu Nghệ An"):
    return FreeBooth(pk, code, zone, x, y, 1, 1, power, fridge)


def seated(plan):
    found: dict[str, list[str]] = {}
    for seat in plan.seats:
        found.setdefault(seat.cooperative, []).append(seat.booth)
    return found


def test_booths_touch_side_by_side_or_one_above_the_other_never_by_a_corner():
    a1 = booth(1, "A1", 0, 0)
    assert a1.touches(booth(2, "A2", 1, 0))
    assert a1.touches(booth(3, "B1", 0, 1))
    assert not a1.touches(booth(4, "B2", 1, 1))
    assert not a1.touches(booth(5, "A3", 2, 0))


def test_several_booths_are_adjacent_where_the_zone_has_a_free_run():
    # A3 is held: A1-A2 is a run of two, A4-A6 a run of three, B1 stands alone.
    free = [booth(1, "A1", 0), booth(2, "A2", 1), booth(4, "A4", 3), booth(5, "A5", 4)]
    free += [booth(6, "A6", 5), booth(7, "B1", 0, 2)]
    candidates = [needy(1, "HTX An", 3), needy(2, "HTX Bắc"), needy(3, "HTX Cầu", 2)]

    plan = plan_assignments(candidates=candidates, free_booths=free, zones={"Khu Nghệ An"})

    assert seated(plan) == {
        "HTX An": ["A4", "A5", "A6"],
        "HTX Bắc": ["A1"],
        # No two touching booths are left: the first free ones of the zone.
        "HTX Cầu": ["A2", "B1"],
    }
    assert plan.pairs.count((5, 1)) == 1 and len(plan.pairs) == 6


def test_power_and_refrigeration_needs_are_honoured():
    free = [
        booth(1, "A1", 0),
        booth(2, "A2", 1, power=False),
        booth(3, "A3", 2, fridge=True),
        booth(4, "A4", 3),
    ]
    candidates = [
        needy(1, "HTX An"),
        needy(2, "HTX Bình", fridge=True),
        needy(3, "HTX Cường", power=True),
        needy(4, "HTX Dũng"),
    ]

    plan = plan_assignments(candidates=candidates, free_booths=free, zones={"Khu Nghệ An"})

    assert seated(plan) == {
        "HTX An": ["A1"],
        "HTX Bình": ["A3"],
        "HTX Cường": ["A4"],
        "HTX Dũng": ["A2"],
    }


def test_an_exhibitor_without_needs_leaves_the_scarce_fridge_booth_to_who_needs_it():
    free = [booth(1, "A1", 0, fridge=True), booth(2, "A2", 5, power=False)]
    candidates = [needy(1, "HTX An"), needy(2, "HTX Bình", fridge=True)]

    plan = plan_assignments(candidates=candidates, free_booths=free, zones={"Khu Nghệ An"})

    assert seated(plan) == {"HTX An": ["A2"], "HTX Bình": ["A1"]}


def test_unmet_needs_and_too_few_booths_are_explained():
    free = [booth(1, "A1", 0), booth(2, "A2", 1)]
    candidates = [
        needy(1, "HTX An", fridge=True),
        needy(2, "HTX Bình", 3),
        needy(3, "HTX Cường", 2, power=True),
    ]

    plan = plan_assignments(candidates=candidates, free_booths=free, zones={"Khu Nghệ An"})

    assert seated(plan) == {"HTX Cường": ["A1", "A2"]}
    assert {u.cooperative: u.reason for u in plan.unseated} == {
        "HTX An": "Không còn gian trống nào trong khu có điện hoặc tủ lạnh như đơn vị cần.",
        "HTX Bình": "Khu còn ít gian trống hơn số gian đơn vị cần.",
    }


def test_plan_reads_booth_needs_and_booth_equipment_from_the_database():
    fair = FairFactory(year=2026)
    nghe_an = ProvinceFactory(name="Nghệ An")
    booths_create_row(
        fair=fair, prefix="A", first=1, last=4, zone="Khu Nghệ An", width=1, height=1, y=0
    )
    fair.booths.filter(code="A4").update(has_refrigeration=True)
    FairExhibitorFactory(
        fair=fair,
        cooperative__name="HTX Hải sản Cửa Lò",
        cooperative__province=nghe_an,
        booths_wanted=2,
        needs_refrigeration=True,
    )
    FairExhibitorFactory(
        fair=fair, cooperative__name="HTX Chè Thanh Chương", cooperative__province=nghe_an
    )

    plan = auto_assign_plan(fair)

    assert seated(plan) == {"HTX Chè Thanh Chương": ["A1"], "HTX Hải sản Cửa Lò": ["A3", "A4"]}
    auto_assign_apply(fair=fair, pairs=plan.pairs)
    assert assignments(fair) == [
        ("A1", "HTX Chè Thanh Chương"),
        ("A3", "HTX Hải sản Cửa Lò"),
        ("A4", "HTX Hải sản Cửa Lò"),
    ]
