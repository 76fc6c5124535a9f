"""Vietnamese date input (ocop_fair/formats/vi): day first, everywhere; English keeps its own."""

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

from catalog.models import Certification, Product
from cooperatives.models import Fair
from tests.admin_pages import admin_url
from tests.factories import CertificationFactory, FairFactory, ProductFactory

pytestmark = pytest.mark.django_db

NOV_2 = datetime.date(2026, 11, 2)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("02/11/2026", NOV_2),
        ("2/11/2026", NOV_2),
        ("15/12/2026", datetime.date(2026, 12, 15)),
        ("02-11-2026", NOV_2),
        ("02.11.2026", NOV_2),
        ("2026-11-02", NOV_2),  # ISO, as browsers' date pickers send it
    ],
)
def test_vietnamese_date_input_reads_the_day_first(typed, day):
    with translation.override("vi"):
        assert forms.DateField().clean(typed) == day
        assert forms.DateTimeField().clean(f"{typed} 08:30").date() == day


@pytest.mark.parametrize("typed", ["31/02/2026", "11/31/2026", "2026/11/02", "02/11/26"])
def test_vietnamese_date_input_refuses_an_impossible_date(typed):
    with translation.override("vi"), pytest.raises(forms.ValidationError) as refused:
        forms.DateField().clean(typed)
    assert refused.value.messages == ["Nhập một ngày hợp lệ."]


def test_english_date_input_keeps_english_formats():
    with translation.override("en"):
        assert forms.DateField().clean("02/11/2026") == datetime.date(2026, 2, 11)
        assert forms.DateField().clean("2026-11-02") == NOV_2


def admin_form(model, user, data, obj=None):
    request = RequestFactory().post("/")
    request.user = user
    model_admin = admin.site._registry[model]
    return model_admin.get_form(request, obj)(data, instance=obj)


def test_fair_admin_form_reads_vietnamese_dates(organiser):
    # "02/11/2026" was stored as 11 February; "15/12/2026" was refused.
    fair = FairFactory(year=2026)
    data = {
        "name": fair.name,
        "slug": fair.slug,
        "year": 2026,
        "starts_on": "02/11/2026",
        "ends_on": "15/12/2026",
        "venue": fair.venue,
        "organiser": fair.organiser,
    }
    with translation.override("vi"):
        form = admin_form(Fair, organiser, data, fair)
        assert form.is_valid(), form.errors
    assert (form.cleaned_data["starts_on"], form.cleaned_data["ends_on"]) == (
        NOV_2,
        datetime.date(2026, 12, 15),
    )
    with translation.override("vi"):
        refused = admin_form(Fair, organiser, {**data, "starts_on": "31/02/2026"}, fair)
        assert refused.errors["starts_on"] == ["Nhập một ngày hợp lệ."]


def test_fair_change_page_shows_its_dates_day_first(organiser_client):
    fair = FairFactory(year=2026, starts_on=NOV_2, ends_on=datetime.date(2026, 12, 15))

    page = organiser_client.get(admin_url(Fair, "change", fair.pk)).content.decode()

    assert 'value="02/11/2026"' in page and 'value="15/12/2026"' in page


def test_certification_admin_reads_vietnamese_dates_and_shows_the_format(organiser_client):
    product = ProductFactory()
    data = {
        "product": product.pk,
        "stars": 4,
        "level": Certification.Level.PROVINCE,
        "award_type": Certification.AwardType.FIRST,
        "criteria_version": Certification.Criteria.QD_148,
        "decision_number": "1234/QĐ-UBND",
        "decision_date": "02/11/2026",
        "date_precision": Certification.DatePrecision.DAY,
        "revoked_on": "15/12/2026",
    }

    response = organiser_client.post(admin_url(Certification, "add"), data)

    assert response.status_code == 302
    award = product.certifications.get()
    assert (award.decision_date, award.revoked_on) == (NOV_2, datetime.date(2026, 12, 15))
    page = organiser_client.get(admin_url(Certification, "add")).content.decode()
    assert 'placeholder="dd/mm/yyyy"' in page


def test_certification_admin_refuses_the_31st_of_february(organiser_client):
    product = ProductFactory()
    data = {
        "product": product.pk,
        "stars": 4,
        "level": Certification.Level.PROVINCE,
        "award_type": Certification.AwardType.FIRST,
        "criteria_version": Certification.Criteria.QD_148,
        "decision_date": "31/02/2026",
        "date_precision": Certification.DatePrecision.DAY,
    }

    response = organiser_client.post(admin_url(Certification, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["decision_date"] == ["Nhập một ngày hợp lệ."]
    assert not product.certifications.exists()


def test_certification_inline_of_the_product_page_reads_vietnamese_dates(organiser_client):
    award = CertificationFactory(decision_date=NOV_2)
    product = award.product

    page = organiser_client.get(admin_url(Product, "change", product.pk)).content.decode()

    assert 'value="02/11/2026"' in page
