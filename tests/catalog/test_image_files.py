"""Files of deleted photos and replaced logos leave the disk once the change commits — through
the portal, the admin (single and bulk delete, the product page's photo rows, the photo and
cooperative forms) alike — and stay when the change rolls back."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from catalog.models import Product, ProductImage
from catalog.services import product_image_delete
from cooperatives.models import Cooperative
from cooperatives.services import cooperative_save
from tests.admin_pages import admin_url, post_action
from tests.factories import CooperativeFactory, MembershipFactory, ProductImageFactory, UserFactory
from tests.image_files import image_bytes, metadata_in

pytestmark = pytest.mark.django_db


def _paths(*photos):
    return [stored.path for photo in photos for stored in (photo.image, photo.thumbnail) if stored]


def _exist(paths):
    from pathlib import Path

    return [Path(path).exists() for path in paths]


def _upload(name="photo.jpg"):
    return SimpleUploadedFile(name, image_bytes(size=(300, 200)), content_type="image/jpeg")


def test_portal_photo_delete_removes_its_files_after_commit(
    client, django_capture_on_commit_callbacks
):
    staff = UserFactory()
    photo = ProductImageFactory()
    MembershipFactory(user=staff, cooperative=photo.product.cooperative)
    paths = _paths(photo)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:photo-delete", args=[photo.pk]))

    assert response.status_code == 302
    assert not ProductImage.objects.filter(pk=photo.pk).exists()
    assert _exist(paths) == [False, False]


def test_admin_photo_delete_removes_its_files_after_commit(
    organiser_client, django_capture_on_commit_callbacks
):
    photo = ProductImageFactory()
    paths = _paths(photo)

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            admin_url(ProductImage, "delete", photo.pk), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not ProductImage.objects.filter(pk=photo.pk).exists()
    assert _exist(paths) == [False, False]


def test_admin_bulk_delete_removes_every_photos_files_after_commit(
    organiser_client, django_capture_on_commit_callbacks
):
    photos = [ProductImageFactory() for _ in range(3)]
    kept = ProductImageFactory()
    paths = _paths(*photos)

    with django_capture_on_commit_callbacks(execute=True):
        post_action(organiser_client, ProductImage, "delete_selected", photos, post="yes")

    assert list(ProductImage.objects.all()) == [kept]
    assert _exist(paths) == [False] * 6
    assert _exist(_paths(kept)) == [True, True]


def test_admin_product_delete_removes_its_photos_files_after_commit(
    organiser_client, django_capture_on_commit_callbacks
):
    photo = ProductImageFactory()
    second = ProductImageFactory(product=photo.product)
    paths = _paths(photo, second)

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            admin_url(Product, "delete", photo.product.pk), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not Product.objects.filter(pk=photo.product.pk).exists()
    assert _exist(paths) == [False] * 4


def test_admin_bulk_product_delete_keeps_other_products_photos(
    organiser_client, django_capture_on_commit_callbacks
):
    doomed = [ProductImageFactory() for _ in range(2)]
    kept = ProductImageFactory()

    with django_capture_on_commit_callbacks(execute=True):
        post_action(
            organiser_client, Product, "delete_selected", [p.product for p in doomed], post="yes"
        )

    assert list(Product.objects.all()) == [kept.product]
    assert _exist(_paths(*doomed)) == [False] * 4
    assert _exist(_paths(kept)) == [True, True]


def test_deleting_a_photo_row_on_the_product_page_removes_its_files(
    organiser, django_capture_on_commit_callbacks
):
    photo = ProductImageFactory()
    other = ProductImageFactory(product=photo.product)
    paths = _paths(photo)
    request = RequestFactory().post("/")
    request.user = organiser
    product_admin = admin.site._registry[Product]
    formset_class = next(
        formset
        for formset, inline in product_admin.get_formsets_with_inlines(request, photo.product)
        if inline.model is ProductImage
    )
    rows = ProductImage.objects.filter(product=photo.product).order_by("sort_order", "id")
    data = {"images-TOTAL_FORMS": "2", "images-INITIAL_FORMS": "2"}
    for index, row in enumerate(rows):
        data |= {
            f"images-{index}-id": row.pk,
            f"images-{index}-product": row.product_id,
            f"images-{index}-alt_text": row.alt_text,
            f"images-{index}-sort_order": row.sort_order,
        }
        if row == photo:
            data[f"images-{index}-DELETE"] = "on"
    formset = formset_class(data, {}, instance=photo.product, prefix="images")
    assert formset.is_valid(), formset.errors

    with django_capture_on_commit_callbacks(execute=True):
        formset.save()

    assert list(photo.product.images.all()) == [other]
    assert _exist(paths) == [False, False]


def test_replacing_a_photo_in_the_admin_stores_renditions_and_removes_the_old_files(
    organiser_client, django_capture_on_commit_callbacks
):
    photo = ProductImageFactory()
    old_paths = _paths(photo)

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            admin_url(ProductImage, "change", photo.pk),
            {
                "product": photo.product_id,
                "image": _upload(),
                "alt_text": "Gói mới",
                "sort_order": "0",
            },
        )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.width, photo.thumbnail_width, photo.alt_text) == (300, 300, "Gói mới")
    assert photo.thumbnail.name.endswith(".webp")
    assert _exist(old_paths) == [False, False]
    assert _exist(_paths(photo)) == [True, True]


def test_files_stay_when_the_deletion_rolls_back(django_capture_on_commit_callbacks):
    photo = ProductImageFactory()
    paths = _paths(photo)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            product_image_delete(image=photo)
            raise RuntimeError("the rest of the change failed")

    assert callbacks == []
    assert ProductImage.objects.filter(pk=photo.pk).exists()
    assert _exist(paths) == [True, True]


def _logo_post_data(cooperative, logo):
    data = {
        "name": cooperative.name,
        "kind": cooperative.kind,
        "province": cooperative.province_id,
        "is_active": "on",
        "district": cooperative.district,
        "commune": cooperative.commune,
        "address": cooperative.address,
        "phone": cooperative.phone,
        "email": cooperative.email,
        "website": cooperative.website,
        "description": cooperative.description,
        "logo": logo,
    }
    for prefix in ("memberships", "shop_links"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


@pytest.fixture
def cooperative_with_logo():
    cooperative = CooperativeFactory()
    with transaction.atomic():
        cooperative_save(cooperative=cooperative, logo=_logo_file())
    return cooperative


def _logo_file():
    from ocop_fair.images import make_logo

    return make_logo(_upload("logo.jpg"))


def test_admin_cooperative_delete_removes_its_logo_after_commit(
    organiser_client, cooperative_with_logo, django_capture_on_commit_callbacks
):
    path = cooperative_with_logo.logo.path

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            admin_url(Cooperative, "delete", cooperative_with_logo.pk), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not Cooperative.objects.filter(pk=cooperative_with_logo.pk).exists()
    assert _exist([path]) == [False]


def test_portal_logo_replace_removes_the_old_file_after_commit(
    client, cooperative_with_logo, django_capture_on_commit_callbacks
):
    staff = UserFactory()
    MembershipFactory(user=staff, cooperative=cooperative_with_logo)
    old_path = cooperative_with_logo.logo.path
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:profile", args=[cooperative_with_logo.slug]),
            {"description": "Mới", "phone": "0912 345 678", "new_logo": _upload("new.png")},
        )

    assert response.status_code == 302
    cooperative_with_logo.refresh_from_db()
    assert cooperative_with_logo.logo.path != old_path
    assert _exist([old_path, cooperative_with_logo.logo.path]) == [False, True]


def test_admin_logo_replace_goes_through_the_pipeline_and_removes_the_old_file(
    organiser_client, cooperative_with_logo, django_capture_on_commit_callbacks
):
    old_path = cooperative_with_logo.logo.path
    url = admin_url(Cooperative, "change", cooperative_with_logo.pk)
    prefixes = {
        inline.formset.prefix
        for inline in organiser_client.get(url).context["inline_admin_formsets"]
    }
    data = _logo_post_data(cooperative_with_logo, _upload("IMG_0001.JPG"))
    assert prefixes == {"memberships", "shop_links"}

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url, data)

    assert response.status_code == 302
    cooperative_with_logo.refresh_from_db()
    stored = cooperative_with_logo.logo
    assert stored.name.startswith("cooperatives/logos/") and "IMG_0001" not in stored.name
    assert _exist([old_path, stored.path]) == [False, True]


def test_admin_adds_a_cooperative_with_a_normalised_logo(organiser_client):
    template = CooperativeFactory.build(province=CooperativeFactory().province)
    data = _logo_post_data(template, _upload("IMG_0002.JPG"))

    response = organiser_client.post(admin_url(Cooperative, "add"), data)

    assert response.status_code == 302
    added = Cooperative.objects.get(name=template.name)
    assert added.slug and "IMG_0002" not in added.logo.name
    with added.logo.open("rb") as handle:
        assert metadata_in(handle.read()) == []


def test_admin_logo_clear_removes_the_file_after_commit(
    organiser_client, cooperative_with_logo, django_capture_on_commit_callbacks
):
    old_path = cooperative_with_logo.logo.path
    data = _logo_post_data(cooperative_with_logo, "") | {"logo-clear": "on"}

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            admin_url(Cooperative, "change", cooperative_with_logo.pk), data
        )

    assert response.status_code == 302
    cooperative_with_logo.refresh_from_db()
    assert cooperative_with_logo.logo.name == ""
    assert _exist([old_path]) == [False]


def test_admin_refuses_a_hostile_logo_and_keeps_the_old_one(
    organiser_client, cooperative_with_logo
):
    old_name = cooperative_with_logo.logo.name
    bomb = SimpleUploadedFile("logo.webp", _webp_bomb(), content_type="image/webp")

    response = organiser_client.post(
        admin_url(Cooperative, "change", cooperative_with_logo.pk),
        _logo_post_data(cooperative_with_logo, bomb),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["logo"] == [
        "Ảnh PNG hoặc WebP chỉ được tối đa 10 megapixel; hãy gửi ảnh dạng JPEG."
    ]
    cooperative_with_logo.refresh_from_db()
    assert cooperative_with_logo.logo.name == old_name


def _webp_bomb() -> bytes:
    data = bytearray(image_bytes("WEBP", size=(16, 16), lossless=True))
    bits = int.from_bytes(data[21:25], "little") & ~((1 << 28) - 1)
    data[21:25] = (bits | 7999 | (4999 << 14)).to_bytes(4, "little")
    return bytes(data)


def test_logo_kept_when_the_replacement_rolls_back(
    cooperative_with_logo, django_capture_on_commit_callbacks
):
    old_name, old_path = cooperative_with_logo.logo.name, cooperative_with_logo.logo.path

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            cooperative_save(cooperative=cooperative_with_logo, logo=_logo_file())
            raise RuntimeError("the rest of the change failed")

    assert callbacks == []
    assert Cooperative.objects.get(pk=cooperative_with_logo.pk).logo.name == old_name
    assert _exist([old_path]) == [True]
