"""The one product page for cooperative staff: text, photos and packs on the same page; adding
and moving a pack without JavaScript; the group by its name; the award in words."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import PackOption, ProductImage
from catalog.services import certification_record
from portal.awards import award_in_words
from tests.factories import PackOptionFactory, ProductGroupFactory, ProductImageFactory
from tests.portal.conftest import db_snapshot, image_bytes, product_post_data, upload


def _edit_url(product):
    return reverse("portal:product-edit", args=[product.pk])


def _pack_labels_in_page(html: str) -> list[str]:
    return re.findall(r'name="packs-\d+-label" value="([^"]*)"', html)


def test_group_is_chosen_by_name_under_its_top_level_group(client, portal):
    food = ProductGroupFactory(code="I", name="Thực phẩm", name_en="Food")
    tea = ProductGroupFactory(code="I.5", name="Chè", parent=food)
    ProductGroupFactory(code="I.5.b", name="Sản phẩm chè từ thực vật khác", parent=tea)
    client.force_login(portal["staff_a"])
    html = client.get(_edit_url(portal["product_a"])).content.decode()
    select = html[html.index('<select name="group"') : html.index("</select>")]
    assert '<optgroup label="Thực phẩm">' in select
    assert ">Chè: Sản phẩm chè từ thực vật khác</option>" in select
    assert "I.5" not in select and "T." not in select  # no Decision-148 codes


def test_award_is_shown_in_words(portal):
    product = portal["product_a"]
    award = certification_record(
        product=product, stars=5, level="national", decision_date=datetime.date(2024, 3, 1)
    )
    assert award_in_words(award, datetime.date(2025, 1, 1)) == (
        "5 sao · cấp Trung ương · năm 2024 · còn hiệu lực"
    )
    assert award_in_words(award, datetime.date(2027, 3, 2)).endswith("· đã hết hạn")


def test_edit_page_shows_rows_without_order_numbers_or_delete_on_the_new_row(
    client, portal, django_assert_max_num_queries
):
    client.force_login(portal["staff_a"])
    with django_assert_max_num_queries(16):
        html = client.get(_edit_url(portal["product_a"])).content.decode()
    # The place of a row is hidden; only the stored pack can be removed, not the empty new row.
    assert 'type="hidden" name="packs-0-sort_order"' in html
    assert "Thứ tự" not in html
    assert 'name="packs-0-DELETE"' in html and 'name="packs-1-DELETE"' not in html
    assert 'name="new_photos"' in html and 'name="main_photo"' in html
    assert html.index('class="default-submit"') < html.index('name="pack_add"')


def test_page_queries_do_not_grow_with_packs_and_photos(client, portal, django_assert_num_queries):
    product = portal["product_a"]
    client.force_login(portal["staff_a"])
    url = _edit_url(product)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for index in range(5):
        PackOptionFactory(product=product, label=f"hộp {index}", sort_order=index + 1)
        ProductImageFactory(product=product, sort_order=index + 2)
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)


def test_add_a_pack_without_javascript_keeps_what_was_typed_and_saves_nothing(client, portal):
    product, pack = portal["product_a"], portal["pack_a"]
    client.force_login(portal["staff_a"])
    before = db_snapshot()
    data = product_post_data(
        product,
        packs=[
            {"id": pack.pk, "label": pack.label, "price_vnd": "160.000", "sort_order": "0"},
            {"label": "hộp quà 1 kg", "price_vnd": "", "sort_order": "1"},
        ],
        summary="Đang sửa dở",
        name="",  # half-typed: no error is shown yet
        pack_add="1",
    )
    response = client.post(_edit_url(product), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert db_snapshot() == before
    assert _pack_labels_in_page(html) == ["gói 500 g", "hộp quà 1 kg"]
    assert 'name="packs-TOTAL_FORMS" value="3"' in html
    assert re.search(r'name="packs-2-label"[^>]*autofocus', html)
    assert 'value="160.000"' in html and "Đang sửa dở" in html
    assert "errorlist" not in html and "form-errors" not in html

    # The round trip: the new row filled in, the page saves all three.
    data.pop("pack_add")
    data.update(
        {
            "name": product.name,
            "packs-TOTAL_FORMS": "3",
            "packs-2-label": "chai 250 ml",
            "packs-2-price_vnd": "1.250.000 ₫",
            "packs-2-sort_order": "2",
        }
    )
    response = client.post(_edit_url(product), data)
    assert response.status_code == 302
    assert list(product.pack_options.values_list("label", "price_vnd", "sort_order")) == [
        ("gói 500 g", 160_000, 0),
        ("hộp quà 1 kg", None, 1),
        ("chai 250 ml", 1_250_000, 2),
    ]


def test_moving_a_pack_up_reorders_the_rows_and_the_saved_order(client, portal):
    product, first = portal["product_a"], portal["pack_a"]
    second = PackOptionFactory(product=product, label="hộp 1 kg", price_vnd=280_000, sort_order=1)
    client.force_login(portal["staff_a"])
    packs = [
        {"id": first.pk, "label": first.label, "price_vnd": "150000", "sort_order": "0"},
        {"id": second.pk, "label": second.label, "price_vnd": "280.000", "sort_order": "1"},
        {"label": "", "price_vnd": "", "sort_order": "2"},
    ]
    data = product_post_data(product, packs=packs, pack_move="packs-1:up")
    html = client.post(_edit_url(product), data).content.decode()
    assert _pack_labels_in_page(html) == ["hộp 1 kg", "gói 500 g"]
    assert html.index('name="packs-0-label"') < html.index('name="packs-2-label"')
    # The moved row keeps the keyboard's focus on its button (now first: only "down" is left).
    assert re.search(r'value="packs-1:down"[^>]*autofocus', html)
    assert 'name="packs-1-sort_order" value="0"' in html
    assert 'name="packs-0-sort_order" value="1"' in html

    data.pop("pack_move")
    data.update({"packs-0-sort_order": "1", "packs-1-sort_order": "0"})
    assert client.post(_edit_url(product), data).status_code == 302
    assert list(product.pack_options.values_list("label", flat=True)) == ["hộp 1 kg", "gói 500 g"]


@pytest.mark.parametrize("value", ["packs-9:up", "nonsense", "packs-0:sideways", ":"])
def test_a_forged_move_changes_nothing_and_never_fails(client, portal, value):
    product, pack = portal["product_a"], portal["pack_a"]
    client.force_login(portal["staff_a"])
    before = db_snapshot()
    data = product_post_data(
        product,
        packs=[{"id": pack.pk, "label": pack.label, "price_vnd": "150000", "sort_order": "x"}],
        pack_move=value,
    )
    response = client.post(_edit_url(product), data)
    assert response.status_code == 200
    assert _pack_labels_in_page(response.content.decode()) == ["gói 500 g"]
    assert db_snapshot() == before


def test_photos_are_added_removed_and_made_main_when_saving(client, portal, settings):
    product, photo_a, photo_a2 = portal["product_a"], portal["photo_a"], portal["photo_a2"]
    client.force_login(portal["staff_a"])
    data = product_post_data(
        product,
        packs=[{"id": portal["pack_a"].pk, "label": "gói 500 g", "price_vnd": "150000"}],
        main_photo=str(photo_a2.pk),
        remove_photos=[str(photo_a.pk)],
        new_photos=[upload(image_bytes()), upload(image_bytes(fmt="PNG"), "b.png", "image/png")],
    )
    response = client.post(_edit_url(product), data)
    assert response.status_code == 302
    photos = list(product.images.order_by("sort_order", "id"))
    assert len(photos) == 3 and photos[0] == photo_a2
    assert not ProductImage.objects.filter(pk=photo_a.pk).exists()
    assert all(photo.thumbnail for photo in photos[1:])


def test_a_hostile_upload_on_the_product_page_is_explained_and_saves_nothing(client, portal):
    product = portal["product_a"]
    client.force_login(portal["staff_a"])
    before = db_snapshot()
    data = product_post_data(
        product,
        summary="Không được lưu",
        new_photos=[
            upload(image_bytes()),
            upload(b"<svg onload=alert(1)>", "x.jpg", "image/jpeg"),
        ],
    )
    response = client.post(_edit_url(product), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "x.jpg:" in html
    assert "chưa được tải lên" in html  # the browser will not send the files again
    assert db_snapshot() == before


def test_another_products_photo_cannot_be_made_main_or_removed(client, portal):
    product, photo_b = portal["product_a"], portal["photo_b"]
    client.force_login(portal["staff_a"])
    before = db_snapshot()
    for field in ("main_photo", "remove_photos"):
        response = client.post(
            _edit_url(product), product_post_data(product, **{field: str(photo_b.pk)})
        )
        assert response.status_code == 200
        assert response.context["form"].errors[field]
    assert db_snapshot() == before


def test_the_main_photo_cannot_also_be_removed(client, portal):
    product, photo = portal["product_a"], portal["photo_a2"]
    client.force_login(portal["staff_a"])
    data = product_post_data(product, main_photo=str(photo.pk), remove_photos=[str(photo.pk)])
    response = client.post(_edit_url(product), data)
    assert response.status_code == 200
    assert ProductImage.objects.filter(pk=photo.pk).exists()


def test_a_new_product_is_added_with_its_photo_and_pack_in_one_step(client, portal):
    client.force_login(portal["staff_a"])
    url = reverse("portal:product-add", args=[portal["coop_a"].slug])
    assert 'name="packs-0-DELETE"' not in client.get(url).content.decode()
    data = product_post_data(
        portal["product_a"],
        packs=[{"label": "hũ 250 g", "price_vnd": "65000", "sort_order": "0"}],
        name="Mật ong hoa cà phê",
        new_photos=[upload(image_bytes())],
    )
    response = client.post(url, data)
    assert response.status_code == 302
    created = PackOption.objects.get(label="hũ 250 g").product
    assert created.name == "Mật ong hoa cà phê" and created.status == "pending"
    assert created.images.count() == 1
    assert created.pack_options.get().price_vnd == 65_000


def test_dashboard_shows_the_new_enquiry_count_and_a_few_products_each(
    client, portal, django_assert_num_queries
):
    from tests.factories import EnquiryFactory, ProductFactory

    coop = portal["coop_a"]
    for index in range(9):
        ProductFactory(cooperative=coop, name=f"Sản phẩm {index:02}")
    for _ in range(3):
        EnquiryFactory(cooperative=coop)
    EnquiryFactory(cooperative=portal["coop_b"])  # not staff A's
    client.force_login(portal["staff_a"])
    url = reverse("portal:dashboard")
    client.get(url)
    with django_assert_num_queries(6):
        response = client.get(url)
    html = response.content.decode()
    assert response.context["new_enquiries"] == 3
    assert '<strong class="portal-count">3</strong>' in html
    cooperative = response.context["cooperatives"][0]
    assert cooperative.product_count == 10 and len(cooperative.dashboard_products) == 4
    assert html.count('class="portal-product"') == 4
    assert "Xem tất cả 10 sản phẩm" in html
    listing = client.get(reverse("portal:product-list", args=[coop.slug]))
    assert listing.content.decode().count('class="portal-product"') == 10


def test_dashboard_pages_many_cooperatives(client, portal):
    from tests.factories import CooperativeFactory, MembershipFactory

    for index in range(7):
        MembershipFactory(
            user=portal["staff_a"], cooperative=CooperativeFactory(name=f"HTX Số {index}")
        )
    client.force_login(portal["staff_a"])
    first = client.get(reverse("portal:dashboard"))
    assert len(first.context["cooperatives"]) == 3
    last = client.get(reverse("portal:dashboard") + "?page=3")
    assert len(last.context["cooperatives"]) == 2
    assert client.get(reverse("portal:dashboard") + "?page=x").status_code == 200


def test_inbox_is_a_list_of_cards_with_the_filters_folded(client, portal):
    from tests.factories import EnquiryFactory

    EnquiryFactory(cooperative=portal["coop_a"], buyer_name="Nguyễn Thị Lan")
    client.force_login(portal["staff_a"])
    html = client.get(reverse("portal:enquiry-inbox")).content.decode()
    assert "<table" not in html
    assert '<details class="inbox-filter-box">' in html
    assert html.index("<summary>") < html.index('class="inbox-cards"')
    assert 'class="inbox-card status-new"' in html and "Nguyễn Thị Lan" in html


def test_add_a_pack_queries_do_not_grow_with_the_rows(client, portal):
    product = portal["product_a"]
    client.force_login(portal["staff_a"])
    url = _edit_url(product)

    def post_with(count):
        packs = [
            {"label": f"hộp {i}", "price_vnd": "65.000", "sort_order": i} for i in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, product_post_data(product, packs=packs, pack_add="1"))
        assert response.status_code == 200
        return len(queries.captured_queries)

    post_with(1)
    assert post_with(1) == post_with(6)
