import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from catalog.models import Certification, Product, Validity, add_months
from catalog.services import certification_delete_many, certification_record, certification_revoke
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


def _year_only_award(year: int, stars: int = 4) -> Certification:
    return certification_record(
        product=ProductFactory(),
        stars=stars,
        level=Certification.Level.PROVINCE,
        decision_date=datetime.date(year, 1, 1),
        date_precision=Certification.DatePrecision.YEAR,
    )


def test_year_only_award_has_no_invented_expiry_day():
    # Failed before: 1 January + 36 months was stored and shown as the expiry day.
    certification = _year_only_award(2024)
    assert certification.decision_label == "2024"
    assert certification.expires_on is None
    assert (certification.valid_until, certification.possibly_valid_until) == (
        datetime.date(2026, 12, 31),
        datetime.date(2027, 12, 31),
    )
    assert certification.expiry_label == "2027"
    product = Product.objects.get(pk=certification.product_id)
    assert (product.ocop_valid_until, product.ocop_possibly_valid_until) == (
        datetime.date(2026, 12, 31),
        datetime.date(2027, 12, 31),
    )
    assert (product.ocop_expiry_is_exact, product.ocop_expiry_year) == (False, 2027)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2023, 6, 1), Validity.VALID),  # the year of the decision
        (datetime.date(2026, 12, 31), Validity.VALID),  # the last day before Y+3
        (datetime.date(2027, 1, 1), Validity.UNCERTAIN),  # Y+3: some day of it ends the award
        (datetime.date(2027, 12, 31), Validity.UNCERTAIN),
        (datetime.date(2028, 1, 1), Validity.EXPIRED),  # after Y+3: surely expired
    ],
)
def test_year_only_award_validity_before_during_and_after_its_third_year(
    monkeypatch, today, expected
):
    certification = _year_only_award(2024)
    product = Product.objects.get(pk=certification.product_id)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: today)
    assert certification.validity == expected
    assert product.ocop_status == expected
    assert product.ocop_is_valid == (expected == Validity.VALID)
    # The SQL filter agrees with the Python status: only a surely valid award is valid.
    assert Product.objects.with_valid_certificate().exists() == (expected == Validity.VALID)
    assert Product.objects.with_validity().get().ocop_validity == expected


def test_day_precise_award_is_valid_36_months_with_no_uncertain_time(monkeypatch):
    certification = certification_record(
        product=ProductFactory(),
        stars=3,
        level="province",
        decision_date=datetime.date(2023, 1, 17),
    )
    assert (
        certification.valid_until
        == certification.possibly_valid_until
        == datetime.date(2026, 1, 17)
    )
    assert certification.expiry_label == "17/01/2026"
    assert certification.validity_on(datetime.date(2026, 1, 17)) == Validity.VALID
    assert certification.validity_on(datetime.date(2026, 1, 18)) == Validity.EXPIRED


def test_undated_award_has_unknown_validity():
    certification = certification_record(
        product=ProductFactory(), stars=4, level="", decision_date=None, date_precision="unknown"
    )
    product = Product.objects.get(pk=certification.product_id)
    assert certification.validity == product.ocop_status == Validity.UNDATED
    assert not product.ocop_is_valid
    assert Product.objects.with_validity().get().ocop_validity == Validity.UNDATED


def test_recognition_without_stars_keeps_its_year_but_rates_nothing():
    product = ProductFactory()
    certification = certification_record(
        product=product,
        stars=None,
        level="",
        decision_date=datetime.date(2019, 1, 1),
        date_precision=Certification.DatePrecision.YEAR,
        decision_number="38/QĐ-UBND",
    )
    product.refresh_from_db()
    assert certification.decision_label == "2019"
    assert certification.validity == Validity.NO_STARS
    assert (product.ocop_stars, product.ocop_valid_until, product.ocop_status) == (None, None, "")
    # What the card says instead: the year (never a day) and the decision.
    assert (product.ocop_recognition_year, product.ocop_recognition_decision) == (
        2019,
        "38/QĐ-UBND",
    )
    assert Product.objects.with_validity().get().ocop_validity == Validity.NO_STARS


def test_recognition_without_stars_does_not_hide_an_earlier_star_award():
    product = ProductFactory()
    certification_record(
        product=product, stars=4, level="province", decision_date=datetime.date(2024, 3, 1)
    )
    certification_record(
        product=product,
        stars=None,
        level="",
        decision_date=datetime.date(2025, 1, 1),
        date_precision=Certification.DatePrecision.YEAR,
    )
    product.refresh_from_db()
    assert (product.ocop_stars, product.ocop_valid_until) == (4, datetime.date(2027, 3, 1))
    assert (product.ocop_recognition_year, product.ocop_recognition_decision) == (None, "")


def test_a_recognition_without_stars_is_shown_again_when_the_star_award_goes():
    product = ProductFactory()
    certification_record(
        product=product,
        stars=None,
        level="",
        decision_date=datetime.date(2019, 1, 1),
        date_precision=Certification.DatePrecision.YEAR,
        decision_number="38/QĐ-UBND",
    )
    mistake = certification_record(
        product=product, stars=4, level="province", decision_date=datetime.date(2024, 3, 1)
    )
    product.refresh_from_db()
    assert (product.ocop_stars, product.ocop_recognition_year) == (4, None)

    certification_delete_many(certifications=Certification.objects.filter(pk=mistake.pk))

    product.refresh_from_db()
    assert (product.ocop_stars, product.ocop_recognition_year) == (None, 2019)
    assert product.ocop_recognition_decision == "38/QĐ-UBND"


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
