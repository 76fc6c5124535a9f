"""Photo uploads through the portal: every bad kind is refused with its message, nothing is
stored, never a 500; a phone photo is turned upright and loses all its metadata."""

import io
import struct

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image

from tests.portal.conftest import db_snapshot, image_bytes, upload


def _stored_files(settings):
    root = settings.MEDIA_ROOT / "products"
    return sorted(p.name for p in root.rglob("*")) if root.exists() else []


def _jpeg_with_size_in_header(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header claims another size (how bombs are made)."""
    data = bytearray(image_bytes(size=(64, 48)))
    sof = data.index(b"\xff\xc0")
    # SOF0: marker, length (2), precision (1), height (2), width (2).
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _png_bomb(side: int) -> bytes:
    """A PNG of side × side black pixels: a few hundred kB that would decode to side² bytes."""
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="GIF")
    return buffer.getvalue()


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
FULL_JPEG = image_bytes(size=(1200, 900))
# Large enough to be decoded at reduced scale (Image.draft in ocop_fair.images._decode).
LARGE_JPEG = image_bytes(size=(4800, 3200), colour="#c98a1b")

BAD_UPLOADS = {
    "text named .jpg": (
        b"Day la mot tep van ban, khong phai anh.",
        "anh.jpg",
        "This file is not a readable image.",
    ),
    "truncated JPEG": (
        FULL_JPEG[: len(FULL_JPEG) // 2],
        "cut.jpg",
        "The photo is damaged or incomplete; take or send it again.",
    ),
    "truncated large JPEG": (
        LARGE_JPEG[: len(LARGE_JPEG) * 2 // 3],
        "cut-large.jpg",
        "The photo is damaged or incomplete; take or send it again.",
    ),
    "SVG": (SVG, "logo.svg", "This file is not a readable image."),
    "PNG decompression bomb": (
        _png_bomb(12_000),
        "bomb.png",
        "The image is larger than 40 megapixels.",
    ),
    "20000×20000 image": (
        _jpeg_with_size_in_header(20_000, 20_000),
        "huge.jpg",
        "The image is larger than 40 megapixels.",
    ),
    "GIF": (_gif(), "anim.gif", "Only JPEG, PNG or WebP photos are accepted."),
    "over 10 MB": (
        b"\xff\xd8\xff\xe0" + b"\0" * (10 * 1024 * 1024),
        "big.jpg",
        "The file is larger than 10 MB.",
    ),
    "polyglot JPEG + HTML": (
        FULL_JPEG + b"<html><body><script>alert(1)</script></body></html>",
        "photo.jpg",
        "This file hides web page or script code inside the image.",
    ),
    "polyglot PNG + script": (
        image_bytes("PNG", size=(300, 200)) + b"<script src=//evil.example/x.js></script>",
        "photo.png",
        "This file hides web page or script code inside the image.",
    ),
}


@pytest.mark.parametrize("kind", BAD_UPLOADS)
def test_bad_upload_is_refused_with_its_message_and_nothing_is_stored(
    client, portal, settings, kind
):
    data, name, message = BAD_UPLOADS[kind]
    client.force_login(portal["staff_a"])
    before, files_before = db_snapshot(), _stored_files(settings)
    with translation.override("en"):
        url = reverse("portal:product-photos", args=[portal["product_a"].pk])
    response = client.post(url, {"photos": [upload(data, name)]})

    assert response.status_code == 200
    assert response.context["form"].errors["photos"] == [f"{name}: {message}"]
    assert f"{name}: {message}" in response.content.decode()
    assert db_snapshot() == before
    assert _stored_files(settings) == files_before


def test_one_bad_photo_among_good_ones_stores_none_of_them(client, portal, settings):
    client.force_login(portal["staff_a"])
    before = db_snapshot()
    url = reverse("portal:product-photos", args=[portal["product_a"].pk])
    files = [
        upload(image_bytes(), "a.jpg"),
        upload(_gif(), "b.gif"),
        upload(image_bytes(), "c.jpg"),
    ]
    response = client.post(url, {"photos": files})
    assert response.status_code == 200
    assert response.context["form"].errors["photos"] == [
        "b.gif: Chỉ chấp nhận ảnh JPEG, PNG hoặc WebP."
    ]
    assert db_snapshot() == before


def test_more_than_ten_photos_at_once_are_refused(client, portal):
    client.force_login(portal["staff_a"])
    before = db_snapshot()
    url = reverse("portal:product-photos", args=[portal["product_a"].pk])
    response = client.post(url, {"photos": [upload(image_bytes(size=(40, 30))) for _ in range(11)]})
    assert response.context["form"].errors["photos"] == ["Mỗi lần tải lên tối đa 10 ảnh."]
    assert db_snapshot() == before


def _phone_photo() -> bytes:
    """A camera JPEG stored sideways: left half red, right half blue, EXIF orientation 6
    (rotate 90° clockwise to view), GPS coordinates, camera make and a date."""
    image = Image.new("RGB", (1600, 1200), "blue")
    image.paste("red", (0, 0, 800, 1200))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0x0132] = "2022:11:02 08:30:00"
    exif[0x8825] = {1: "N", 2: (18.0, 20.0, 30.0), 3: "E", 4: (105.0, 54.0, 10.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def test_phone_photo_is_stored_upright_without_any_metadata(client, portal, settings):
    client.force_login(portal["staff_a"])
    url = reverse("portal:product-photos", args=[portal["product_a"].pk])
    response = client.post(url, {"photos": [upload(_phone_photo(), "IMG_2022.JPG")]})
    assert response.status_code == 302

    photo = portal["product_a"].images.order_by("-sort_order").first()
    assert (photo.width, photo.height) == (1200, 1600)
    assert (photo.thumbnail_width, photo.thumbnail_height) == (480, 640)
    for stored in (photo.image, photo.thumbnail):
        with stored.open("rb") as handle:
            data = handle.read()
        image = Image.open(io.BytesIO(data))
        # Upright: the red half, on the left when held sideways, is now at the top.
        top, bottom = (
            image.getpixel((image.width // 2, 10)),
            image.getpixel((image.width // 2, image.height - 10)),
        )
        assert top[0] > 200 and top[2] < 60
        assert bottom[2] > 200 and bottom[0] < 60
        assert not image.getexif()
        assert "exif" not in image.info and "xmp" not in image.info
        for marker in (b"Exif", b"PhoneMaker", b"2022:11:02", b"GPS"):
            assert marker not in data
        # The uploader's file name is not used.
        assert "IMG_2022" not in stored.name


def test_several_photos_at_once_are_added_in_order(client, portal):
    client.force_login(portal["staff_a"])
    url = reverse("portal:product-photos", args=[portal["product_a"].pk])
    files = [upload(image_bytes(colour=colour), f"{colour}.png") for colour in ("red", "green")]
    response = client.post(url, {"photos": files}, follow=True)
    assert [m.message for m in response.context["messages"]] == [
        "Đã thêm 2 ảnh. Hãy mô tả từng ảnh cho người không nhìn thấy được."
    ]
    assert list(portal["product_a"].images.values_list("sort_order", flat=True)) == [0, 1, 2, 3]


def _multi_picture_phone_photo() -> bytes:
    """A JPEG with a second picture appended through MPF, as recent iPhones (HDR gain map) and
    Android "Ultra HDR" cameras save them: Pillow reports its format as "MPO", not "JPEG"."""
    image = Image.new("RGB", (1600, 1200), "blue")
    image.paste("red", (0, 0, 800, 1200))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (18.0, 20.0, 30.0), 3: "E", 4: (105.0, 54.0, 10.0)}
    gain_map = Image.new("RGB", (400, 300), "grey")
    buffer = io.BytesIO()
    image.save(buffer, format="MPO", save_all=True, append_images=[gain_map], exif=exif.tobytes())
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    return buffer.getvalue()


def test_multi_picture_phone_jpeg_is_accepted_upright_without_metadata(client, portal):
    client.force_login(portal["staff_a"])
    url = reverse("portal:product-photos", args=[portal["product_a"].pk])
    response = client.post(url, {"photos": [upload(_multi_picture_phone_photo(), "PXL_1.jpg")]})
    assert response.status_code == 302

    photo = portal["product_a"].images.order_by("-sort_order").first()
    assert (photo.width, photo.height) == (1200, 1600)
    with photo.image.open("rb") as handle:
        data = handle.read()
    stored = Image.open(io.BytesIO(data))
    # One plain JPEG, upright (red on top), no EXIF, no second picture.
    assert (stored.format, getattr(stored, "n_frames", 1)) == ("JPEG", 1)
    assert stored.getpixel((600, 10))[0] > 200
    assert not stored.getexif() and b"Exif" not in data


def test_a_request_with_more_than_twenty_files_is_not_read_at_all(client, portal):
    # Django stops at DATA_UPLOAD_MAX_NUMBER_FILES (20) with a 400, before any file is decoded.
    client.force_login(portal["staff_a"])
    before = db_snapshot()
    url = reverse("portal:product-photos", args=[portal["product_a"].pk])
    response = client.post(url, {"photos": [upload(image_bytes(size=(40, 30))) for _ in range(21)]})
    assert response.status_code == 400
    assert db_snapshot() == before
