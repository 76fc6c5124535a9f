"""Thousands of malformed images through both upload paths (product photos and the logo): each is
refused with a message or stored re-encoded and clean — never a server error, never a stray file.

The files are valid JPEG, PNG, WebP, TIFF, GIF and APNG images made here, then damaged by a seeded
random generator (flipped bytes, extreme integers, cuts, insertions, repeats), so every run tries
the same cases and a failure can be replayed from its index.
"""

import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from PIL import Image

from portal.forms import (
    MAX_PHOTOS_PER_UPLOAD,
    CooperativeProfileForm,
    PhotoUploadForm,
)
from tests.image_files import metadata_in
from tests.portal.conftest import db_snapshot

FORM_FILES = 3000  # through the forms, ten photos a post as staff send them
VIEW_FILES = 300  # through the portal's views, photos and logos


def _seeds() -> list[bytes]:
    picture = Image.new("RGB", (48, 32), (47, 125, 50))
    picture.paste((200, 40, 40), (0, 0, 16, 16))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (21.0, 42.0, 36.0)}
    seeds = []
    for fmt, mode, options in [
        ("JPEG", "RGB", {"exif": exif.tobytes(), "comment": b"Owner 0912345678"}),
        ("JPEG", "RGB", {"progressive": True, "subsampling": 0}),
        ("JPEG", "CMYK", {}),
        ("PNG", "RGBA", {"exif": exif.tobytes()}),
        ("PNG", "P", {}),
        ("WEBP", "RGB", {"quality": 60, "exif": exif.tobytes()}),
        ("WEBP", "RGBA", {"lossless": True}),
        ("TIFF", "RGB", {}),
        ("GIF", "P", {}),
        ("PNG", "RGB", {"save_all": True, "append_images": [picture.rotate(90, expand=True)]}),
    ]:
        buffer = io.BytesIO()
        picture.convert(mode).save(buffer, format=fmt, **options)
        seeds.append(buffer.getvalue())
    return seeds


def _mutated(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(data))
        choice = rng.randrange(6)
        if choice == 0:  # flip a few bytes
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif choice == 1:  # an extreme integer where a size, offset or count may be
            data[at : at + 4] = rng.choice([b"\xff\xff\xff\xff", b"\x7f\xff\xff\xff", b"\0\0\0\0"])
        elif choice == 2:  # cut short
            del data[max(at, 8) :]
        elif choice == 3:  # insert garbage
            data[at:at] = rng.randbytes(rng.randint(1, 64))
        elif choice == 4:  # repeat a slice (a duplicated chunk or segment)
            end = min(len(data), at + rng.randint(1, 200))
            data[at:at] = data[at:end]
        else:  # drop a slice
            del data[at : at + rng.randint(1, 64)]
    return bytes(data)


def _cases(count: int, seed: int) -> list[tuple[str, bytes]]:
    rng, seeds = random.Random(seed), _seeds()
    return [(f"f{index}.jpg", _mutated(rng.choice(seeds), rng)) for index in range(count)]


def _stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(path) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _upload(name, data):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_forms_refuse_or_clean_every_malformed_image(portal, settings):
    cases = _cases(FORM_FILES, seed=22)
    files_before = _stored_files(settings)
    refused = 0
    for start in range(0, len(cases), MAX_PHOTOS_PER_UPLOAD):
        batch = cases[start : start + MAX_PHOTOS_PER_UPLOAD]
        form = PhotoUploadForm(
            data={}, files=MultiValueDict({"photos": [_upload(*case) for case in batch]})
        )
        if form.is_valid():
            for renditions in form.cleaned_data["photos"]:
                assert metadata_in(renditions.original.read()) == []
                assert metadata_in(renditions.thumbnail.read()) == []
        else:
            refused += 1
            assert form.errors["photos"]
    for name, data in cases[: FORM_FILES // 5]:
        form = CooperativeProfileForm(
            instance=portal["coop_a"],
            data={"description": "Mới", "phone": "0912 345 678"},
            files={"new_logo": _upload(name, data)},
        )
        if form.is_valid():
            assert metadata_in(form.cleaned_data["new_logo"].read()) == []
        else:
            assert list(form.errors) == ["new_logo"]
    # Most batches hold at least one refused file; forms store nothing.
    assert refused > FORM_FILES // MAX_PHOTOS_PER_UPLOAD // 2
    assert _stored_files(settings) == files_before


@pytest.mark.parametrize("path", ["photos", "logo"])
def test_views_never_fail_on_a_malformed_image_and_store_nothing_when_refusing(
    client, portal, settings, path
):
    client.force_login(portal["staff_a"])
    if path == "photos":
        url = reverse("portal:product-photos", args=[portal["product_a"].pk])
        field, extra = "photos", {}
    else:
        url = reverse("portal:profile", args=[portal["coop_a"].slug])
        field, extra = "new_logo", {"description": "Mới", "phone": "0912 345 678"}
    outcomes = {200: 0, 302: 0}
    for index, (name, data) in enumerate(_cases(VIEW_FILES // 2, seed=15 + len(path))):
        before, files_before = db_snapshot(), _stored_files(settings)
        response = client.post(url, {field: _upload(name, data), **extra})
        assert response.status_code in outcomes, f"case {index}: {response.status_code}"
        outcomes[response.status_code] += 1
        if response.status_code == 200:
            assert response.context["form"].errors[field], f"case {index}"
            assert db_snapshot() == before, f"case {index}"
            assert _stored_files(settings) == files_before, f"case {index}"
        else:
            for new in set(_stored_files(settings)) - set(files_before):
                with open(new, "rb") as handle:
                    assert metadata_in(handle.read()) == [], f"case {index}"
    assert outcomes[200] > 0
