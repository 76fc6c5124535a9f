import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from catalog.models import Certification, Product, add_months
from catalog.services import certification_record, certification_revoke
from tests.factories import (
    CertificationFactory,
    CooperativeFactory,
    PackOptionFactory,
    ProductFactory,
    ProductGroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("stars", [0, 6])
def test_certification_stars_outside_1_to_5_are_refused_by_the_database(stars):
    product = ProductFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationFactory(product=product, stars=stars)
    assert not Certification.objects.exists()


@pytest.mark.parametrize("stars", [1, 3, 5])
def test_certification_stars_inside_range_are_accepted(stars):
    assert CertificationFactory(stars=stars).pk


def test_certification_needs_a_date_unless_marked_unknown():
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationFactory(decision_date=None, date_precision="day")
    certification = CertificationFactory(decision_date=None, date_precision="unknown")
    assert certification.expires_on is None
    with translation.override("en"):
        assert certification.decision_label == "date unknown"


def test_certification_cannot_be_revoked_before_its_decision():
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationFactory(
            decision_date=datetime.date(2024, 1, 1), revoked_on=datetime.date(2023, 12, 31)
        )


def test_certification_expires_36_months_after_decision_unless_set():
    certification = CertificationFactory(decision_date=datetime.date(2022, 11, 2))
    assert certification.expires_on == datetime.date(2025, 11, 2)
    custom = CertificationFactory(
        decision_date=datetime.date(2022, 11, 2), expires_on=datetime.date(2024, 6, 30)
    )
    assert custom.expires_on == datetime.date(2024, 6, 30)


def test_expiry_before_decision_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationFactory(
            decision_date=datetime.date(2022, 11, 2), expires_on=datetime.date(2022, 11, 1)
        )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2022, 11, 2), 36, datetime.date(2025, 11, 2)),
        (datetime.date(2024, 2, 29), 36, datetime.date(2027, 2, 28)),
        (datetime.date(2023, 1, 31), 1, datetime.date(2023, 2, 28)),
        (datetime.date(2023, 12, 15), 1, datetime.date(2024, 1, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_year_only_award_counts_from_1_january():
    product = ProductFactory()
    certification = certification_record(
        product=product,
        stars=3,
        level=Certification.Level.PROVINCE,
        decision_date=datetime.date(2021, 1, 1),
        date_precision=Certification.DatePrecision.YEAR,
    )
    assert certification.decision_label == "2021"
    assert certification.expires_on == datetime.date(2024, 1, 1)


def test_current_stars_follow_the_latest_certification():
    product = ProductFactory()
    certification_record(
        product=product, stars=4, level="province", decision_date=None, date_precision="unknown"
    )
    certification_record(
        product=product, stars=3, level="province", decision_date=datetime.date(2019, 12, 1)
    )
    certification_record(
        product=product,
        stars=5,
        level="national",
        decision_date=datetime.date(2025, 1, 16),
        award_type=Certification.AwardType.UPGRADE,
    )
    product.refresh_from_db()
    assert product.ocop_stars == 5
    assert product.ocop_valid_until == datetime.date(2028, 1, 16)
    # The history is kept, latest first, undated awards last.
    assert [c.stars for c in product.certifications.all()] == [5, 3, 4]


def test_validity_flips_the_day_after_expiry_without_any_write(
    django_assert_num_queries, monkeypatch
):
    product = ProductFactory()
    certification_record(
        product=product, stars=4, level="province", decision_date=datetime.date(2022, 11, 2)
    )
    product.refresh_from_db()
    expiry = datetime.date(2025, 11, 2)

    def valid_on(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)
        return product.ocop_is_valid, Product.objects.with_valid_certificate().exists()

    with django_assert_num_queries(1):  # the queryset's read, and no write
        assert valid_on(expiry) == (True, True)
    assert valid_on(expiry + datetime.timedelta(days=1)) == (False, False)


def test_revocation_ends_validity_the_day_it_takes_effect():
    product = ProductFactory()
    certification = certification_record(
        product=product, stars=4, level="province", decision_date=datetime.date(2024, 10, 15)
    )
    certification_revoke(
        certification=certification, revoked_on=datetime.date(2025, 3, 1), decision="12/QĐ-UBND"
    )
    product.refresh_from_db()
    assert product.ocop_valid_until == datetime.date(2025, 2, 28)
    assert not Product.objects.with_valid_certificate(on=datetime.date(2025, 3, 1)).exists()
    assert Product.objects.with_valid_certificate(on=datetime.date(2025, 2, 28)).exists()


def test_award_below_3_stars_is_not_a_valid_ocop_certificate():
    product = ProductFactory()
    certification_record(
        product=product, stars=2, level="district", decision_date=datetime.date(2025, 10, 1)
    )
    product.refresh_from_db()
    assert product.ocop_stars == 2
    assert not product.is_ocop_certified
    assert not Product.objects.with_valid_certificate(on=datetime.date(2025, 11, 1)).exists()


def test_certification_record_validates_before_writing():
    product = ProductFactory()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        certification_record(product=product, stars=6, level="national", decision_date=None)
    assert not Certification.objects.exists()


def test_product_slug_and_search_text():
    product = ProductFactory(name="Cà phê Khe Sanh", summary="Arabica Hướng Hóa")
    assert product.slug == "ca-phe-khe-sanh"
    assert product.search_text == "ca phe khe sanh arabica huong hoa"
    assert Product.objects.search_normalised("CÀ PHÊ").get() == product
    assert Product.objects.search_normalised("huong hoa").get() == product


def test_product_name_unique_per_cooperative():
    product = ProductFactory(name="Mật ong Bometa")
    ProductFactory(name="Mật ong Bometa")  # another cooperative
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductFactory(name="Mật ong Bometa", cooperative=product.cooperative)


def test_published_hides_drafts_and_inactive_cooperatives():
    visible = ProductFactory()
    ProductFactory(status=Product.Status.PENDING)
    ProductFactory(status=Product.Status.HIDDEN)
    ProductFactory(cooperative=CooperativeFactory(is_active=False))
    assert list(Product.objects.published()) == [visible]


def test_pack_option_label_unique_per_product_and_price_not_negative():
    option = PackOptionFactory(label="hộp 500 g")
    with pytest.raises(IntegrityError), transaction.atomic():
        PackOptionFactory(product=option.product, label="hộp 500 g")
    with pytest.raises(IntegrityError), transaction.atomic():
        PackOptionFactory(price_vnd=-1)


def test_product_group_hierarchy():
    food = ProductGroupFactory(code="I", name="Thực phẩm", name_en="Food")
    tea = ProductGroupFactory(code="I.5", name="Chè", name_en="Tea", parent=food)
    assert list(food.children.all()) == [tea]
    assert tea.slug == "che"


def test_product_group_colour_must_be_hex():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductGroupFactory(colour="red")
