"""The cooperatives and fairs admin: exhibitors on the floor plan, search, memberships."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from cooperatives.models import Cooperative, Fair
from tests.admin_pages import admin_url
from tests.factories import (
    BoothAssignmentFactory,
    BoothFactory,
    CooperativeFactory,
    FairFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_fair_change_form_shows_each_booths_exhibitor(organiser_client):
    fair = FairFactory()
    assignments = [BoothAssignmentFactory(booth=BoothFactory(fair=fair)) for _ in range(3)]

    response = organiser_client.get(admin_url(Fair, "change", fair.pk))

    content = response.content.decode()
    assert all(escape(a.cooperative.name) in content for a in assignments)


def test_organiser_can_pick_a_user_for_a_membership(organiser_client):
    UserFactory(username="nguyen.van.an")
    UserFactory(username="tran.thi.binh")

    response = organiser_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "cooperatives",
            "model_name": "membership",
            "field_name": "user",
            "term": "nguyen",
        },
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["nguyen.van.an"]


def test_cooperative_search_ignores_diacritics(organiser_client):
    CooperativeFactory(name="HTX Nông nghiệp Đồng Tâm")
    CooperativeFactory(name="HTX Dược liệu Pù Mát")

    response = organiser_client.get(admin_url(Cooperative, "changelist"), {"q": "dong tam"})

    assert [c.name for c in response.context["cl"].result_list] == ["HTX Nông nghiệp Đồng Tâm"]
