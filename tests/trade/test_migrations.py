"""Enquiries moved from the cooperatives app to trade without touching a row (trade 0001).

A database made by the code before the move (its enquiries, their products and notifications,
the Organisers' grants on them) migrates forward with everything in place, on SQLite and on
PostgreSQL alike.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tests.conftest import organisers_group
from trade.models import Enquiry

BEFORE_THE_MOVE = [
    ("cooperatives", "0006_province_current_name"),
    ("catalog", "0012_search_document_with_diacritics"),
    ("trade", None),
]


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_enquiries_and_their_grants():
    organisers_group()  # as its migrations made it, had an earlier test's flush emptied it
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state([t for t in BEFORE_THE_MOVE if t[1]]).apps
    Province = old.get_model("cooperatives", "Province")
    Cooperative = old.get_model("cooperatives", "Cooperative")
    ProductGroup = old.get_model("catalog", "ProductGroup")
    Product = old.get_model("catalog", "Product")
    OldEnquiry = old.get_model("cooperatives", "Enquiry")
    OldNotification = old.get_model("cooperatives", "EnquiryNotification")
    OldContentType = old.get_model("contenttypes", "ContentType")

    province = Province.objects.create(name="Quảng Trị", code="45", slug="quang-tri")
    cooperative = Cooperative.objects.create(
        name="HTX Khe Sanh", slug="khe-sanh", province=province
    )
    group = ProductGroup.objects.create(code="I.6", name="Cà phê", slug="ca-phe")
    coffee = Product.objects.create(
        name="Cà phê Khe Sanh", slug="ca-phe", cooperative=cooperative, group=group
    )
    enquiry = OldEnquiry.objects.create(
        reference="ACDE-FGHK",
        cooperative=cooperative,
        buyer_name="Nguyễn Văn An",
        buyer_type="distributor",
        phone="+84912345678",
        message="Cần 500 kg mỗi tháng.",
    )
    enquiry.products.add(coffee)
    OldNotification.objects.create(
        enquiry=enquiry, recipient="htx@example.org", audience="cooperative"
    )
    content_type = OldContentType.objects.get(app_label="cooperatives", model="enquiry")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    moved = Enquiry.objects.get(reference="ACDE-FGHK")
    assert moved.pk == enquiry.pk
    assert list(moved.products.values_list("name", flat=True)) == ["Cà phê Khe Sanh"]
    assert list(moved.notifications.values_list("recipient", flat=True)) == ["htx@example.org"]
    # The same content type row, relabelled: grants and the admin's history follow the model.
    assert ContentType.objects.get_for_model(Enquiry).pk == content_type.pk
    assert not ContentType.objects.filter(app_label="cooperatives", model="enquiry").exists()
    organisers = Group.objects.get(name="Organisers")
    granted = set(
        organisers.permissions.filter(content_type__app_label="trade").values_list(
            "codename", flat=True
        )
    )
    assert {"view_enquiry", "change_enquiry", "view_enquirynotification"} <= granted
    assert (
        Permission.objects.filter(content_type__app_label="cooperatives")
        .exclude(content_type__model__in=["enquiry", "enquirynotification"])
        .exists()
    )


def test_the_old_admin_address_of_an_enquiry_opens_its_new_one(client):
    response = client.get("/admin/cooperatives/enquiry/12/change/?_changelist_filters=status")
    assert response.status_code == 301
    assert response.url == reverse("admin:trade_enquiry_change", args=[12]) + (
        "?_changelist_filters=status"
    )
    listing = client.get("/en/admin/cooperatives/enquirynotification/")
    assert listing.url == "/en/admin/trade/enquirynotification/"
