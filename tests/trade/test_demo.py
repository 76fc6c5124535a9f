"""trade/demo.py on a small fair built with factories: the demo's applications, decisions and
booths go through the organisers' services, send no e-mail and are filed once."""

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import Product
from cooperatives.models import BoothAssignment, FairExhibitor
from tests.factories import (
    BoothFactory,
    CertificationFactory,
    CooperativeFactory,
    FairFactory,
    ProductFactory,
    ProductGroupFactory,
    ProvinceFactory,
)
from trade import demo
from trade.models import ApplicationProduct, CallForExhibitors, ExhibitorApplication

pytestmark = pytest.mark.django_db
Status = ExhibitorApplication.Status
PRODUCERS = 30


@pytest.fixture
def fair():
    today = timezone.localdate()
    fair = FairFactory(starts_on=today - datetime.timedelta(days=1), ends_on=today, year=2026)
    province = ProvinceFactory(name="Hà Tĩnh")
    # Room for every exhibitor's booths: a producer showing five products asks for two.
    for number in range(1, 2 * PRODUCERS + 1):
        BoothFactory(fair=fair, code=f"B{number}", zone="Khu Hà Tĩnh")
    group = ProductGroupFactory(code="I.6", name="Cà phê")
    for number in range(PRODUCERS):
        cooperative = CooperativeFactory(province=province, is_verified=True)
        for _ in range(number % 7):
            ProductFactory(cooperative=cooperative, group=group)
    # A stand-in producer (the source did not name it) never applies.
    CooperativeFactory(province=province, is_verified=False, name="Chủ thể sản phẩm Giò bê")
    return fair


def _load(fair) -> Counter:
    tally: Counter = Counter()
    demo.applications_load(fair, tally)
    demo.booths_load(fair, tally)
    return tally


def test_the_demo_files_decides_and_seats_without_sending_any_mail(
    fair, django_capture_on_commit_callbacks
):
    # The commit's callbacks run (page-cache refreshes among them): none of them is a mail.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tally = _load(fair)

    assert callbacks and mail.outbox == []
    applications = ExhibitorApplication.objects.filter(fair=fair)
    assert applications.count() == PRODUCERS == tally["ExhibitorApplication", "created"]
    # Places 7 and 22 waitlisted, place 11 rejected with a reason; the others accepted.
    assert Counter(applications.values_list("status", flat=True)) == {
        Status.ACCEPTED: PRODUCERS - 3,
        Status.WAITLISTED: 2,
        Status.REJECTED: 1,
    }
    assert applications.get(status=Status.REJECTED).rejection_reason == demo.REJECTION_REASONS[0]
    accepted = set(applications.filter(status=Status.ACCEPTED).values_list("cooperative", flat=1))
    assert set(FairExhibitor.objects.filter(fair=fair).values_list("cooperative", flat=1)) == (
        accepted
    )
    seated = BoothAssignment.objects.filter(booth__fair=fair).values_list("cooperative", flat=True)
    assert set(seated) == accepted
    wanted = FairExhibitor.objects.filter(fair=fair).values_list("booths_wanted", flat=True)
    assert len(seated) == sum(wanted) == tally["BoothAssignment", "created"]
    assert max(wanted) == 2  # the two-booth producers got both
    call = CallForExhibitors.objects.get(fair=fair)
    assert (call.opens_on, call.closes_on) == (
        fair.starts_on - datetime.timedelta(days=demo.CALL_OPENS_DAYS_BEFORE),
        fair.ends_on,
    )


def test_a_second_load_files_nothing_and_takes_a_few_queries(fair):
    _load(fair)
    counts = (ExhibitorApplication.objects.count(), ApplicationProduct.objects.count())

    with CaptureQueriesContext(connection) as queries:
        tally = _load(fair)

    assert set(tally) == {("CallForExhibitors", "unchanged")}
    assert (ExhibitorApplication.objects.count(), ApplicationProduct.objects.count()) == counts
    # Reading what is there, not one query per producer.
    assert len(queries) <= 10


def test_an_application_shows_up_to_five_known_products_and_the_booth_needs(fair):
    cooperative = CooperativeFactory(is_verified=True, phone="")
    products = [
        ProductFactory(cooperative=cooperative, name=f"Thịt bò khô {n}", ocop_stars=n % 5 + 1)
        for n in range(6)
    ]
    products[0].group = ProductGroupFactory(code="I.1.b", name="Thịt")
    products[0].save()
    CertificationFactory(product=products[4], decision_date=datetime.date(2023, 5, 4))
    CertificationFactory(product=products[4], decision_date=datetime.date(2021, 1, 1))

    applicant = demo.applicant_for(cooperative, 4)

    claims = {claim.name: claim for claim in applicant.products}
    # The best five by stars: of the two one-star products, the first by name is kept.
    assert len(claims) == 5 and "Thịt bò khô 5" not in claims
    assert (claims["Thịt bò khô 4"].stars, claims["Thịt bò khô 4"].award_year) == (5, 2023)
    assert (applicant.booths, applicant.needs_power, applicant.needs_refrigeration) == (
        2,
        True,
        True,
    )
    assert applicant.phone == "+84900000005" == applicant.zalo
    assert applicant.email == f"lienhe-{cooperative.slug}@example.org"
    assert applicant.tax_code == ""  # never invented


def test_the_demo_owners_cooperatives_are_always_accepted():
    assert demo.decision_for(demo.REJECT_FIRST)[0] == Status.REJECTED
    assert demo.decision_for(demo.WAITLIST_FIRST)[0] == Status.WAITLISTED
    assert demo.decision_for(demo.REJECT_FIRST, keep=True) == (Status.ACCEPTED, "")
    assert demo.decision_for(demo.WAITLIST_FIRST, keep=True) == (Status.ACCEPTED, "")


def test_accepting_links_the_known_products_and_adds_none(fair):
    products = Product.objects.count()

    _load(fair)

    assert Product.objects.count() == products
    rows = ApplicationProduct.objects.filter(application__status=Status.ACCEPTED)
    assert rows.exists() and not rows.filter(product__isnull=True).exists()
