import csv
import datetime
import io
from collections import Counter

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from catalog.demo.loader import load_demo
from catalog.models import Product, Validity
from cooperatives.models import BoothAssignment, Cooperative, Fair
from tests.factories import EnquiryFactory, UserFactory
from trade.models import Enquiry

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("dashboard:index")


def tables_of(response) -> dict:
    return {table.key: table for table in response.context["tables"]}


@pytest.fixture(scope="module")
def demo_fair_module(django_db_setup, django_db_blocker):
    """Load the demo fair once for the module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        cooperatives = list(Cooperative.objects.order_by("pk")[:3])
        now = timezone.now()
        # Enquiries over three months and three buyer types, as the fair would receive them.
        for index, (cooperative, buyer_type, days_ago) in enumerate(
            [
                (cooperatives[0], Enquiry.BuyerType.DISTRIBUTOR, 0),
                (cooperatives[0], Enquiry.BuyerType.EXPORTER, 35),
                (cooperatives[1], Enquiry.BuyerType.DISTRIBUTOR, 0),
                (cooperatives[2], Enquiry.BuyerType.HORECA, 70),
            ]
        ):
            enquiry = EnquiryFactory(cooperative=cooperative, buyer_type=buyer_type)
            Enquiry.objects.filter(pk=enquiry.pk).update(
                created_at=now - datetime.timedelta(days=days_ago),
                status=[Enquiry.Status.NEW, Enquiry.Status.REPLIED][index % 2],
            )
        yield cooperatives
        transaction.set_rollback(True)


@pytest.fixture
def demo_fair(demo_fair_module, db):
    return demo_fair_module


def test_dashboard_figures_match_the_database_on_the_demo_fair(organiser_client, demo_fair):
    response = organiser_client.get(DASHBOARD)
    assert response.status_code == 200
    tables = tables_of(response)
    published = Product.objects.published().filter(cooperative__is_active=True)

    by_province = Counter(published.values_list("cooperative__province__name", flat=True))
    assert {row[0]: row[1] for row in tables["provinces"].rows if row[1]} == dict(by_province)
    assert sum(row[1] for row in tables["provinces"].rows) == published.count() > 200

    by_top_group = Counter(
        code.split(".")[0] for code in published.values_list("group__code", flat=True)
    )
    group_rows = {row[0]: row[1] for row in tables["groups"].rows}
    assert sum(group_rows.values()) == published.count()
    assert sorted(v for v in group_rows.values() if v) == sorted(by_top_group.values())

    # Read the Python way (Product.ocop_status), against the dashboard's SQL: stars while valid.
    shown = Counter(
        product.ocop_stars if product.ocop_status == Validity.VALID else product.ocop_status
        for product in published
    )
    star_rows = [row[1] for row in tables["stars"].rows]
    assert star_rows == [
        shown[5],
        shown[4],
        shown[3],
        shown[2],
        shown[1],
        shown[Validity.UNCERTAIN],
        shown[Validity.EXPIRED],
        shown[Validity.UNDATED],
        shown[""],  # no stars
    ]
    assert sum(star_rows) == published.count()
    assert shown[Validity.EXPIRED] > 0  # the demo has lapsed awards to keep apart

    fair = Fair.objects.current().get()
    booked = set(
        BoothAssignment.objects.filter(booth__fair=fair).values_list("cooperative__name", flat=True)
    )
    without = {c.name for c in Cooperative.objects.active()} - booked
    assert {row[0] for row in tables["no-booth"].rows} == without

    limit = timezone.localdate() + datetime.timedelta(days=90)
    expiring = published.filter(ocop_stars__gte=3, ocop_valid_until__lte=limit)
    assert len(tables["certificates"].rows) == expiring.count() > 0
    today = timezone.localdate()
    states = Counter(row[-1] for row in tables["certificates"].rows)
    # A year-only decision of Y surely expired after Y+3; during Y+3 it may have expired.
    assert states["đã hết hạn"] == expiring.filter(ocop_possibly_valid_until__lt=today).count()
    assert (
        states["có thể đã hết hiệu lực"]
        == expiring.filter(ocop_valid_until__lt=today, ocop_possibly_valid_until__gte=today).count()
    )

    per_cooperative = {row[0]: row[1:] for row in tables["enquiries-cooperatives"].rows}
    first, second, third = demo_fair
    assert per_cooperative == {
        first.name: [2, 1, 1, 0],
        second.name: [1, 1, 0, 0],
        third.name: [1, 0, 1, 0],
    }
    months = tables["enquiries-months"]
    assert sum(row[-1] for row in months.rows) == 4
    distributor_column = 1 + list(Enquiry.BuyerType.values).index("distributor")
    assert sum(row[distributor_column] for row in months.rows) == 2
    assert len(months.bars) == len(months.rows) == 3


def test_dashboard_draws_svg_bars_without_style_attributes(organiser_client, demo_fair):
    html = organiser_client.get(DASHBOARD).content.decode()
    dashboard = html.split('class="dashboard"', 1)[1]
    assert dashboard.count("<svg") == 6  # every table with figures has its chart
    assert "<rect" in dashboard
    assert "style=" not in dashboard


@pytest.mark.parametrize(
    "key",
    [
        "provinces",
        "groups",
        "stars",
        "no-booth",
        "certificates",
        "enquiries-cooperatives",
        "enquiries-months",
    ],
)
def test_each_table_downloads_as_csv(organiser_client, demo_fair, key):
    table = tables_of(organiser_client.get(DASHBOARD))[key]
    response = organiser_client.get(DASHBOARD + f"?csv={key}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [str(header) for header in table.headers]
    assert rows[1:] == [[str(cell) for cell in row] for row in table.rows]


def test_unknown_csv_table_is_404(organiser_client, db):
    assert organiser_client.get(DASHBOARD + "?csv=passwords").status_code == 404


def test_dashboard_is_for_organisers_only(client, db):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and reverse("admin:login") in response.url
    client.force_login(UserFactory(is_staff=True))
    assert client.get(DASHBOARD).status_code == 403


def test_admin_index_links_to_the_dashboard(organiser_client, db):
    assert DASHBOARD in organiser_client.get(reverse("admin:index")).content.decode()
