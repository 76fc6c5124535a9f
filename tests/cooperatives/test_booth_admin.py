import threading

import pytest
from django.db import connection, connections
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse

from cooperatives.models import Booth, BoothAssignment
from tests.admin_pages import post_action
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


def booth_form_data(the_booth, **inline):
    """The booth's change form with its assignment inline (prefix "assignments")."""
    data = {
        "fair": the_booth.fair_id,
        "code": the_booth.code,
        "zone": the_booth.zone,
        "x": the_booth.x,
        "y": the_booth.y,
        "width": the_booth.width,
        "height": the_booth.height,
        "assignments-TOTAL_FORMS": "1",
        "assignments-INITIAL_FORMS": "0",
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1",
    }
    data.update({f"assignments-0-{key}": value for key, value in inline.items()})
    return data


def test_booth_inline_assigns_through_the_service(organiser_client):
    booth = BoothFactory(code="E1")
    cooperative = CooperativeFactory()

    response = organiser_client.post(
        reverse("admin:cooperatives_booth_change", args=[booth.pk]),
        booth_form_data(booth, cooperative=cooperative.pk, note="Góc trái"),
    )

    assert response.status_code == 302
    assignment = BoothAssignment.objects.get(booth=booth)
    assert (assignment.cooperative, assignment.note) == (cooperative, "Góc trái")


def test_booth_taken_while_the_form_was_saving_is_a_form_error_and_nothing_is_saved(
    organiser_client,
):
    """Another organiser assigns the booth between the form's checks and its save."""
    booth = BoothFactory(code="E2", zone="Khu E")
    rival = CooperativeFactory(name="HTX Nhanh Tay")

    def rival_assigns(sender, instance, **kwargs):
        BoothAssignment.objects.create(booth=instance, cooperative=rival)

    post_save.connect(rival_assigns, sender=Booth)
    try:
        response = organiser_client.post(
            reverse("admin:cooperatives_booth_change", args=[booth.pk]),
            {
                **booth_form_data(booth, cooperative=CooperativeFactory().pk),
                "zone": "Khu mới",
            },
        )
    finally:
        post_save.disconnect(rival_assigns, sender=Booth)

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "E2" in errors and "HTX Nhanh Tay" in errors
    # The whole save was rolled back: the booth's own change and the rival's test assignment.
    booth.refresh_from_db()
    assert booth.zone == "Khu E"
    assert not BoothAssignment.objects.exists()


def test_booth_inline_delete_vacates_the_booth(organiser_client):
    assignment = BoothAssignmentFactory()
    booth = assignment.booth
    data = booth_form_data(
        booth,
        id=assignment.pk,
        booth=booth.pk,
        cooperative=assignment.cooperative_id,
        note="",
        DELETE="on",
    )
    data["assignments-INITIAL_FORMS"] = "1"

    response = organiser_client.post(
        reverse("admin:cooperatives_booth_change", args=[booth.pk]), data
    )

    assert response.status_code == 302
    assert not BoothAssignment.objects.exists()


def test_assignment_page_changes_the_cooperative_and_deletes_through_services(organiser_client):
    assignment = BoothAssignmentFactory()
    other = CooperativeFactory()
    url = reverse("admin:cooperatives_boothassignment_change", args=[assignment.pk])

    changed = organiser_client.post(
        url, {"booth": assignment.booth_id, "cooperative": other.pk, "note": "Đổi"}
    )
    deleted = post_action(
        organiser_client, BoothAssignment, "delete_selected", [assignment], post="yes"
    )

    assert changed.status_code == 302 and deleted.status_code == 200
    assert not BoothAssignment.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_twenty_organisers_assigning_one_booth_in_the_admin_yield_exactly_one_assignment(
    organiser,
):
    booth = BoothFactory()
    cooperatives = [CooperativeFactory() for _ in range(20)]
    url = reverse("admin:cooperatives_boothassignment_add")
    start = threading.Barrier(len(cooperatives))
    outcomes: list[int] = []

    def assign(cooperative):
        client = Client()
        client.force_login(organiser)
        try:
            start.wait()
            response = client.post(url, {"booth": booth.pk, "cooperative": cooperative.pk})
            outcomes.append(response.status_code)
            if response.status_code == 200:
                assert response.context["adminform"].form.errors
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=assign, args=(c,)) for c in cooperatives]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The winner is redirected; the others see the form again with "already assigned".
    assert sorted(outcomes) == [200] * 19 + [302]
    assert BoothAssignment.objects.filter(booth=booth).count() == 1


def test_booth_list_equips_the_selected_booths_in_one_step(organiser_client):
    fair = FairFactory()
    row = [BoothFactory(fair=fair, code=f"C{number}", has_refrigeration=False) for number in (1, 2)]
    already = BoothFactory(fair=fair, code="C3", has_refrigeration=True)
    other = BoothFactory(fair=fair, code="C4", has_refrigeration=False)

    page = post_action(organiser_client, Booth, "equip_with_refrigeration", [*row, already])

    assert page.status_code == 200
    assert "2 booths changed." in page.content.decode()  # C3 already had one
    fridges = set(Booth.objects.filter(has_refrigeration=True).values_list("code", flat=True))
    assert fridges == {"C1", "C2", "C3"}
    other.refresh_from_db()
    assert not other.has_refrigeration

    post_action(organiser_client, Booth, "remove_power", [other])
    assert list(Booth.objects.filter(has_power=False)) == [other]


def test_a_user_who_may_only_view_booths_cannot_equip_them(client):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_booth"))
    client.force_login(viewer)
    booth = BoothFactory(has_refrigeration=False)

    post_action(client, Booth, "equip_with_refrigeration", [booth])

    booth.refresh_from_db()
    assert not booth.has_refrigeration
