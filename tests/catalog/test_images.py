import io
import struct
import warnings
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

from catalog.services import product_image_add
from ocop_fair.images import INVALID, _refused_as, make_logo, make_renditions
from tests.factories import ProductFactory
from tests.image_files import metadata_in, png_chunk, png_with_chunks


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


# --- Hostile files: refused with the usual message, never an exception out of the pipeline ---


def _fits(*cards: str) -> bytes:
    return b"".join(card.ljust(80).encode() for card in (*cards, "END")).ljust(2880)


def _dds(fourcc: bytes, dxgi: bytes = b"") -> bytes:
    header = struct.pack("<4sI", b"DDS ", 124) + struct.pack("<6I", 0x1007, 4, 4, 0, 0, 0)
    pixel_format = struct.pack("<II4s5I", 32, 4, fourcc, 0, 0, 0, 0, 0)
    return header + b"\0" * 44 + pixel_format + b"\0" * 20 + dxgi + b"\0" * 64


HOSTILE_FILES = {
    # Pillow raises ValueError ("Unable to seek to frame") on this 16-byte BigTIFF.
    "16-byte TIFF seeking out of range": b"II+\x00\x08\x00\x00\x00" + b"\xff" * 8,
    "FITS with zero axes": _fits("SIMPLE  = T", "BITPIX  = 8", "NAXIS   = 0"),
    "DDS of an unimplemented pixel format": _dds(b"ZZZZ"),
    "DDS of an unimplemented DXGI format": _dds(b"DX10", struct.pack("<5I", 999, 3, 0, 1, 0)),
    # A 2 KB zTXt chunk that inflates past Pillow's text-chunk limit (ValueError).
    "PNG exhausting the text-chunk limit": png_with_chunks(
        png_chunk(b"zTXt", b"note\0\0" + zlib.compress(b"a" * 2_000_000))
    ),
}


@pytest.mark.parametrize("kind", HOSTILE_FILES)
@pytest.mark.parametrize("process", [make_renditions, make_logo])
def test_hostile_file_is_refused_as_not_an_image(kind, process):
    with pytest.raises(ValidationError) as raised:
        process(_upload(HOSTILE_FILES[kind], "photo.jpg"))
    assert raised.value.code in {"invalid", "format", "damaged"}


def test_an_error_raised_outside_pillow_is_a_bug_and_propagates():
    # Only what went through Pillow is the file's fault; our own mistakes must stay visible.
    with pytest.raises(ZeroDivisionError), _refused_as(INVALID, "invalid"):
        _ = 1 / 0
    with pytest.raises(ValidationError), _refused_as(INVALID, "invalid"):
        Image.open(io.BytesIO(b"not an image"))


# --- Memory: refused from the header, before any pixel is decoded ---


def _webp_lossless_claiming(width: int, height: int) -> bytes:
    """A tiny lossless WebP whose header claims another size (how the 1.6 KB bomb looks)."""
    data = bytearray(_image_bytes("WEBP", size=(16, 16), lossless=True))
    assert data[12:16] == b"VP8L"
    bits = int.from_bytes(data[21:25], "little") & ~((1 << 28) - 1)
    data[21:25] = (bits | (width - 1) | ((height - 1) << 14)).to_bytes(4, "little")
    return bytes(data)


def _png_claiming(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IEND", b"")


def _progressive_jpeg_claiming(width: int, height: int, subsampling: int) -> bytes:
    data = bytearray(_image_bytes("JPEG", size=(64, 48), progressive=True, subsampling=subsampling))
    sof = data.index(b"\xff\xc2")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        # 40 MP: the most a JPEG may have, far too much for a format decoded at full size.
        (_webp_lossless_claiming(8000, 5000), "pixels"),
        (_png_claiming(8000, 5000), "pixels"),
        (_png_claiming(3200, 3200), "pixels"),
        # 35 MP progressive 4:4:4 holds 210 MB of coefficients whatever the draft scale.
        (_progressive_jpeg_claiming(7000, 5000, subsampling=0), "memory"),
    ],
)
def test_images_too_costly_to_decode_are_refused_from_their_header(data, code):
    with pytest.raises(ValidationError) as raised:
        make_renditions(_upload(data))
    assert raised.value.code == code


def test_a_flat_lossless_webp_expanding_beyond_any_photo_is_refused():
    data = _image_bytes("WEBP", size=(3000, 3000), lossless=True)  # 36 MB of pixels
    assert len(data) < 2000
    with pytest.raises(ValidationError) as raised:
        make_renditions(_upload(data, "flat.webp"))
    assert raised.value.code == "memory"


def test_a_large_progressive_jpeg_at_usual_subsampling_is_decoded_reduced():
    data = _image_bytes("JPEG", size=(6000, 4000), progressive=True)  # 4:2:0, like cameras
    renditions = make_renditions(_upload(data))
    assert Image.open(io.BytesIO(renditions.original.read())).size == (2000, 1333)


@pytest.mark.parametrize(
    ("fmt", "mode", "options"),
    [
        ("PNG", "I;16", {}),  # 16-bit grey, as scanners save
        ("PNG", "P", {}),
        ("PNG", "LA", {}),
        ("PNG", "1", {}),
        ("JPEG", "CMYK", {}),
        ("JPEG", "L", {}),
        ("WEBP", "RGBA", {"lossless": True}),
    ],
)
def test_every_colour_mode_becomes_an_rgb_photo(fmt, mode, options):
    buffer = io.BytesIO()
    Image.new(mode, (2500, 1000)).save(buffer, format=fmt, **options)
    renditions = make_renditions(_upload(buffer.getvalue()))
    original = Image.open(io.BytesIO(renditions.original.read()))
    assert (original.mode, original.size) == ("RGB", (2000, 800))


# --- Metadata: nothing but pixels in any stored file ---

SECRET_COMMENT = b"<img src=x onerror=alert(1)> Owner Nguyen 0912345678 GPS 21.71N 104.88E"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description photoshop:City="Ha Giang 0912345678"/></rdf:RDF></x:xmpmeta>'
)


def _exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (21.0, 42.0, 36.0), 3: "E", 4: (104.0, 52.0, 48.0)}
    return exif.tobytes()


def _icc_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _jpeg_with_everything() -> bytes:
    """A JPEG with a comment, EXIF + GPS, XMP and an ICC profile: all a phone or editor adds."""
    data = _image_bytes(
        "JPEG",
        size=(900, 600),
        exif=_exif_with_gps(),
        icc_profile=_icc_profile(),
        comment=SECRET_COMMENT,
        xmp=XMP,
    )
    assert SECRET_COMMENT in data and b"PhoneMaker" in data and b"Ha Giang" in data
    return data


def _png_with_everything() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET_COMMENT.decode())
    info.add_text("Author", "Nguyen 0912345678", zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    return _image_bytes(
        "PNG", size=(900, 600), pnginfo=info, exif=_exif_with_gps(), icc_profile=_icc_profile()
    )


def _webp_with_everything() -> bytes:
    return _image_bytes(
        "WEBP", size=(900, 600), exif=_exif_with_gps(), xmp=XMP, icc_profile=_icc_profile()
    )


@pytest.mark.parametrize(
    "make", [_jpeg_with_everything, _png_with_everything, _webp_with_everything]
)
def test_stored_files_carry_no_metadata_of_any_kind(make):
    data = make()
    renditions = make_renditions(_upload(data))
    logo = make_logo(_upload(data))
    for stored in (renditions.original.read(), renditions.thumbnail.read(), logo.read()):
        assert metadata_in(stored) == []
        for secret in (b"0912345678", b"onerror", b"PhoneMaker", b"Ha Giang", b"Exif"):
            assert secret not in stored


def test_a_photo_with_a_colour_profile_keeps_its_colours_without_the_profile():
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), (40, 160, 90)).save(
        buffer, format="JPEG", quality=95, icc_profile=_icc_profile()
    )
    renditions = make_renditions(_upload(buffer.getvalue()))
    stored = Image.open(io.BytesIO(renditions.original.read()))
    assert "icc_profile" not in stored.info
    red, green, blue = stored.getpixel((300, 200))
    assert abs(red - 40) < 6 and abs(green - 160) < 6 and abs(blue - 90) < 6


def test_an_animated_png_declaring_zero_frames_is_stored_clean_or_refused():
    # Pillow warns ("Invalid APNG") and falls back on the default image; with its warnings not
    # turned into errors, as in production, the result is a clean photo, never an exception.
    data = png_with_chunks(png_chunk(b"acTL", struct.pack(">II", 0, 0)), size=(40, 30))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        renditions = make_renditions(_upload(data, "anim.png"))
    assert Image.open(io.BytesIO(renditions.original.read())).size == (40, 30)
    with pytest.raises(ValidationError):  # in the tests, Pillow's warning is an error: refused
        make_renditions(_upload(data, "anim.png"))
