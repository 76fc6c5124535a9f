"""The catalogue admin: diacritics-blind search, filters, actions, current OCOP stars."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Certification, PackOption, Product, ProductImage
from catalog.services import product_refresh_ocop
from tests.admin_pages import admin_url, form_data, messages_of, post_action
from tests.factories import (
    CertificationFactory,
    CooperativeFactory,
    PackOptionFactory,
    ProductFactory,
    ProductGroupFactory,
    ProductImageFactory,
)

pytestmark = pytest.mark.django_db


def certified_product():
    """A product with one 4★ award of 15/10/2024, a pack and a photo."""
    product = CertificationFactory().product
    PackOptionFactory(product=product)
    ProductImageFactory(product=product)
    product_refresh_ocop(product=product)
    return product


def test_product_change_form_shows_its_inlines(organiser_client):
    product = certified_product()

    response = organiser_client.get(admin_url(Product, "change", product.pk))

    formsets = [inline.formset for inline in response.context["inline_admin_formsets"]]
    assert {f.prefix: len(f.forms) for f in formsets} == {
        "certifications": 1,
        "pack_options": 1,
        "images": 1,
    }


@pytest.fixture
def searchable_products():
    return {
        product.name: product
        for product in [
            ProductFactory(
                name="Bưởi Phúc Trạch",
                summary="",
                cooperative=CooperativeFactory(name="HTX Bưởi Hương Khê"),
            ),
            ProductFactory(
                name="Cà phê Khe Sanh",
                summary="Rang xay nguyên chất",
                cooperative=CooperativeFactory(name="HTX Hướng Hóa"),
            ),
            ProductFactory(
                name="Mắm tôm Thuận An",
                summary="",
                cooperative=CooperativeFactory(name="Cơ sở Đức Thành"),
            ),
            ProductFactory(
                name="Đậu phộng rang muối",
                summary="",
                cooperative=CooperativeFactory(name="HTX Nông sản Quảng Trị"),
            ),
        ]
    }


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("buoi phuc trach", {"Bưởi Phúc Trạch"}),
        ("BƯỞI", {"Bưởi Phúc Trạch"}),
        ("phúc  TRẠCH", {"Bưởi Phúc Trạch"}),
        ("ca phe", {"Cà phê Khe Sanh"}),
        ("nguyen chat", {"Cà phê Khe Sanh"}),
        ("dau phong", {"Đậu phộng rang muối"}),
        ("duc thanh", {"Mắm tôm Thuận An"}),
        ("huong", {"Bưởi Phúc Trạch", "Cà phê Khe Sanh"}),
        ("buoi sanh", set()),
    ],
)
def test_product_search_ignores_case_and_diacritics(
    organiser_client, searchable_products, term, expected
):
    response = organiser_client.get(admin_url(Product, "changelist"), {"q": term})

    assert response.status_code == 200
    assert {product.name for product in response.context["cl"].result_list} == expected


def test_product_autocomplete_ignores_diacritics(organiser_client, searchable_products):
    response = organiser_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "catalog",
            "model_name": "certification",
            "field_name": "product",
            "term": "ca phe",
        },
    )

    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Cà phê Khe Sanh"]


def changelist_names(client, model, **params):
    response = client.get(admin_url(model, "changelist"), params)
    assert response.status_code == 200
    return {str(obj) for obj in response.context["cl"].result_list}


def test_product_certificate_filter_compares_with_today(organiser_client):
    today = timezone.localdate()
    for name, stars, valid_until in [
        ("Valid", 4, today),
        ("Expired", 4, today - datetime.timedelta(days=1)),
        ("Two stars", 2, today + datetime.timedelta(days=30)),
        ("No award", None, None),
    ]:
        product = ProductFactory(name=name)
        Product.objects.filter(pk=product.pk).update(ocop_stars=stars, ocop_valid_until=valid_until)

    assert changelist_names(organiser_client, Product, certificate="valid") == {"Valid"}
    assert changelist_names(organiser_client, Product, certificate="expired") == {"Expired"}
    assert changelist_names(organiser_client, Product, stars="none") == {"No award"}
    assert changelist_names(organiser_client, Product, stars="2") == {"Two stars"}


def test_product_top_level_group_filter_includes_every_level_below(organiser_client):
    food = ProductGroupFactory(parent=None)
    fruit = ProductGroupFactory(parent=food)
    citrus = ProductGroupFactory(parent=fruit)
    ProductFactory(name="In the group itself", group=food)
    ProductFactory(name="In a group", group=fruit)
    ProductFactory(name="In a sub-group", group=citrus)
    ProductFactory(name="Elsewhere")

    names = changelist_names(organiser_client, Product, top_group=food.pk)

    assert names == {"In the group itself", "In a group", "In a sub-group"}


def test_publish_action_publishes_and_counts_changed_products(organiser_client):
    drafts = ProductFactory.create_batch(2, status=Product.Status.DRAFT)
    published = ProductFactory(status=Product.Status.PUBLISHED)
    untouched = ProductFactory(status=Product.Status.HIDDEN)

    response = post_action(organiser_client, Product, "publish", [*drafts, published])

    assert messages_of(response) == ["2 products were published."]
    statuses = dict(Product.objects.values_list("pk", "status"))
    assert [statuses[p.pk] for p in [*drafts, published]] == ["published"] * 3
    assert statuses[untouched.pk] == "hidden"


def test_hide_action_hides_and_counts(organiser_client):
    product = ProductFactory(status=Product.Status.PUBLISHED)
    ProductFactory(status=Product.Status.PUBLISHED)

    response = post_action(organiser_client, Product, "hide", [product])

    assert messages_of(response) == ["1 product was hidden from visitors."]
    assert list(Product.objects.filter(status="hidden")) == [product]


def certification_form(product, **overrides):
    return {
        "product": product.pk,
        "stars": 5,
        "level": Certification.Level.NATIONAL,
        "award_type": Certification.AwardType.UPGRADE,
        "criteria_version": Certification.Criteria.QD_148,
        "decision_number": "123/QĐ-BNN",
        "decision_date": "2025-01-10",
        "date_precision": Certification.DatePrecision.DAY,
        "expires_on": "",
        "holder_name": "",
        "revoked_on": "",
        "revocation_decision": "",
        "source_url": "",
        "note": "",
        **overrides,
    }


def test_saving_a_certification_refreshes_the_products_current_stars(organiser_client):
    product = certified_product()
    assert product.ocop_stars == 4

    response = organiser_client.post(admin_url(Certification, "add"), certification_form(product))

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.ocop_stars, product.ocop_valid_until) == (5, datetime.date(2028, 1, 10))


def test_moving_a_certification_refreshes_both_products(organiser_client):
    first, second = ProductFactory(), ProductFactory()
    certification = CertificationFactory(product=first)
    product_refresh_ocop(product=first)

    response = organiser_client.post(
        admin_url(Certification, "change", certification.pk),
        certification_form(second, stars=4, decision_date="2024-10-15"),
    )

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.ocop_stars, second.ocop_stars) == (None, 4)


def test_deleting_the_latest_certification_falls_back_to_the_previous(organiser_client):
    product = certified_product()
    latest = CertificationFactory(product=product, stars=5, decision_date=datetime.date(2025, 3, 1))
    product_refresh_ocop(product=product)

    response = organiser_client.post(admin_url(Certification, "delete", latest.pk), {"post": "yes"})

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.ocop_stars == 4


def test_bulk_deleting_certifications_refreshes_their_products(organiser_client):
    product = certified_product()

    post_action(
        organiser_client,
        Certification,
        "delete_selected",
        product.certifications.all(),
        post="yes",
    )

    product.refresh_from_db()
    assert (product.ocop_stars, product.ocop_valid_until) == (None, None)


def test_certification_inline_refreshes_the_products_current_stars(organiser_client):
    product = ProductFactory()
    empty = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}
    data = {
        "name": product.name,
        "cooperative": product.cooperative_id,
        "group": product.group_id,
        "status": product.status,
        "summary": product.summary,
        **{f"pack_options-{key}": value for key, value in empty.items()},
        **{f"images-{key}": value for key, value in empty.items()},
        **{f"certifications-{key}": value for key, value in {**empty, "TOTAL_FORMS": 1}.items()},
        "certifications-0-stars": 3,
        "certifications-0-level": Certification.Level.PROVINCE,
        "certifications-0-award_type": Certification.AwardType.FIRST,
        "certifications-0-decision_date": "2023-06-01",
        "certifications-0-date_precision": Certification.DatePrecision.YEAR,
    }

    response = organiser_client.post(admin_url(Product, "change", product.pk), data)

    assert response.status_code == 302
    product.refresh_from_db()
    # A decision known by its year (2023) expires some day of 2026: surely valid to the end of 2025.
    assert (product.ocop_stars, product.ocop_valid_until, product.ocop_possibly_valid_until) == (
        3,
        datetime.date(2025, 12, 31),
        datetime.date(2026, 12, 31),
    )


def test_certification_inline_keeps_a_recognition_without_stars_for_the_card(organiser_client):
    product = ProductFactory()
    empty = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}
    data = {
        "name": product.name,
        "cooperative": product.cooperative_id,
        "group": product.group_id,
        "status": product.status,
        "summary": product.summary,
        **{f"pack_options-{key}": value for key, value in empty.items()},
        **{f"images-{key}": value for key, value in empty.items()},
        **{f"certifications-{key}": value for key, value in {**empty, "TOTAL_FORMS": 1}.items()},
        "certifications-0-stars": "",
        "certifications-0-level": "",
        "certifications-0-award_type": Certification.AwardType.FIRST,
        "certifications-0-decision_number": "38/QĐ-UBND",
        "certifications-0-decision_date": "2019-01-01",
        "certifications-0-date_precision": Certification.DatePrecision.YEAR,
    }

    response = organiser_client.post(admin_url(Product, "change", product.pk), data)

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.ocop_stars, product.ocop_recognition_year) == (None, 2019)
    assert product.ocop_recognition_decision == "38/QĐ-UBND"
    page = organiser_client.get(admin_url(Product, "change", product.pk)).content.decode()
    assert "38/QĐ-UBND" in page.split("field-ocop_recognition_decision", 1)[1]


def test_uploaded_product_photo_is_re_encoded_with_a_thumbnail(organiser_client):
    upload = ProductImageFactory.build().image.file
    upload.name = "photo.png"
    product = ProductFactory()

    response = organiser_client.post(
        admin_url(ProductImage, "add"),
        {"product": product.pk, "image": upload, "alt_text": "Quả bưởi", "sort_order": 0},
    )

    assert response.status_code == 302
    image = product.images.get()
    assert image.image.name.endswith(".jpg")
    assert image.thumbnail.name.endswith(".webp")
    assert (image.width, image.height) == (64, 48)


def product_change_data(product, packs):
    """A valid POST of the product change form with the given pack rows."""
    empty = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}
    data = {
        "name": product.name,
        "cooperative": product.cooperative_id,
        "group": product.group_id,
        "status": product.status,
        "summary": product.summary,
        **{f"images-{key}": value for key, value in empty.items()},
        **{f"certifications-{key}": value for key, value in empty.items()},
        **{
            f"pack_options-{key}": value
            for key, value in {**empty, "TOTAL_FORMS": len(packs)}.items()
        },
    }
    for index, (label, price) in enumerate(packs):
        data.update(
            {f"pack_options-{index}-label": label, f"pack_options-{index}-price_vnd": price}
        )
        data[f"pack_options-{index}-sort_order"] = index
    return data


def test_pack_inline_reads_prices_written_the_vietnamese_way(organiser_client):
    product = ProductFactory()
    packs = [("hộp 250 g", "180.000"), ("hộp 1 kg", "1 250 000 ₫")]

    response = organiser_client.post(
        admin_url(Product, "change", product.pk), product_change_data(product, packs)
    )

    assert response.status_code == 302
    assert list(
        product.pack_options.order_by("sort_order").values_list("price_vnd", flat=True)
    ) == [
        180_000,
        1_250_000,
    ]
    page = organiser_client.get(admin_url(Product, "change", product.pk)).content.decode()
    assert 'value="1.250.000"' in page


@pytest.mark.parametrize("typed", ["180,5", "18.0000", "180"])
def test_pack_inline_refuses_a_malformed_price_in_vietnamese(organiser_client, typed):
    product = ProductFactory()

    response = organiser_client.post(
        admin_url(Product, "change", product.pk), product_change_data(product, [("hộp", typed)])
    )

    assert response.status_code == 200
    assert "ví dụ 180.000 hoặc 1.250.000" in response.content.decode()
    assert not product.pack_options.exists()


def test_pack_admin_reads_and_lists_prices_with_vietnamese_grouping(organiser_client):
    product = ProductFactory()

    response = organiser_client.post(
        admin_url(PackOption, "add"),
        {"product": product.pk, "label": "chai 500 ml", "price_vnd": "1.250.000", "sort_order": 0},
    )

    assert response.status_code == 302
    assert product.pack_options.get().price_vnd == 1_250_000
    listing = organiser_client.get(admin_url(PackOption, "changelist")).content.decode()
    assert "1.250.000 ₫" in listing


def test_revoking_an_award_in_the_products_inline_goes_through_the_service(organiser_client):
    product = certified_product()
    url = admin_url(Product, "change", product.pk)
    data = form_data(organiser_client.get(url), "product_form")
    data["certifications-0-revoked_on"] = "2025-03-01"
    data["certifications-0-revocation_decision"] = "45/QĐ-UBND"

    response = organiser_client.post(url, data)

    assert response.status_code == 302
    certification = product.certifications.get()
    assert (certification.revoked_on, certification.revocation_decision) == (
        datetime.date(2025, 3, 1),
        "45/QĐ-UBND",
    )
    product.refresh_from_db()
    assert (product.ocop_stars, product.ocop_valid_until) == (4, datetime.date(2025, 2, 28))


def test_deleting_the_latest_award_in_the_products_inline_falls_back(organiser_client):
    product = certified_product()
    CertificationFactory(product=product, stars=5, decision_date=datetime.date(2025, 3, 1))
    product_refresh_ocop(product=product)
    url = admin_url(Product, "change", product.pk)
    data = form_data(organiser_client.get(url), "product_form")
    latest = Certification.objects.get(product=product, stars=5)
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("certifications-") and key.endswith("-id") and value == str(latest.pk)
    )
    data[f"certifications-{index}-DELETE"] = "on"

    response = organiser_client.post(url, data)

    assert response.status_code == 302
    assert list(product.certifications.values_list("stars", flat=True)) == [4]
    product.refresh_from_db()
    assert product.ocop_stars == 4


def test_recording_a_revoked_award_on_the_certification_page(organiser_client):
    product = ProductFactory()

    response = organiser_client.post(
        admin_url(Certification, "add"),
        certification_form(product, revoked_on="2025-06-01", revocation_decision="9/QĐ-UBND"),
    )

    assert response.status_code == 302
    certification = product.certifications.get()
    assert certification.expires_on == datetime.date(2028, 1, 10)
    product.refresh_from_db()
    assert (product.ocop_stars, product.ocop_valid_until) == (5, datetime.date(2025, 5, 31))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_product_row_checkboxes_are_djangos_own(language):
    from django.contrib import admin
    from django.utils import translation

    product = ProductFactory(name='Mắm "ruốc" <Cửa> & Lò')
    quick = admin.site._registry[Product]

    with translation.override(language):
        assert quick.action_checkbox(product) == admin.ModelAdmin.action_checkbox(quick, product)


def test_product_changelist_queries_stay_constant(organiser_client, django_assert_max_num_queries):
    for number in range(3):
        ProductImageFactory(product=ProductFactory(name=f"Sản phẩm {number}"))
    url = admin_url(Product, "changelist")
    organiser_client.get(url)
    with django_assert_max_num_queries(20) as few:
        organiser_client.get(url)
    for number in range(3, 30):
        ProductFactory(name=f"Sản phẩm {number}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = organiser_client.get(url)

    assert 'class="action-select"' in response.content.decode()
