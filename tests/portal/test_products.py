import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Certification, Product, ProductImage
from catalog.services import certification_record, product_hide_many, product_image_move
from tests.factories import (
    MembershipFactory,
    PackOptionFactory,
    ProductFactory,
    ProductImageFactory,
    UserFactory,
)
from tests.portal.conftest import db_snapshot, product_post_data


def test_new_product_waits_for_review_and_records_its_author(client, portal):
    client.force_login(portal["staff_a"])
    data = product_post_data(
        Product(name="Mật ong rừng Hướng Hóa", group=portal["product_a"].group),
        packs=[{"label": "chai 500 ml", "price_vnd": "250000", "sort_order": "0"}],
    )
    response = client.post(reverse("portal:product-add", args=[portal["coop_a"].slug]), data)

    product = Product.objects.get(name="Mật ong rừng Hướng Hóa")
    assert response["Location"] == reverse("portal:product-edit", args=[product.pk])
    assert (product.cooperative, product.status) == (portal["coop_a"], Product.Status.PENDING)
    assert list(product.pack_options.values_list("label", "price_vnd")) == [
        ("chai 500 ml", 250_000)
    ]
    created = product.history.get()
    assert (created.history_type, created.history_user) == ("+", portal["staff_a"])
    # Not in the public catalogue until an organiser publishes it.
    assert client.get(product.get_absolute_url()).status_code == 404


def test_staff_cannot_set_status_awards_or_cooperative_by_posting_them(client, portal):
    client.force_login(portal["staff_a"])
    group = portal["product_a"].group
    forged = {
        "status": "published",
        "is_featured": "on",
        "ocop_stars": "5",
        "ocop_valid_until": "2099-12-31",
        "cooperative": str(portal["coop_b"].pk),
        "slug": "forged-slug",
        "certifications-TOTAL_FORMS": "1",
        "certifications-INITIAL_FORMS": "0",
        "certifications-0-stars": "5",
        "certifications-0-level": "national",
        "certifications-0-decision_date": "2025-01-01",
    }
    data = product_post_data(Product(name="Tiêu Cồn Cỏ", group=group), **forged)
    client.post(reverse("portal:product-add", args=[portal["coop_a"].slug]), data)
    created = Product.objects.get(name="Tiêu Cồn Cỏ")
    assert (created.status, created.is_featured, created.ocop_stars) == ("pending", False, None)
    assert created.cooperative == portal["coop_a"]
    assert created.slug != "forged-slug"
    assert not Certification.objects.filter(product=created).exists()

    # The same on an existing, certified product: the award and status stay as the organisers set.
    product = portal["product_a"]
    certification_record(
        product=product, stars=4, level="province", decision_date=datetime.date(2024, 10, 15)
    )
    forged.update(status="hidden", ocop_stars="5")
    client.post(
        reverse("portal:product-edit", args=[product.pk]), product_post_data(product, **forged)
    )
    product.refresh_from_db()
    assert (product.status, product.ocop_stars, product.is_featured) == ("published", 4, False)
    assert list(product.certifications.values_list("stars", flat=True)) == [4]
    assert product.cooperative == portal["coop_a"]


def test_text_edits_of_a_published_product_go_live_at_once(client, portal):
    client.force_login(portal["staff_a"])
    product = portal["product_a"]
    data = product_post_data(product, summary="Cà phê Arabica rang mộc, vùng Hướng Hóa")
    response = client.post(reverse("portal:product-edit", args=[product.pk]), data, follow=True)
    assert [m.message for m in response.context["messages"]] == [
        "Đã lưu sản phẩm; thay đổi đã hiển thị ngay trong danh mục."
    ]
    public = client.get(product.get_absolute_url())
    assert "Cà phê Arabica rang mộc, vùng Hướng Hóa" in public.content.decode()
    product.refresh_from_db()
    assert product.status == Product.Status.PUBLISHED
    change = product.history.first()
    assert change.history_user == portal["staff_a"]
    assert [c.field for c in change.diff_against(change.prev_record).changes] == ["summary"]


def test_staff_manage_pack_options_and_prices(client, portal):
    client.force_login(portal["staff_a"])
    product, pack = portal["product_a"], portal["pack_a"]
    packs = [
        {"id": pack.pk, "label": pack.label, "price_vnd": "", "sort_order": "0", "DELETE": "on"},
        {"label": "hộp 250 g", "price_vnd": "85000", "sort_order": "1"},
        {"label": "túi 1 kg", "price_vnd": "", "sort_order": "2"},
    ]
    client.post(
        reverse("portal:product-edit", args=[product.pk]), product_post_data(product, packs)
    )
    assert list(product.pack_options.values_list("label", "price_vnd")) == [
        ("hộp 250 g", 85_000),
        ("túi 1 kg", None),
    ]


def test_invalid_pack_and_duplicate_name_are_explained_and_change_nothing(client, portal):
    client.force_login(portal["staff_a"])
    ProductFactory(name="Cà phê bột", cooperative=portal["coop_a"])
    product = portal["product_a"]
    before = db_snapshot()
    data = product_post_data(
        product,
        packs=[{"label": "gói 1 kg", "price_vnd": "-5", "sort_order": "0"}],
        name="Cà phê bột",
    )
    response = client.post(reverse("portal:product-edit", args=[product.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Hợp tác xã của bạn đã có một sản phẩm cùng tên."
    ]
    assert "price_vnd" in response.context["packs"].forms[0].errors
    assert db_snapshot() == before


def test_hide_then_unhide_restores_a_product_the_cooperative_hid(client, portal):
    client.force_login(portal["staff_a"])
    product = portal["product_a"]
    url = reverse("portal:product-visibility", args=[product.pk])
    client.post(url, {"action": "hide"})
    product.refresh_from_db()
    assert product.status == Product.Status.HIDDEN
    assert client.get(product.get_absolute_url()).status_code == 404
    client.post(url, {"action": "unhide"})
    product.refresh_from_db()
    assert product.status == Product.Status.PUBLISHED


def test_unhiding_a_product_the_organisers_hid_sends_it_back_to_review(client, portal):
    product = portal["product_a"]
    product_hide_many(products=Product.objects.filter(pk=product.pk))
    client.force_login(portal["staff_a"])
    client.post(reverse("portal:product-visibility", args=[product.pk]), {"action": "unhide"})
    product.refresh_from_db()
    assert product.status == Product.Status.PENDING


def test_unhide_restores_a_product_the_cooperative_hid_and_then_edited(client, portal):
    # Hiding a product to fix its price or text, then showing it again, must not send it back
    # to the organisers' review: every save while hidden adds a history row of its own.
    client.force_login(portal["staff_a"])
    product, pack = portal["product_a"], portal["pack_a"]
    visibility = reverse("portal:product-visibility", args=[product.pk])
    client.post(visibility, {"action": "hide"})
    product.refresh_from_db()
    packs = [{"id": pack.pk, "label": pack.label, "price_vnd": "175000", "sort_order": "0"}]
    response = client.post(
        reverse("portal:product-edit", args=[product.pk]),
        product_post_data(product, packs, summary="Giá mới từ tháng 12"),
    )
    assert response.status_code == 302
    client.post(visibility, {"action": "hide"})  # a second "hide" is harmless too
    client.post(visibility, {"action": "unhide"})
    product.refresh_from_db()
    assert (product.status, product.summary) == (Product.Status.PUBLISHED, "Giá mới từ tháng 12")


def test_unhide_restores_a_published_product_older_than_its_history(client, portal):
    # Products imported before history was kept (or bulk-created) have no row before the hide.
    product = portal["product_a"]
    product.history.all().delete()
    client.force_login(portal["staff_a"])
    visibility = reverse("portal:product-visibility", args=[product.pk])
    client.post(visibility, {"action": "hide"})
    client.post(visibility, {"action": "unhide"})
    product.refresh_from_db()
    assert product.status == Product.Status.PUBLISHED


def test_unhide_after_the_organisers_hid_it_and_staff_edited_it_still_needs_review(client, portal):
    product = portal["product_a"]
    product_hide_many(products=Product.objects.filter(pk=product.pk))
    client.force_login(portal["staff_a"])
    visibility = reverse("portal:product-visibility", args=[product.pk])
    client.post(visibility, {"action": "hide"})  # on top of the organisers' hiding
    client.post(
        reverse("portal:product-edit", args=[product.pk]),
        product_post_data(product, summary="Sửa sau khi bị ẩn"),
    )
    client.post(visibility, {"action": "unhide"})
    product.refresh_from_db()
    assert product.status == Product.Status.PENDING


def test_unknown_visibility_action_changes_nothing(client, portal):
    client.force_login(portal["staff_a"])
    before = db_snapshot()
    url = reverse("portal:product-visibility", args=[portal["product_a"].pk])
    response = client.post(url, {"action": "publish"}, follow=True)
    assert response.status_code == 200
    assert db_snapshot() == before


def test_photos_are_reordered_described_and_deleted(client, portal, settings):
    client.force_login(portal["staff_a"])
    first, second = portal["photo_a"], portal["photo_a2"]
    client.post(reverse("portal:photo-move", args=[second.pk]), {"direction": "up"})
    assert list(portal["product_a"].images.values_list("pk", flat=True)) == [second.pk, first.pk]
    client.post(reverse("portal:photo-move", args=[second.pk]), {"direction": "up"})
    assert list(portal["product_a"].images.values_list("pk", flat=True)) == [second.pk, first.pk]

    client.post(reverse("portal:photo-edit", args=[first.pk]), {"alt_text": "Hạt cà phê rang"})
    first.refresh_from_db()
    assert first.alt_text == "Hạt cà phê rang"

    response = client.post(reverse("portal:photo-delete", args=[first.pk]))
    assert response["Location"] == reverse("portal:product-photos", args=[portal["product_a"].pk])
    assert list(portal["product_a"].images.values_list("pk", flat=True)) == [second.pk]


def test_moving_a_photo_deleted_meanwhile_changes_nothing(portal):
    # Two tabs, or two members: the photo is gone by the time the move runs. No 500.
    photo, other = portal["photo_a"], portal["photo_a2"]
    ProductImage.objects.filter(pk=photo.pk).delete()
    product_image_move(image=photo, step=1)
    assert list(portal["product_a"].images.values_list("pk", "sort_order")) == [(other.pk, 1)]


@pytest.mark.django_db(transaction=True)
def test_deleting_a_photo_removes_its_files(client, settings):
    user = UserFactory()
    photo = ProductImageFactory()
    MembershipFactory(user=user, cooperative=photo.product.cooperative)
    paths = [photo.image.path, photo.thumbnail.path]
    client.force_login(user)
    client.post(reverse("portal:photo-delete", args=[photo.pk]))
    assert [os.path.exists(path) for path in paths] == [False, False]


def test_dashboard_scores_completeness_and_lists_what_needs_attention(client, portal):
    coop = portal["coop_a"]
    bare = ProductFactory(name="Đậu phộng rang", cooperative=coop, summary="", status="pending")
    expiring = ProductFactory(name="Hồ tiêu", cooperative=coop, description="x" * 100)
    PackOptionFactory(product=expiring, price_vnd=90_000)
    ProductImageFactory(product=expiring, alt_text="Hạt tiêu")
    today = timezone.localdate()
    certification_record(
        product=expiring,
        stars=3,
        level="province",
        decision_date=today - datetime.timedelta(days=1000),
        expires_on=today + datetime.timedelta(days=30),
    )
    client.force_login(portal["staff_a"])
    response = client.get(reverse("portal:dashboard"))
    products = {p.name: p for p in response.context["cooperatives"][0].products.all()}

    assert products["Hồ tiêu"].checklist.score == 100
    assert [str(r) for r in products["Hồ tiêu"].attention] == [
        "Chứng nhận OCOP sẽ hết hạn trong vòng 90 ngày."
    ]
    assert products["Đậu phộng rang"].checklist.score == 0
    assert [str(r) for r in products["Đậu phộng rang"].attention] == [
        "Đang chờ ban tổ chức duyệt.",
        "Chưa có ảnh.",
        "Chưa có giá.",
    ]
    # Summary, photo with alt text and a priced pack, but a one-line description: 4 of 5.
    assert products["Cà phê Khe Sanh"].checklist.score == 80
    assert bare.name in response.content.decode()


def test_dashboard_queries_do_not_grow_with_products(client, portal, django_assert_num_queries):
    client.force_login(portal["staff_a"])
    url = reverse("portal:dashboard")
    client.get(url)
    # Session, user, cooperatives, products with their counts.
    # One query more than before: the header reads the current fair (floor plan, exhibitors);
    # and one for the ids of the user's cooperatives, which the dashboard shows a page at a time.
    with django_assert_num_queries(6) as few:
        client.get(url)
    for index in range(8):
        product = ProductFactory(cooperative=portal["coop_a"], name=f"Sản phẩm {index}")
        ProductImageFactory(product=product)
        PackOptionFactory(product=product)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_profile_edit_normalises_the_logo(client, portal):
    import io

    from PIL import Image

    from tests.portal.conftest import image_bytes, upload

    client.force_login(portal["staff_a"])
    data = {
        "description": "Hợp tác xã trồng cà phê Arabica.",
        "phone": "0233 3880 123",
        "email": "",
        "website": "htx-khesanh.vn",
        "address": "",
        "commune": "Khe Sanh",
        "new_logo": upload(image_bytes("PNG", size=(1000, 800)), "../../logo.png", "image/png"),
    }
    response = client.post(reverse("portal:profile", args=[portal["coop_a"].slug]), data)
    assert response.status_code == 302
    coop = portal["coop_a"]
    coop.refresh_from_db()
    assert coop.website == "https://htx-khesanh.vn"
    assert coop.logo.name.startswith("cooperatives/logos/") and "logo" not in coop.logo.name[19:]
    with coop.logo.open("rb") as handle:
        logo = Image.open(io.BytesIO(handle.read()))
    assert (logo.format, logo.size) == ("JPEG", (400, 320))
    assert coop.history.first().history_user == portal["staff_a"]


def test_profile_refuses_a_bad_logo_and_changes_nothing(client, portal):
    from tests.portal.conftest import upload

    client.force_login(portal["staff_a"])
    before = db_snapshot()
    data = {"description": "Mới", "new_logo": upload(b"GIF89a not really", "logo.gif", "image/gif")}
    response = client.post(reverse("portal:profile", args=[portal["coop_a"].slug]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["new_logo"] == [
        "Không đọc được tệp này: tệp không phải là ảnh hợp lệ."
    ]
    assert db_snapshot() == before


def test_staff_hiding_an_organiser_hidden_product_cannot_republish_it(client, portal):
    # The organisers took it down without a history row of their own (QuerySet.update());
    # the cooperative then "hides" it too: showing it again must still need a review.
    product = portal["product_a"]
    Product.objects.filter(pk=product.pk).update(status=Product.Status.HIDDEN)
    client.force_login(portal["staff_a"])
    visibility = reverse("portal:product-visibility", args=[product.pk])
    client.post(visibility, {"action": "hide"})
    client.post(visibility, {"action": "unhide"})
    product.refresh_from_db()
    assert product.status == Product.Status.PENDING


def test_pack_prices_typed_the_vietnamese_way_are_stored_in_whole_dong(client, portal):
    # "180.000" was stored as 180 and "1.250.000" refused as "not a whole number".
    client.force_login(portal["staff_a"])
    product = portal["product_a"]
    packs = [
        {"label": "hộp 250 g", "price_vnd": "180.000", "sort_order": "0"},
        {"label": "hộp 1 kg", "price_vnd": "1.250.000 ₫", "sort_order": "1"},
        {"label": "túi 2 kg", "price_vnd": "2\u00a0400\u00a0000", "sort_order": "2"},
    ]

    response = client.post(
        reverse("portal:product-edit", args=[product.pk]), product_post_data(product, packs=packs)
    )

    assert response.status_code == 302
    assert list(product.pack_options.order_by("sort_order").values_list("label", "price_vnd")) == [
        ("gói 500 g", 150_000),
        ("hộp 250 g", 180_000),
        ("hộp 1 kg", 1_250_000),
        ("túi 2 kg", 2_400_000),
    ]
    page = client.get(reverse("portal:product-edit", args=[product.pk])).content.decode()
    assert 'value="1.250.000"' in page and 'value="150.000"' in page


@pytest.mark.parametrize(
    "typed", ["180,5", "18.0000", "1.25.000", "-180.000", "180", "9.999.999.999"]
)
def test_malformed_pack_price_is_refused_in_vietnamese_and_changes_nothing(client, portal, typed):
    client.force_login(portal["staff_a"])
    product = portal["product_a"]
    before = db_snapshot()
    packs = [{"label": "hộp 250 g", "price_vnd": typed, "sort_order": "0"}]

    response = client.post(
        reverse("portal:product-edit", args=[product.pk]), product_post_data(product, packs=packs)
    )

    assert response.status_code == 200
    errors = response.context["packs"].forms[0].errors["price_vnd"]
    assert "ví dụ 180.000 hoặc 1.250.000" in " ".join(errors)
    assert f'value="{typed}"' in response.content.decode()
    assert db_snapshot() == before
