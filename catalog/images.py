"""The photo pipeline: judge an upload by its content, normalise it and make renditions.

Uploaded bytes are never stored as they came: every image is decoded and re-encoded, which drops
metadata (GPS above all) and anything appended to the file.
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
ORIGINAL_MAX_SIDE = 2000
THUMBNAIL_WIDTH = 480


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


def open_checked(file) -> Image.Image:
    """Decode an upload, refusing what is not a real, reasonably sized JPEG, PNG or WebP."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    file.seek(0)
    try:
        # Pillow's own bomb check triggers far above our limit; ours comes first via size.
        with Image.open(file) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Only JPEG, PNG or WebP photos are accepted."), code="format"
                )
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The image is larger than 40 megapixels."), code="pixels")
            probe.verify()
        file.seek(0)
        image = Image.open(file)
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as error:
        raise ValidationError(_("This file is not a readable image."), code="invalid") from error
    return image


def make_renditions(file) -> Renditions:
    """Return the normalised original (≤ 2000 px, JPEG) and a 480 px WebP thumbnail."""
    image = ImageOps.exif_transpose(open_checked(file))
    if image.mode not in ("RGB", "L"):
        # Flatten transparency onto white: product photos are shown on light cards.
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = background
    image = image.convert("RGB")
    image.thumbnail((ORIGINAL_MAX_SIDE, ORIGINAL_MAX_SIDE), Image.Resampling.LANCZOS)
    thumbnail = image.copy()
    if thumbnail.width > THUMBNAIL_WIDTH:
        height = round(thumbnail.height * THUMBNAIL_WIDTH / thumbnail.width)
        thumbnail = thumbnail.resize((THUMBNAIL_WIDTH, height), Image.Resampling.LANCZOS)
    return Renditions(original=encode_original(image), thumbnail=encode_thumbnail(thumbnail))
