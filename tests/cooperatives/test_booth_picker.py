"""The assignment admin's booth picker: one fair's booths, free first, taken ones marked."""

import pytest
from django.contrib.auth import get_user_model

from cooperatives.models import Booth, BoothAssignment
from tests.admin_pages import admin_url, get_counting_queries
from tests.factories import BoothAssignmentFactory, BoothFactory, CooperativeFactory, FairFactory

pytestmark = pytest.mark.django_db


def booth_field(response):
    return response.context["adminform"].form.fields["booth"]


def grouped_labels(field) -> dict[str, list[str]]:
    return {group: [label for _pk, label in options] for group, options in field.choices[1:]}


def test_add_page_offers_only_the_fairs_booths_free_first_taken_marked(organiser_client):
    fair, other = FairFactory(year=2026), FairFactory(year=2022)
    BoothFactory(fair=fair, code="A10", zone="Khu Nghệ An")
    BoothFactory(fair=fair, code="A2", zone="")
    BoothAssignmentFactory(booth__fair=fair, booth__code="A3", cooperative__name="HTX Sen quê Bác")
    BoothFactory(fair=other, code="A1")

    response = organiser_client.get(admin_url(BoothAssignment, "add") + f"?fair={fair.pk}")

    assert grouped_labels(booth_field(response)) == {
        "Gian hàng còn trống (2)": ["A2", "A10 · Khu Nghệ An"],
        "Gian hàng đã có chủ (1)": ["A3 — đã có HTX Sen quê Bác"],
    }
    assert "A3 — đã có HTX Sen quê Bác" in response.content.decode()


def test_picker_follows_the_fair_the_list_was_filtered_by(organiser_client):
    fair, other = FairFactory(), FairFactory(is_current=True)
    BoothFactory(fair=fair, code="F1", zone="")
    BoothFactory(fair=other, code="C1", zone="")
    url = admin_url(BoothAssignment, "add")

    filtered = organiser_client.get(
        url + f"?_changelist_filters=booth__fair__id__exact%3D{fair.pk}"
    )
    unfiltered = organiser_client.get(url)

    assert grouped_labels(booth_field(filtered)) == {"Gian hàng còn trống (1)": ["F1"]}
    assert grouped_labels(booth_field(unfiltered)) == {"Gian hàng còn trống (1)": ["C1"]}


def test_change_page_offers_the_assignments_fair_and_refuses_another_fairs_booth(
    organiser_client,
):
    assignment = BoothAssignmentFactory(booth__code="A1")
    BoothFactory(fair=FairFactory(is_current=True), code="X1")
    elsewhere = BoothFactory(fair=FairFactory(), code="A2")
    url = admin_url(BoothAssignment, "change", assignment.pk)

    page = organiser_client.get(url)
    refused = organiser_client.post(
        url, {"booth": elsewhere.pk, "cooperative": assignment.cooperative.pk, "note": ""}
    )

    assert [pk for _g, options in booth_field(page).choices[1:] for pk, _l in options] == [
        assignment.booth.pk
    ]
    assert refused.status_code == 200
    assert "booth" in refused.context["adminform"].form.errors
    assert BoothAssignment.objects.get(pk=assignment.pk).booth == assignment.booth


def booths_for(fair, count):
    Booth.objects.bulk_create(
        Booth(fair=fair, code=f"B{n}", zone="Khu B", x=n % 100 * 2, y=n // 100 * 2)
        for n in range(count)
    )


def test_picker_queries_do_not_grow_with_2000_booths(organiser_client):
    small, large = FairFactory(), FairFactory()
    booths_for(small, 1)
    booths_for(large, 2000)
    cooperatives = CooperativeFactory.create_batch(3)
    BoothAssignment.objects.bulk_create(
        BoothAssignment(booth=booth, cooperative=cooperatives[n % 3])
        for n, booth in enumerate(large.booths.all()[:300])
    )
    url = admin_url(BoothAssignment, "add")

    _page, few = get_counting_queries(organiser_client, url + f"?fair={small.pk}")
    page, many = get_counting_queries(organiser_client, url + f"?fair={large.pk}")

    assert len(few) == len(many) <= 12
    assert len(booth_field(page).choices[1][1]) == 1700
    assert len(booth_field(page).choices[2][1]) == 300


def test_a_user_without_permission_cannot_see_the_picker(client):
    user = get_user_model().objects.create_user("khach", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(admin_url(BoothAssignment, "add")).status_code == 403
