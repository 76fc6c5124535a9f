"""The photo pipeline: judge an upload by its content, normalise it and make renditions.

Uploaded bytes are never stored as they came: every image is decoded and re-encoded, which drops
metadata (GPS above all) and anything appended to the file.

Memory is bounded before any pixel is decoded (README, "Photos"): the size in the header is held
against a pixel limit (lower for PNG and WebP, which Pillow can only decode at full size), an
implausible decoded-size-to-file-size ratio is refused, a large JPEG is decoded at a reduced
scale (draft), and a decoded image is reduced to what the renditions need before anything else
is done with it. Whatever Pillow raises on a malformed file is a refusal, never a server error.
"""

import io
import logging
import os
import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

import PIL
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A JPEG is decoded at 1/2, 1/4 or 1/8 scale (draft), so 40 MP costs what 10 MP or less does.
MAX_PIXELS = 40_000_000
# PNG and WebP (lossless or not: libwebp has no reduced decode) are decoded at full size, and
# Pillow's WebP reader holds four buffers of 4 bytes a pixel while decoding (16 bytes a pixel,
# measured): 10 MP stays within the ceiling (README, "Photos"; bench/upload_memory.py).
FULL_DECODE_MAX_PIXELS = 10_000_000
# A photo's file is rarely smaller than 1/50 of its decoded pixels; a flat logo is 1/1000 at
# worst. Above this ratio, and above a decoded size small images never reach, it is a bomb.
MAX_EXPANSION = 2000
EXPANSION_CHECKED_FROM_BYTES = 24 * 2**20
# A progressive JPEG keeps every DCT coefficient (2 bytes a sample) until its last scan,
# whatever the draft scale: 40 MP at the usual 4:2:0 fits, 4:4:4 or CMYK at that size does not.
JPEG_COEFFICIENT_BUDGET = 128 * 2**20
# Pillow names a JPEG that carries extra pictures (the HDR gain map of recent iPhones and of
# Android "Ultra HDR" photos) "MPO"; it is a JPEG all the same, and only its main picture is kept.
JPEG_FORMATS = {"JPEG", "MPO"}
ALLOWED_FORMATS = {*JPEG_FORMATS, "PNG", "WEBP"}
ORIGINAL_MAX_SIDE = 2000
THUMBNAIL_WIDTH = 480
LOGO_MAX_SIDE = 400

# Markup or script that has no business inside a photo: the mark of a polyglot file (an image
# that is also a web page). Random compressed pixels essentially never spell these out.
EMBEDDED_MARKUP = re.compile(
    rb"<(?:script|html|body|iframe|svg|object|embed|\?php)[\s>/]|javascript:", re.IGNORECASE
)

_PILLOW_DIR = os.path.dirname(PIL.__file__) + os.sep
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# EXIF orientation → the transposition that shows the picture upright.
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

INVALID = _("This file is not a readable image.")
DAMAGED = _("The photo is damaged or incomplete; take or send it again.")
TOO_MUCH_MEMORY = _(
    "This image would take too much memory to process; save it again as an ordinary JPEG photo."
)


@dataclass(frozen=True)
class Renditions:
    original: ContentFile
    thumbnail: ContentFile


def _encode(image: Image.Image, fmt: str, **options) -> ContentFile:
    buffer = io.BytesIO()
    # Encoders fall back on image.info for some metadata (Pillow's JPEG writer keeps a decoded
    # file's comment); with info empty and no exif=/icc_profile= argument nothing is written.
    image.info = {}
    image.save(buffer, format=fmt, **options)
    extension = {"JPEG": "jpg", "WEBP": "webp"}[fmt]
    return ContentFile(buffer.getvalue(), name=f"image.{extension}")


def encode_original(image: Image.Image) -> ContentFile:
    """Encode the stored original: progressive JPEG, readable everywhere."""
    return _encode(image, "JPEG", quality=85, optimize=True, progressive=True)


def encode_thumbnail(image: Image.Image) -> ContentFile:
    """Encode the list/gallery rendition: WebP, a fraction of a JPEG's weight."""
    return _encode(image, "WEBP", quality=80, method=4)


def _raised_by_pillow(error: BaseException) -> bool:
    """Tell a malformed file (the error passed through Pillow) from a bug of ours."""
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.startswith(_PILLOW_DIR):
            return True
        trace = trace.tb_next
    return False


@contextmanager
def _refused_as(message, code: str):
    """Turn whatever Pillow raises on a hostile or broken file into a ValidationError.

    Pillow raises OSError, SyntaxError, ValueError, IndexError, struct.error,
    NotImplementedError… depending on the format and the damage; any of them means "not a
    usable image". An exception that never went through Pillow is a bug and propagates.
    """
    try:
        yield
    except ValidationError:
        raise
    except MemoryError as error:
        raise ValidationError(TOO_MUCH_MEMORY, code="memory") from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The image is larger than 40 megapixels."), code="pixels"
        ) from error
    except Exception as error:
        if not _raised_by_pillow(error):
            raise
        logger.info("Image refused (%s): %r", code, error)
        raise ValidationError(message, code=code) from error


def _webp_size(head: bytes) -> tuple[int, int] | None:
    """Read a WebP canvas size from its first 30 bytes (Pillow allocates it when opening)."""
    if len(head) < 30 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return None
    chunk = head[12:16]
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        return (
            int.from_bytes(head[26:28], "little") & 0x3FFF,
            int.from_bytes(head[28:30], "little") & 0x3FFF,
        )
    if chunk == b"VP8X":
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    if chunk == b"VP8L" and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _check_dimensions(fmt: str, size: tuple[int, int], bands: int, file_size: int) -> None:
    """Refuse, from the header alone, an image whose decoding would cost too much memory."""
    pixels = size[0] * size[1]
    if fmt in JPEG_FORMATS:
        if pixels > MAX_PIXELS:
            raise ValidationError(_("The image is larger than 40 megapixels."), code="pixels")
    elif pixels > FULL_DECODE_MAX_PIXELS:
        raise ValidationError(
            _("A PNG or WebP image can have at most %(limit)d megapixels; send it as a JPEG."),
            code="pixels",
            params={"limit": FULL_DECODE_MAX_PIXELS // 1_000_000},
        )
    decoded = pixels * bands
    if decoded > EXPANSION_CHECKED_FROM_BYTES and decoded > MAX_EXPANSION * max(file_size, 1):
        raise ValidationError(TOO_MUCH_MEMORY, code="memory")


def _jpeg_coefficient_bytes(image: Image.Image) -> int:
    """The memory libjpeg holds for a progressive JPEG's coefficients, from its header."""
    # layer: (component id, horizontal sampling, vertical sampling, table) per component.
    samplings = [(h, v) for _, h, v, _ in image.layer] or [(1, 1)]
    if not all(h and v for h, v in samplings):
        raise ValidationError(DAMAGED, code="damaged")  # a zero sampling factor
    h_max, v_max = max(h for h, _ in samplings), max(v for _, v in samplings)
    share = sum(h * v for h, v in samplings) / (h_max * v_max)
    return int(image.width * image.height * share * 2)


def _size_to_fit(size: tuple[int, int], longest_side: int) -> tuple[int, int]:
    scale = min(1.0, longest_side / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _open(file) -> Image.Image:
    """Open an upload lazily (header only), refusing what is too big to decode."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    file.seek(0, os.SEEK_END)
    file_size = file.tell()
    file.seek(0)
    webp = _webp_size(file.read(30))
    if webp is not None:
        # Pillow's WebP reader allocates the whole canvas when the file is opened.
        _check_dimensions("WEBP", webp, 4, file_size)
    file.seek(0)
    with _refused_as(INVALID, "invalid"):
        # Pillow warns above ~89 MP and raises above ~179 MP, when it reads the header; both
        # are refused with the same message as our lower limit. (The filter is process-wide for
        # a moment; it only makes that one warning an error, as it should be.)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
        if image.format not in ALLOWED_FORMATS:
            raise ValidationError(_("Only JPEG, PNG or WebP photos are accepted."), code="format")
        _check_dimensions(image.format, image.size, len(image.getbands()), file_size)
    return image


def _decode(file, *, longest_side: int) -> Image.Image:
    """Decode an upload at no more than about twice longest_side, upright, in sRGB, as RGB."""
    # Images are never close()d here: Pillow would close the upload itself, which the caller
    # still reads; dropping the last reference frees the pixels all the same.
    with _refused_as(INVALID, "invalid"):
        # Checks chunk checksums and limits (PNG) without decoding pixels.
        _open(file).verify()
    image = _open(file)
    with _refused_as(DAMAGED, "damaged"):
        if image.format in JPEG_FORMATS:
            if image.info.get("progressive") and _jpeg_coefficient_bytes(image) > (
                JPEG_COEFFICIENT_BUDGET
            ):
                raise ValidationError(TOO_MUCH_MEMORY, code="memory")
            # Decode at 1/2, 1/4 or 1/8 scale when that still covers the renditions: every
            # byte is still decoded, so a truncated file is still refused.
            image.draft("RGB", _size_to_fit(image.size, longest_side))
        image.load()
        orientation = image.getexif().get(0x0112)
        icc_profile = image.info.get("icc_profile")
        decoded = _reduced(image, longest_side)
    del image  # the full-size pixels (and a WebP decoder's buffers) go now, not at return
    with _refused_as(INVALID, "invalid"):
        decoded = _to_srgb(decoded, icc_profile)
        decoded = _on_white(decoded)
        if orientation in _UPRIGHT:
            decoded = decoded.transpose(_UPRIGHT[orientation])
    return decoded


def _reduced(image: Image.Image, longest_side: int) -> Image.Image:
    """Image in an 8-bit mode, shrunk by a whole factor while staying above longest_side."""
    if image.mode.startswith("I;16"):
        image = image.point(lambda value: value / 256, "L")  # 16-bit grey to 8-bit
    elif image.mode in ("I", "F", "1"):
        image = image.convert("L")
    elif image.mode in ("P", "PA"):
        image = image.convert(
            "RGBA" if "transparency" in image.info or "A" in image.mode else "RGB"
        )
    factor = max(image.size) // longest_side
    # reduce() averages whole blocks of pixels: fast, and a new, smaller image, so the caller
    # can let go of the full-size one before any other copy is made.
    return image.reduce(factor) if factor >= 2 else image


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Convert colours from the file's embedded profile to sRGB, which browsers assume."""
    if not icc_profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        space = profile.profile.xcolor_space.strip()
        if space != image.mode.removesuffix("A"):
            return image
        converted = ImageCms.profileToProfile(
            image.convert("RGB") if image.mode == "RGBA" else image,
            profile,
            _SRGB,
            outputMode="RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # an unreadable profile: take the pixels as sRGB, as browsers would
    if image.mode == "RGBA":
        converted.putalpha(image.getchannel("A"))
    return converted


def _on_white(image: Image.Image) -> Image.Image:
    """RGB, transparency flattened onto white: product photos are shown on light cards."""
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        rgba = image if image.mode == "RGBA" else image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(rgba, mask=rgba)
        return background
    return image.convert("RGB")


def refuse_embedded_markup(file) -> None:
    """Refuse a file that carries HTML or script anywhere in it (a polyglot image).

    The pipeline re-encodes every upload, so such a payload would never be stored; refusing it
    tells the uploader plainly that the file is not a clean photo.
    """
    file.seek(0)
    data = file.read(MAX_UPLOAD_BYTES + 1)
    file.seek(0)
    if EMBEDDED_MARKUP.search(data):
        raise ValidationError(
            _("This file hides web page or script code inside the image."), code="markup"
        )


def make_logo(file) -> ContentFile:
    """Return a cooperative's logo normalised like a product photo, at most 400 px a side."""
    image = _decode(file, longest_side=LOGO_MAX_SIDE)
    image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE), Image.Resampling.LANCZOS)
    return encode_original(image)


def make_renditions(file) -> Renditions:
    """Return the normalised original (≤ 2000 px, JPEG) and a 480 px WebP thumbnail."""
    image = _decode(file, longest_side=ORIGINAL_MAX_SIDE)
    image.thumbnail((ORIGINAL_MAX_SIDE, ORIGINAL_MAX_SIDE), Image.Resampling.LANCZOS)
    thumbnail = image.copy()
    if thumbnail.width > THUMBNAIL_WIDTH:
        height = max(1, round(thumbnail.height * THUMBNAIL_WIDTH / thumbnail.width))
        thumbnail = thumbnail.resize((THUMBNAIL_WIDTH, height), Image.Resampling.LANCZOS)
    return Renditions(original=encode_original(image), thumbnail=encode_thumbnail(thumbnail))
