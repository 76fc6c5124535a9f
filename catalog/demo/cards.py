"""Offline product cards for the demo: group colour, product name, group and province, no stars.

The demo has no product photos, so each product gets a clean typographic card instead. Fonts are
vendored (fonts/, DejaVu Sans, see fonts/LICENSE) so Vietnamese renders the same on any machine.
"""

import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from catalog.demo.upsert import CREATED
from catalog.models import Product, ProductGroup, ProductImage
from catalog.services import product_image_store
from ocop_fair.images import THUMBNAIL_WIDTH, Renditions, encode_original, encode_thumbnail

FONT_DIR = Path(__file__).resolve().parent / "fonts"
CARD_WIDTH = 800  # 800 × 600; the layout below is drawn for this width and scaled for others
MARGIN = 56
BAND_HEIGHT = 112
GROUP_SIZE = 26
PROVINCE_SIZE = 34
# Largest first: a long name steps down until it fits in MAX_TITLE_LINES.
TITLE_SIZES = (64, 58, 52, 46, 40, 36)
MAX_TITLE_LINES = 4
FALLBACK_COLOUR = "#37474f"
WHITE = (255, 255, 255)


@lru_cache(maxsize=64)
def card_font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    # Vietnamese in NFC uses precomposed glyphs and needs no shaping: the basic layout draws it
    # correctly and gives the same result whether or not libraqm is installed.
    return ImageFont.truetype(FONT_DIR / name, size, layout_engine=ImageFont.Layout.BASIC)


def wrap_text(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Split text into lines no wider than width, breaking between words."""
    lines: list[str] = []
    line = ""
    # A spaced dash ("đền - chùa") stays with the word after it rather than ending a line.
    for word in text.replace(" - ", " -\u00a0").replace(" – ", " –\u00a0").split(" "):
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > width:
            lines.append(line)
            candidate = word
        line = candidate
    return [*lines, line] if line else lines


def _title_layout(title: str, width: int, scale: float) -> tuple[ImageFont.FreeTypeFont, list]:
    for size in TITLE_SIZES:
        font = card_font(round(size * scale), bold=True)
        lines = wrap_text(title, font, width)
        if len(lines) <= MAX_TITLE_LINES and max(map(font.getlength, lines)) <= width:
            return font, lines
    return font, lines[:MAX_TITLE_LINES]


def _mix(colour: tuple[int, int, int], other: tuple[int, int, int], share: float) -> tuple:
    return tuple(round(a * (1 - share) + b * share) for a, b in zip(colour, other, strict=True))


def draw_card(
    *, title: str, group_name: str, province: str, colour: str, width: int = CARD_WIDTH
) -> Image.Image:
    """Draw a 4:3 card: the name large on the group colour, the group above, the province below."""
    title, group_name, province = (
        unicodedata.normalize("NFC", text) for text in (title, group_name, province)
    )
    scale = width / CARD_WIDTH
    height, margin, band = width * 3 // 4, round(MARGIN * scale), round(BAND_HEIGHT * scale)
    text_width = width - 2 * margin
    image = Image.new("RGB", (width, height), colour or FALLBACK_COLOUR)
    base = image.getpixel((0, 0))
    draw = ImageDraw.Draw(image)

    group_font = card_font(round(GROUP_SIZE * scale))
    group_lines = wrap_text(group_name, group_font, text_width)[:2]
    group_text = "\n".join(group_lines)
    draw.multiline_text((margin, margin), group_text, font=group_font, fill=_mix(base, WHITE, 0.8))

    band_top = height - band
    draw.rectangle((0, band_top, width, height), fill=_mix(base, (0, 0, 0), 0.28))
    province_font = card_font(round(PROVINCE_SIZE * scale), bold=True)
    draw.text((margin, band_top + band // 2), province, font=province_font, fill=WHITE, anchor="lm")

    font, lines = _title_layout(title, text_width, scale)
    line_height = round(font.size * 1.22)
    gap = round(24 * scale)
    top_limit = margin + round(group_font.size * 1.3) * len(group_lines) + gap
    block_top = top_limit + (band_top - gap - top_limit - line_height * len(lines)) // 2
    for index, line in enumerate(lines):
        draw.text((margin, block_top + index * line_height), line, font=font, fill=WHITE)
    return image


def _top_level(group: ProductGroup) -> ProductGroup:
    while group.parent is not None:
        group = group.parent
    return group


def card_alt_text(*, title: str, group_name: str, province: str) -> str:
    """Describe the card in Vietnamese for people who cannot see it."""
    text = f"Thẻ minh họa ghi tên sản phẩm “{title}”, nhóm {group_name}, {province}"
    return text[:200]


def card_image_create(*, product: Product, title: str, group_name: str, province: str, colour: str):
    """Store a card as the product's first image, with a thumbnail drawn at thumbnail size.

    Cards are drawn here, not uploaded, so they skip make_renditions' decode-and-re-encode of
    untrusted photos; drawing the thumbnail directly is three times faster and keeps small text
    sharp. Formats and sizes match ocop_fair.images (JPEG original, 480 px WebP thumbnail).
    """
    texts = {"title": title, "group_name": group_name, "province": province}
    card = draw_card(**texts, colour=colour)
    thumbnail = draw_card(**texts, colour=colour, width=THUMBNAIL_WIDTH)
    image = ProductImage(product=product, alt_text=card_alt_text(**texts), sort_order=0)
    renditions = Renditions(original=encode_original(card), thumbnail=encode_thumbnail(thumbnail))
    return product_image_store(image=image, renditions=renditions)


def cards_load(tally: Counter) -> None:
    """Give every product without any image a generated card (products with one keep theirs)."""
    products = Product.objects.filter(images__isnull=True).select_related(
        "group__parent__parent", "cooperative__province"
    )
    for product in products.order_by("pk"):
        group = _top_level(product.group)
        card_image_create(
            product=product,
            title=product.name,
            group_name=group.name,
            province=product.cooperative.province.name,
            colour=group.colour,
        )
        tally["ProductImage", CREATED] += 1
