"""The cooperatives and fairs admin: exhibitors on the floor plan, search, memberships."""

import pytest
from django.urls import reverse

from cooperatives.models import Cooperative
from tests.admin_pages import admin_url
from tests.factories import (
    CooperativeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


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
