import csv
import io

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.factories import EnquiryFactory, UserFactory
from trade.models import Enquiry

pytestmark = pytest.mark.django_db

INBOX = reverse("portal:enquiry-inbox")
EXPORT = reverse("portal:enquiry-export")


@pytest.fixture
def enquiries(trade):
    return {
        "tea": EnquiryFactory(
            reference="TEA1-AAAA", cooperative=trade["tea"], buyer_name="Chị Hoa"
        ),
        "tea_closed": EnquiryFactory(
            reference="TEA2-AAAA",
            cooperative=trade["tea"],
            buyer_name="Anh Minh",
            status=Enquiry.Status.CLOSED,
            buyer_type=Enquiry.BuyerType.EXPORTER,
        ),
        "pomelo": EnquiryFactory(
            reference="POM1-AAAA", cooperative=trade["pomelo"], buyer_name="Ông Tám"
        ),
    }


def detail(enquiry):
    return reverse("portal:enquiry-detail", kwargs={"reference": enquiry.reference})


@pytest.mark.parametrize("url", [INBOX, EXPORT, "/staff/enquiries/TEA1-AAAA/"])
def test_anonymous_is_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))


def test_user_without_a_cooperative_is_refused(client, enquiries):
    client.force_login(UserFactory())
    assert client.get(INBOX).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert client.get(detail(enquiries["tea"])).status_code == 403


def test_staff_see_only_their_own_cooperatives_enquiries(client, trade, enquiries):
    client.force_login(trade["tea_owner"])
    html = client.get(INBOX).content.decode()
    assert "TEA1-AAAA" in html and "TEA2-AAAA" in html
    assert "POM1-AAAA" not in html and "Ông Tám" not in html
    # Another cooperative's enquiry does not exist for them, whatever they try.
    assert client.get(detail(enquiries["pomelo"])).status_code == 404
    assert client.post(detail(enquiries["pomelo"]), {"status": "closed"}).status_code == 404
    assert client.get(INBOX + f"?cooperative={trade['pomelo'].pk}").status_code == 200
    assert (
        "POM1-AAAA" not in client.get(INBOX + f"?cooperative={trade['pomelo'].pk}").content.decode()
    )
    assert "Ông Tám" not in client.get(INBOX + "?q=POM1-AAAA").content.decode()
    rows = list(csv.reader(io.StringIO(client.get(EXPORT).content.decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == ["TEA1-AAAA", "TEA2-AAAA"]


def test_inbox_filters(client, trade, enquiries):
    client.force_login(trade["tea_owner"])
    closed = client.get(INBOX + "?status=closed").content.decode()
    assert "TEA2-AAAA" in closed and "TEA1-AAAA" not in closed
    exporters = client.get(INBOX + "?buyer_type=exporter").content.decode()
    assert "TEA2-AAAA" in exporters and "TEA1-AAAA" not in exporters
    by_name = client.get(INBOX + "?q=hoa").content.decode()
    assert "TEA1-AAAA" in by_name and "TEA2-AAAA" not in by_name
    # Nonsense filters are ignored, never a 500.
    assert client.get(INBOX + "?status=nonsense&cooperative=abc&page=1").status_code == 200


def test_staff_change_the_status(client, trade, enquiries):
    client.force_login(trade["tea_owner"])
    response = client.post(detail(enquiries["tea"]), {"status": "replied"})
    assert response.status_code == 302
    enquiries["tea"].refresh_from_db()
    assert enquiries["tea"].status == Enquiry.Status.REPLIED
    assert client.post(detail(enquiries["tea"]), {"status": "deleted"}).status_code == 400
    enquiries["tea"].refresh_from_db()
    assert enquiries["tea"].status == Enquiry.Status.REPLIED


def test_csv_export_is_excel_ready_and_formula_safe(client, trade):
    EnquiryFactory(reference="TEA9-AAAA", cooperative=trade["tea"], buyer_name="=HYPERLINK(1)")
    client.force_login(trade["tea_owner"])
    response = client.get(EXPORT + "?status=new")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:])))
    assert rows[1][0] == "TEA9-AAAA"
    assert "'=HYPERLINK(1)" in rows[1]
    assert "Mới" in rows[1]  # the status label, not its code


def test_inbox_queries_do_not_grow_with_the_rows(client, trade, django_assert_num_queries):
    client.force_login(trade["tea_owner"])
    EnquiryFactory(cooperative=trade["tea"]).products.add(trade["green_tea"])
    client.get(INBOX)  # warm up the session and the translations
    # One query more than before: the header reads the current fair (floor plan, exhibitors).
    with django_assert_num_queries(8):
        client.get(INBOX)
    for _ in range(10):
        EnquiryFactory(cooperative=trade["tea"]).products.add(trade["black_tea"])
    # One query more than before: the header reads the current fair (floor plan, exhibitors).
    with django_assert_num_queries(8):
        client.get(INBOX)
