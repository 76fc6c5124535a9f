import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.images import make_renditions
from catalog.services import product_image_add
from tests.factories import ProductFactory


def _image_bytes(fmt="JPEG", size=(1200, 900), mode="RGB", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, "#2f7d32" if mode == "RGB" else (47, 125, 50, 128)).save(
        buffer, format=fmt, **save_options
    )
    return buffer.getvalue()


def _upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_renditions_cap_the_original_and_make_a_webp_thumbnail():
    renditions = make_renditions(_upload(_image_bytes(size=(4000, 3000))))
    original = Image.open(io.BytesIO(renditions.original.read()))
    thumbnail = Image.open(io.BytesIO(renditions.thumbnail.read()))
    assert (original.format, original.size) == ("JPEG", (2000, 1500))
    assert (thumbnail.format, thumbnail.size) == ("WEBP", (480, 360))


def test_exif_orientation_is_applied_and_metadata_stripped():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 0.0)}  # a GPS block that must not survive
    data = _image_bytes(size=(800, 600), exif=exif.tobytes())
    renditions = make_renditions(_upload(data))
    original = Image.open(io.BytesIO(renditions.original.read()))
    assert original.size == (600, 800)
    assert not original.getexif()
    assert b"Exif" not in renditions.original.read()


def test_transparent_png_is_flattened():
    renditions = make_renditions(_upload(_image_bytes("PNG", mode="RGBA"), "logo.png"))
    assert Image.open(io.BytesIO(renditions.original.read())).mode == "RGB"


def test_png_with_appended_html_is_re_encoded():
    data = _image_bytes("PNG", size=(300, 200)) + b"<script>alert(1)</script>"
    renditions = make_renditions(_upload(data, "photo.png"))
    assert b"<script>" not in renditions.original.read()


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"<html>not an image</html>", "photo.jpg", "invalid"),
        (_image_bytes("GIF", size=(10, 10), mode="RGB"), "photo.jpg", "format"),
        (_image_bytes("PNG", size=(8000, 5001)), "huge.png", "pixels"),
    ],
)
def test_bad_uploads_are_refused_by_content_not_by_name(data, name, code):
    with pytest.raises(ValidationError) as raised:
        make_renditions(_upload(data, name))
    assert raised.value.code == code


def test_files_over_10_mb_are_refused_before_decoding():
    upload = _upload(b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as raised:
        make_renditions(upload)
    assert raised.value.code == "too_large"


@pytest.mark.django_db
def test_product_image_add_stores_both_renditions_under_random_names():
    product = ProductFactory()
    first = product_image_add(product=product, file=_upload(_image_bytes()), alt_text="Bưởi")
    second = product_image_add(product=product, file=_upload(_image_bytes(), "my-gps-photo.jpg"))
    assert [first.sort_order, second.sort_order] == [0, 1]
    assert (first.width, first.height, first.thumbnail_width) == (1200, 900, 480)
    assert "my-gps-photo" not in second.image.name
    assert first.image.name.startswith("products/") and first.thumbnail.name.endswith(".webp")
