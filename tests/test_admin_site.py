"""ocop_fair/admin_site.py: odd ids and options in admin URLs are a 404 or a redirect, not a 500."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from catalog.models import Product, ProductGroup
from cooperatives.models import Cooperative
from ocop_fair.admin_mixins import OddIdsMixin
from tests.admin_pages import admin_url
from tests.factories import ProductFactory, ProductGroupFactory

pytestmark = pytest.mark.django_db


def test_every_registered_admin_is_hardened():
    assert all(
        isinstance(model_admin, OddIdsMixin) for model_admin in admin.site._registry.values()
    )
    assert get_user_model() in admin.site._registry


@pytest.mark.parametrize("odd", ["²", "①", "abc", "7" * 10_240])
def test_history_views_answer_404_to_ids_of_the_wrong_type(organiser_client, odd):
    product = ProductFactory()
    version = product.history.get().pk
    simple_history = reverse("admin:catalog_product_simple_history", args=[odd, version])
    past_version = reverse("admin:catalog_product_simple_history", args=[product.pk, odd])

    assert organiser_client.get(admin_url(Product, "history", odd)).status_code == 404
    assert organiser_client.get(simple_history).status_code == 404
    assert organiser_client.get(past_version).status_code == 404
    # The real ones still show.
    assert organiser_client.get(admin_url(Product, "history", product.pk)).status_code == 200


def test_empty_to_field_means_the_primary_key(organiser_client):
    product = ProductFactory(name="Mật ong bạc hà")
    response = organiser_client.get(admin_url(Product, "change", product.pk) + "?_to_field=")
    assert response.status_code == 200
    assert response.context["original"] == product


@pytest.mark.parametrize("model", [Product, Cooperative])
def test_export_with_an_unknown_filter_goes_back_to_the_list(organiser_client, model):
    response = organiser_client.get(admin_url(model, "export") + "?no_such_field=1")
    assert response.status_code == 302
    assert response["Location"] == admin_url(model, "changelist") + "?e=1"


@pytest.mark.parametrize("odd", ["²", "①", "abc", ""])
def test_top_level_group_filter_ignores_an_edited_id(organiser_client, odd):
    ProductGroupFactory(name="Thực phẩm")
    response = organiser_client.get(admin_url(ProductGroup, "changelist"), {"top_group": odd})
    assert response.status_code == 200
    assert [group.name for group in response.context["cl"].result_list] == ["Thực phẩm"]
