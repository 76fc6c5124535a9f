"""Vietnamese-aware text helpers shared by both apps: search normalisation and slugs."""

import re
import unicodedata

from django.utils.text import slugify

# "đ" is a letter of its own, not "d" plus a combining mark, so NFD leaves it alone.
_D_TRANSLATION = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")


def strip_diacritics(text: str) -> str:
    """Return text without Vietnamese tone and vowel marks, with đ/Đ as d/D."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TRANSLATION))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_search_text(text: str) -> str:
    """Return the form every search compares: lower-case, no diacritics, single spaces."""
    return _SPACES.sub(" ", strip_diacritics(text).lower()).strip()


def vietnamese_slugify(text: str, max_length: int = 80) -> str:
    """Return an ASCII slug that keeps "đ" as "d" ("Đặc sản Đồng Hới" -> "dac-san-dong-hoi")."""
    slug = slugify(strip_diacritics(text))[:max_length].strip("-")
    return slug or "item"


def unique_slug(model, text: str, *, field: str = "slug", max_length: int = 80) -> str:
    """Return a slug for text that no row of model uses yet, adding -2, -3… on collision."""
    base = vietnamese_slugify(text, max_length=max_length - 4)
    candidate, suffix = base, 2
    while model._default_manager.filter(**{field: candidate}).exists():
        candidate = f"{base}-{suffix}"
        suffix += 1
    return candidate
