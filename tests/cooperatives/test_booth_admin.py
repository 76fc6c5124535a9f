import pytest
from django.urls import reverse

from cooperatives.models import Booth, BoothAssignment
from tests.factories import BoothAssignmentFactory, BoothFactory, CooperativeFactory, FairFactory

pytestmark = pytest.mark.django_db

ROW = {
    "prefix": "a",
    "first": "1",
    "last": "20",
    "zone": "Khu Nghệ An",
    "x": "0",
    "y": "2",
    "width": "2",
    "height": "2",
}


def run_row_action(client, fair, **data):
    return client.post(
        reverse("admin:cooperatives_fair_changelist"),
        {"action": "create_booth_row", "_selected_action": [fair.pk], **data},
        follow=True,
    )


def test_row_action_asks_then_creates_the_booths(organiser_client):
    fair = FairFactory()
    form_page = run_row_action(organiser_client, fair)
    assert form_page.status_code == 200 and 'name="prefix"' in form_page.content.decode()
    done = run_row_action(organiser_client, fair, apply="1", **ROW)
    assert done.status_code == 200
    assert sorted(Booth.objects.filter(fair=fair).values_list("code", flat=True)) == sorted(
        f"A{n}" for n in range(1, 21)
    )
    assert [m.level_tag for m in done.context["messages"]] == ["success"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"last": "0"}, "last"),
        ({"prefix": "1!"}, "prefix"),
        ({"first": "1", "last": "500"}, "last"),
    ],
)
def test_row_action_refuses_bad_input_and_creates_nothing(organiser_client, changes, field):
    fair = FairFactory()
    response = run_row_action(organiser_client, fair, apply="1", **{**ROW, **changes})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Booth.objects.filter(fair=fair).exists()


def test_row_action_reports_existing_codes(organiser_client):
    fair = FairFactory()
    BoothFactory(fair=fair, code="A7")
    response = run_row_action(organiser_client, fair, apply="1", **ROW)
    assert "A7" in " ".join(response.context["form"].non_field_errors())
    assert Booth.objects.filter(fair=fair).count() == 1


def test_second_assignment_of_a_booth_is_a_form_error_not_a_500(organiser_client):
    taken = BoothAssignmentFactory(booth__code="C3")
    response = organiser_client.post(
        reverse("admin:cooperatives_boothassignment_add"),
        {"booth": taken.booth.pk, "cooperative": CooperativeFactory().pk, "note": ""},
    )
    assert response.status_code == 200
    assert "C3" in str(response.context["adminform"].form.errors["booth"])
    assert BoothAssignment.objects.count() == 1


def test_moving_a_cooperative_is_changing_the_booth_of_its_assignment(organiser_client):
    assignment = BoothAssignmentFactory()
    free = BoothFactory(fair=assignment.booth.fair)
    taken = BoothAssignmentFactory(booth__fair=assignment.booth.fair).booth
    url = reverse("admin:cooperatives_boothassignment_change", args=[assignment.pk])
    data = {"cooperative": assignment.cooperative.pk, "note": ""}
    refused = organiser_client.post(url, {**data, "booth": taken.pk})
    assert refused.status_code == 200 and "booth" in refused.context["adminform"].form.errors
    moved = organiser_client.post(url, {**data, "booth": free.pk})
    assert moved.status_code == 302
    assert BoothAssignment.objects.get(pk=assignment.pk).booth == free


def test_free_booths_and_cooperatives_without_a_booth_are_one_click_away(organiser_client):
    fair = FairFactory(is_current=True)
    assigned = BoothAssignmentFactory(booth__fair=fair, booth__code="D1")
    BoothFactory(fair=fair, code="D2")
    lonely = CooperativeFactory(name="HTX Chưa Có Gian")
    booths = organiser_client.get(
        reverse("admin:cooperatives_booth_changelist"), {"occupancy": "free"}
    )
    assert [b.code for b in booths.context["cl"].result_list] == ["D2"]
    cooperatives = organiser_client.get(
        reverse("admin:cooperatives_cooperative_changelist"), {"current_booth": "no"}
    )
    names = [c.name for c in cooperatives.context["cl"].result_list]
    assert lonely.name in names and assigned.cooperative.name not in names
