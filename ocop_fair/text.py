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


# Vietnamese alphabetical order: letters with their own place (ă â đ ê ô ơ ư), then the tones
# ngang, huyền, hỏi, ngã, sắc, nặng as a secondary key, as in Vietnamese dictionaries.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_CODES = {letter: 12 + index for index, letter in enumerate(_ALPHABET)}


def _letter_and_tone(char: str) -> tuple[str, int]:
    """Split a character into its letter (with vowel marks, NFC) and its tone number."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = next((_TONES[mark] for mark in decomposed if mark in _TONES), 0)
    letter = "".join(mark for mark in decomposed if mark not in _TONES)
    return unicodedata.normalize("NFC", letter), tone


def vietnamese_sort_key(text: str) -> str:
    """Return a digits-only key that sorts text in Vietnamese alphabetical order.

    Digits only, so every database collation (C, en_US, ICU) orders the stored keys the same.
    """
    primary, secondary = [], []
    for char in unicodedata.normalize("NFC", text.lower()):
        letter, tone = _letter_and_tone(char)
        if letter.isspace():
            code = 1
        elif letter.isdigit() and len(letter) == 1 and "0" <= letter <= "9":
            code = 2 + int(letter)
        else:
            code = _LETTER_CODES.get(letter)
            if code is None:
                continue  # punctuation and symbols do not decide the order
        primary.append(f"{code:02d}")
        secondary.append(str(tone))
    return "".join(primary) + "00" + "".join(secondary)
