"""Media work on a storage with no file system behind it (as S3 is): no `.path`, no os calls.

The storage here keeps files in memory and, like S3Storage, has no local path: any code that
reaches for a local file fails. tests/production/test_scale_out.py runs the same paths on a real S3
API through gunicorn; these run on both databases in every pass.
"""

import os

import pytest
from django.core.files.storage import InMemoryStorage, default_storage
from django.urls import reverse

from catalog.models import ProductImage
from tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    ProductFactory,
    ProductImageFactory,
    UserFactory,
)
from tests.image_files import image_bytes
from tests.portal.conftest import upload

pytestmark = pytest.mark.django_db


class NoLocalFileStorage(InMemoryStorage):
    """In memory, and with no local path (InMemoryStorage would make one up)."""

    def path(self, name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    def _relative_path(self, name):
        # InMemoryStorage finds its own entries through path(): use the same join, privately.
        return os.path.relpath(super().path(name), self.location)


@pytest.fixture(autouse=True)
def memory_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.NoLocalFileStorage"},
    }
    with pytest.raises(NotImplementedError):
        default_storage.path("anything.jpg")
    yield default_storage
    assert not settings.MEDIA_ROOT.exists(), "nothing may be written under MEDIA_ROOT"


def _stored(folder: str) -> set[str]:
    return {f"{folder}/{name}" for name in default_storage.listdir(folder)[1]}


def test_portal_photo_upload_page_and_delete_use_the_storage_only(
    client, django_capture_on_commit_callbacks
):
    staff = UserFactory()
    product = ProductFactory(status="published")
    MembershipFactory(user=staff, cooperative=product.cooperative)
    client.force_login(staff)

    response = client.post(
        reverse("portal:product-photos", args=[product.pk]),
        {"photos": [upload(image_bytes(size=(1600, 1200)), "IMG_1.JPG")]},
    )

    assert response.status_code == 302
    photo = product.images.get()
    assert _stored("products") == {photo.image.name, photo.thumbnail.name}
    assert (photo.width, photo.thumbnail_width) == (1600, 480)
    page = client.get(product.get_absolute_url()).content.decode()
    assert default_storage.url(photo.thumbnail.name) in page
    assert default_storage.url(photo.image.name) in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:photo-delete", args=[photo.pk]))

    assert response.status_code == 302
    assert not ProductImage.objects.exists()
    assert _stored("products") == set()


def test_portal_logo_replace_uses_the_storage_only(client, django_capture_on_commit_callbacks):
    staff = UserFactory()
    cooperative = CooperativeFactory()
    MembershipFactory(user=staff, cooperative=cooperative)
    client.force_login(staff)
    profile = reverse("portal:profile", args=[cooperative.slug])
    logos = []

    for name in ("first.png", "second.jpg"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                profile,
                {
                    "description": "Mới",
                    "phone": "0912 345 678",
                    "new_logo": upload(image_bytes(), name),
                },
            )
        assert response.status_code == 302
        cooperative.refresh_from_db()
        logos.append(cooperative.logo.name)

    # The replaced logo is deleted from the storage once the change commits.
    assert _stored("cooperatives/logos") == {logos[1]} != {logos[0]}


def test_admin_photo_list_and_bulk_delete_use_the_storage_only(
    organiser_client, django_capture_on_commit_callbacks
):
    photos = ProductImageFactory.create_batch(2)
    names = {stored.name for photo in photos for stored in (photo.image, photo.thumbnail) if stored}
    assert names <= _stored("products")
    changelist = reverse("admin:catalog_productimage_changelist")
    assert organiser_client.get(changelist).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            changelist,
            {
                "action": "delete_selected",
                "_selected_action": [photo.pk for photo in photos],
                "post": "yes",
            },
        )

    assert response.status_code == 302
    assert not ProductImage.objects.exists()
    assert not names & _stored("products")
