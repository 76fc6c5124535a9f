"""The photo pipeline: judge an upload by its content, normalise it and make renditions.

Uploaded bytes are never stored as they came: every image is decoded and re-encoded, which drops
metadata (GPS above all) and anything appended to the file.
"""

import io
import re
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
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


@dataclass(frozen=True)
class Renditions:
    original: ContentFile
    thumbnail: ContentFile


def _encode(image: Image.Image, fmt: str, **options) -> ContentFile:
    buffer = io.BytesIO()
    # No exif= argument: the encoded file carries no metadata at all.
    image.save(buffer, format=fmt, **options)
    extension = {"JPEG": "jpg", "WEBP": "webp"}[fmt]
    return ContentFile(buffer.getvalue(), name=f"image.{extension}")


def encode_original(image: Image.Image) -> ContentFile:
    """Encode the stored original: progressive JPEG, readable everywhere."""
    return _encode(image, "JPEG", quality=85, optimize=True, progressive=True)


def encode_thumbnail(image: Image.Image) -> ContentFile:
    """Encode the list/gallery rendition: WebP, a fraction of a JPEG's weight."""
    return _encode(image, "WEBP", quality=80, method=4)


def open_checked(file, *, at_least: int | None = None) -> Image.Image:
    """Decode an upload, refusing what is not a real, reasonably sized JPEG, PNG or WebP.

    at_least lets a JPEG decode at 1/2, 1/4 or 1/8 scale while still covering at_least pixels
    on each side: a 24 MP phone photo bound for 2000 px decodes 4× faster in a quarter of the
    memory, and every byte is still decoded, so a truncated file is still refused.
    """
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    file.seek(0)
    try:
        # Pillow warns above ~89 MP and raises above ~179 MP, when it reads the header; both
        # are refused here with the same message as our lower limit below. (The filter is
        # process-wide for a moment; it only makes that one warning an error, as it should be.)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(file)
        with probe:
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Only JPEG, PNG or WebP photos are accepted."), code="format"
                )
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The image is larger than 40 megapixels."), code="pixels")
            probe.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The image is larger than 40 megapixels."), code="pixels"
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(_("This file is not a readable image."), code="invalid") from error
    try:
        file.seek(0)
        image = Image.open(file)
        if at_least is not None and image.format in JPEG_FORMATS:
            image.draft("RGB", (at_least, at_least))
        image.load()
    except (OSError, SyntaxError, ValueError) as error:
        # The header was fine but the pixels are not: typically an upload cut off midway.
        raise ValidationError(
            _("The photo is damaged or incomplete; take or send it again."), code="damaged"
        ) from error
    return image


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


def open_upright(file, *, at_least: int | None = None) -> Image.Image:
    """Decode a checked upload, turned upright by its EXIF orientation, as RGB on white."""
    image = ImageOps.exif_transpose(open_checked(file, at_least=at_least))
    if image.mode not in ("RGB", "L"):
        # Flatten transparency onto white: product photos are shown on light cards.
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = background
    return image.convert("RGB")


def make_logo(file) -> ContentFile:
    """Return a cooperative's logo normalised like a product photo, at most 400 px a side."""
    image = open_upright(file, at_least=LOGO_MAX_SIDE)
    image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE), Image.Resampling.LANCZOS)
    return encode_original(image)


def make_renditions(file) -> Renditions:
    """Return the normalised original (≤ 2000 px, JPEG) and a 480 px WebP thumbnail."""
    image = open_upright(file, at_least=ORIGINAL_MAX_SIDE)
    image.thumbnail((ORIGINAL_MAX_SIDE, ORIGINAL_MAX_SIDE), Image.Resampling.LANCZOS)
    thumbnail = image.copy()
    if thumbnail.width > THUMBNAIL_WIDTH:
        height = round(thumbnail.height * THUMBNAIL_WIDTH / thumbnail.width)
        thumbnail = thumbnail.resize((THUMBNAIL_WIDTH, height), Image.Resampling.LANCZOS)
    return Renditions(original=encode_original(image), thumbnail=encode_thumbnail(thumbnail))
