"""Copying the previous fair's booth layout to a new fair: a preview, then one transaction."""

import pytest
from django.core.exceptions import ValidationError

from cooperatives.booth_services import layout_copy, layout_copy_plan, previous_fair
from cooperatives.models import Booth, BoothAssignment, Fair, FloorSpace
from cooperatives.services import booths_create_row
from tests.admin_pages import admin_url, messages_of
from tests.factories import BoothAssignmentFactory, BoothFactory, FairFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fairs():
    old = FairFactory(year=2022)
    booths_create_row(fair=old, prefix="A", first=1, last=12, zone="Khu Nghệ An", x=0, y=0)
    booths_create_row(fair=old, prefix="B", first=1, last=5, zone="Khu Hà Tĩnh", x=0, y=3)
    BoothAssignmentFactory(booth=old.booths.get(code="A1"))
    return old, FairFactory(year=2026)


def layout(fair):
    return sorted(fair.booths.values_list("code", "zone", "x", "y", "width", "height"))


def test_previous_fair_is_the_latest_earlier_fair_with_booths(fairs):
    old, new = fairs
    FairFactory(year=2024)  # no booths
    assert previous_fair(new) == old
    assert previous_fair(old) is None


def test_plan_then_copy_creates_the_same_booths_without_assignments(fairs):
    old, new = fairs
    plan = layout_copy_plan(source=old, target=new)
    assert (len(plan.booths), plan.code_conflicts, plan.overlaps, plan.can_copy) == (
        17,
        [],
        [],
        True,
    )
    assert Booth.objects.filter(fair=new).count() == 0  # the plan writes nothing

    layout_copy(source=old, target=new)

    assert layout(new) == layout(old)
    assert not BoothAssignment.objects.filter(booth__fair=new).exists()
    assert BoothAssignment.objects.filter(booth__fair=old).count() == 1


def test_code_conflicts_and_overlaps_are_previewed_and_nothing_is_copied(fairs):
    old, new = fairs
    BoothFactory(fair=new, code="A3", x=40, y=40)
    BoothFactory(fair=new, code="Sân khấu", x=1, y=3, width=2, height=1)  # over B1 and B2

    plan = layout_copy_plan(source=old, target=new)

    assert plan.code_conflicts == ["A3"] and not plan.can_copy
    assert sorted(new_booth.code for new_booth, _old in plan.overlaps) == ["B1", "B2"]
    with pytest.raises(ValidationError):
        layout_copy(source=old, target=new)
    assert new.booths.count() == 2


def test_admin_copy_page_previews_then_copies(organiser_client, fairs):
    old, new = fairs
    url = admin_url(Fair, "layout_copy", new.pk)

    page = organiser_client.get(url)
    preview = organiser_client.post(url, {"source": old.pk, "preview": "1"})
    done = organiser_client.post(url, {"source": old.pk, "apply": "1"}, follow=True)

    assert page.context["form"].initial["source"] == old.pk
    body = preview.content.decode()
    assert "Sẽ tạo 17 gian hàng theo" in body and 'name="apply"' in body
    assert new.booths.count() == 17
    assert messages_of(done) == [f"Đã sao chép 17 gian hàng từ {old.name}."]


def test_admin_copy_page_shows_conflicts_and_offers_no_copy(organiser_client, fairs):
    old, new = fairs
    BoothFactory(fair=new, code="B2", x=90, y=90)
    url = admin_url(Fair, "layout_copy", new.pk)

    preview = organiser_client.post(url, {"source": old.pk, "preview": "1"})
    forced = organiser_client.post(url, {"source": old.pk, "apply": "1"})

    body = preview.content.decode()
    assert "Các mã gian hàng này đã có ở hội chợ này: B2" in body
    assert 'name="apply"' not in body
    assert forced.status_code == 200 and forced.context["form"].non_field_errors()
    assert new.booths.count() == 1


def test_fair_page_has_the_row_and_copy_buttons(organiser_client, fairs):
    _old, new = fairs
    body = organiser_client.get(admin_url(Fair, "change", new.pk)).content.decode()
    assert admin_url(Fair, "booth_row", new.pk) in body
    assert admin_url(Fair, "layout_copy", new.pk) in body
    assert "Sao chép sơ đồ gian hàng của hội chợ khác" in body


def test_copy_page_of_an_unknown_fair_is_404(organiser_client):
    assert organiser_client.get(admin_url(Fair, "layout_copy", "999999")).status_code == 404


def spaces_of(fair):
    return sorted(fair.floor_spaces.values_list("kind", "label", "x", "y", "width", "height"))


def test_the_copy_brings_the_floor_spaces_to_a_fair_without_its_own(fairs):
    old, new = fairs
    FloorSpace.objects.create(fair=old, kind="entrance", label="Cổng chính", x=0, y=10, width=4)
    FloorSpace.objects.create(fair=old, kind="stage", x=30, y=0, width=4, height=3)

    plan = layout_copy_plan(source=old, target=new)
    assert [space.kind for space in plan.spaces] == ["stage", "entrance"] and plan.can_copy
    layout_copy(source=old, target=new)

    assert spaces_of(new) == spaces_of(old)


def test_a_fair_with_its_own_spaces_keeps_them_and_refuses_booths_over_them(fairs):
    old, new = fairs
    FloorSpace.objects.create(fair=old, kind="entrance", x=0, y=10, width=4)
    FloorSpace.objects.create(fair=new, kind="stage", label="Sân khấu", x=1, y=3, width=2)

    plan = layout_copy_plan(source=old, target=new)

    assert plan.spaces == [] and not plan.can_copy
    assert sorted(booth.code for booth, _space in plan.space_overlaps) == ["B1", "B2"]
    with pytest.raises(ValidationError):
        layout_copy(source=old, target=new)
    assert spaces_of(new) == [("stage", "Sân khấu", 1, 3, 2, 1)] and not new.booths.exists()


def test_copied_spaces_over_the_targets_own_booths_are_refused(organiser_client, fairs):
    old, new = fairs
    FloorSpace.objects.create(fair=old, kind="stage", x=30, y=0, width=4, height=3)
    BoothFactory(fair=new, code="Z1", x=31, y=1)

    response = organiser_client.post(
        admin_url(new, "layout_copy", new.pk), {"source": old.pk, "preview": "1"}
    )

    text = " ".join(response.content.decode().split())
    assert "Các gian hàng và khu vực chức năng này sẽ chồng lấn nhau: Z1 / Sân khấu" in text
    assert 'name="apply"' not in text
