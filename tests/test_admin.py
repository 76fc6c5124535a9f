"""The admin site as a whole: every model reachable by organisers, in constant queries."""

import csv
import datetime
import io

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from catalog.models import Certification, PackOption, Product, ProductGroup, ProductImage
from catalog.services import product_refresh_ocop
from cooperatives.models import (
    Booth,
    BoothAssignment,
    Cooperative,
    Fair,
    Membership,
    Province,
    ShopLink,
)
from ocop_fair.admin_csv import export_as_csv
from tests.admin_pages import admin_url, get_counting_queries, post_action
from tests.factories import (
    BoothAssignmentFactory,
    BoothFactory,
    CertificationFactory,
    CooperativeFactory,
    MembershipFactory,
    PackOptionFactory,
    ProductFactory,
    ProductGroupFactory,
    ProductImageFactory,
    ProvinceFactory,
    ShopLinkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def make_province():
    province = ProvinceFactory()
    CooperativeFactory(province=province)
    return province


def make_cooperative():
    membership = MembershipFactory()
    ShopLinkFactory(cooperative=membership.cooperative)
    ProductFactory(cooperative=membership.cooperative)
    return membership.cooperative


def make_fair():
    fair = BoothAssignmentFactory().booth.fair
    BoothFactory(fair=fair)
    return fair


def make_product_group():
    group = ProductGroupFactory(parent=ProductGroupFactory())
    ProductFactory(group=group)
    return group


def make_product():
    product = ProductFactory(group=ProductGroupFactory(parent=ProductGroupFactory()))
    CertificationFactory(product=product)
    PackOptionFactory(product=product)
    ProductImageFactory(product=product)
    product_refresh_ocop(product=product)
    return product


# One row of each model, with the related rows its pages show.
BUILDERS = {
    Province: make_province,
    Cooperative: make_cooperative,
    ShopLink: ShopLinkFactory,
    Membership: MembershipFactory,
    Fair: make_fair,
    Booth: lambda: BoothAssignmentFactory().booth,
    BoothAssignment: BoothAssignmentFactory,
    ProductGroup: make_product_group,
    Product: make_product,
    Certification: CertificationFactory,
    PackOption: PackOptionFactory,
    ProductImage: ProductImageFactory,
}
MODELS = pytest.mark.parametrize("model", BUILDERS, ids=lambda model: model.__name__)


@MODELS
def test_changelist_query_count_does_not_grow_with_rows(organiser_client, model):
    url = admin_url(model, "changelist")
    BUILDERS[model]()
    organiser_client.get(url)  # warm the per-process caches (content types…)
    _response, with_one = get_counting_queries(organiser_client, url)
    for _ in range(19):
        BUILDERS[model]()

    response, with_many = get_counting_queries(organiser_client, url)

    rows = model._default_manager.count()
    assert rows >= 20
    assert response.context["cl"].result_count == rows
    assert response.content.decode().count('name="_selected_action"') == rows
    assert len(with_many) == len(with_one), "\n".join(with_many)


@MODELS
def test_add_form_renders(organiser_client, model):
    response = organiser_client.get(admin_url(model, "add"))

    assert response.status_code == 200
    assert response.context["adminform"].form.instance.pk is None


@MODELS
def test_change_form_renders(organiser_client, model):
    obj = BUILDERS[model]()

    response = organiser_client.get(admin_url(model, "change", obj.pk))

    assert response.status_code == 200
    assert escape(str(obj)) in response.content.decode()


def add_product_rows(product):
    CertificationFactory(product=product, stars=3, decision_date=datetime.date(2021, 5, 1))
    PackOptionFactory(product=product)
    ProductImageFactory(product=product)


# Parent pages whose inlines may grow long, and how to add one more row to each inline.
INLINE_ROWS = {
    Product: add_product_rows,
    Fair: lambda fair: BoothAssignmentFactory(booth=BoothFactory(fair=fair)),
    Cooperative: lambda cooperative: ShopLinkFactory(cooperative=cooperative),
}


@pytest.mark.parametrize("model", INLINE_ROWS, ids=lambda model: model.__name__)
def test_change_form_query_count_does_not_grow_with_inline_rows(organiser_client, model):
    obj = BUILDERS[model]()
    url = admin_url(model, "change", obj.pk)
    organiser_client.get(url)
    _response, with_few = get_counting_queries(organiser_client, url)
    for _ in range(10):
        INLINE_ROWS[model](obj)

    _response, with_many = get_counting_queries(organiser_client, url)

    assert len(with_many) == len(with_few), "\n".join(with_many)


@pytest.mark.parametrize(
    ("model", "header", "name_of"),
    [
        (
            Product,
            [
                "Name",
                "Cooperative",
                "Province",
                "Group code",
                "Product group",
                "Status",
                "OCOP stars",
                "OCOP valid at least until",
                "OCOP valid at most until",
                "Featured",
                "Summary",
                "Source",
            ],
            lambda product: product.name,
        ),
        (
            Cooperative,
            [
                "Name",
                "Kind",
                "Province",
                "District",
                "Commune / ward",
                "Street address",
                "Phone",
                "Email",
                "Website",
                "Active",
                "Verified",
            ],
            lambda cooperative: cooperative.name,
        ),
    ],
    ids=["product", "cooperative"],
)
def test_csv_export_is_excel_ready_utf8_in_constant_queries(
    organiser_client, model, header, name_of
):
    build = BUILDERS[model]
    one = [build()]
    many = [build() for _ in range(20)]
    with CaptureQueriesContext(connection) as for_one:
        post_action(organiser_client, model, "export_as_csv", one)

    with CaptureQueriesContext(connection) as for_many:
        response = post_action(organiser_client, model, "export_as_csv", many)

    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{model._meta.model_name}-{today}.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == header
    assert sorted(row[0] for row in rows[1:]) == sorted(name_of(obj) for obj in many)
    assert len(for_many) == len(for_one)


@pytest.mark.parametrize(
    "model",
    [model for model in BUILDERS if export_as_csv in admin.site.get_model_admin(model).actions],
    ids=lambda model: model.__name__,
)
def test_csv_export_has_a_header_and_one_row_per_selected_object(organiser_client, model):
    model_admin = admin.site.get_model_admin(model)
    selected = [BUILDERS[model]() for _ in range(3)]

    response = post_action(organiser_client, model, "export_as_csv", selected)

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[0]) == len(model_admin.csv_fields)
    assert len(rows) == 1 + len(selected)


def test_csv_export_shows_labels_not_codes(organiser_client):
    product = make_product()

    response = post_action(organiser_client, Product, "export_as_csv", [product])

    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["Name"] == product.name
    assert row["Cooperative"] == product.cooperative.name
    assert row["Province"] == product.cooperative.province.name
    assert row["Status"] == "Published"
    assert row["OCOP stars"] == "4"
    # A day-precise decision: both ends of its validity are the same day.
    assert row["OCOP valid at least until"] == row["OCOP valid at most until"] == "2027-10-15"
    assert row["Featured"] == "no"


def test_csv_export_neutralises_spreadsheet_formulas(organiser_client):
    product = ProductFactory(summary='=HYPERLINK("http://evil.example")')

    response = post_action(organiser_client, Product, "export_as_csv", [product])

    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["Summary"] == '\'=HYPERLINK("http://evil.example")'


def test_admin_index_is_branded_and_offers_organisers_every_model(organiser_client):
    with translation.override("en"):
        url = reverse("admin:index")

    response = organiser_client.get(url)

    content = response.content.decode()
    assert "OCOP Fair administration" in content
    assert all(admin_url(model, "changelist", language="en") in content for model in BUILDERS)


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    url = admin_url(Product, "changelist")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def test_non_staff_user_cannot_reach_the_admin(client):
    client.force_login(UserFactory())
    url = admin_url(Product, "changelist")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def test_staff_user_outside_the_organisers_group_is_forbidden(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(admin_url(Product, "changelist"))

    assert response.status_code == 403
