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


# What a catalogue search compares (catalog.search): the words of a text, lower-case, each in two
# forms, without diacritics and with them. The form with them keeps the tone mark on one chosen
# vowel, so "hoà" and "hòa", "thuỷ" and "thủy" (both placements are in use) are one word.
_WORD = re.compile(r"\w+")
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
# In an open "oa", "oe" or "uy" (not "qu"), the tone goes on the first vowel: "hòa", "thủy".
# A word typed so is also found by its start ("thủ" finds "thủy").
_TONE_ON_SECOND = re.compile(rf"(o)([ae])([{_TONE_MARKS}])$|(?<!q)(u)(y)([{_TONE_MARKS}])$")


def _tone_on_first(match: re.Match) -> str:
    first, second, tone = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
    return first + tone + second


def canonical_tones(word: str) -> str:
    """Return a lower-case word (NFC) with its tone mark where search_words puts it."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", _TONE_ON_SECOND.sub(_tone_on_first, decomposed))


def search_words(text: str) -> list[str]:
    """Return the words of text as a search compares them: lower-case, with their diacritics."""
    text = unicodedata.normalize("NFC", text.lower())
    return [canonical_tones(word) for word in _WORD.findall(text)]


def has_diacritics(word: str) -> bool:
    return strip_diacritics(word) != word


def search_forms(text: str, *, separator: str = " \n ") -> str:
    """Return text's words without diacritics, then (after separator) with them.

    Both forms of a word start a word of the result (" word"), and a word with no diacritics is
    found in the first half whatever its spelling: "lon" in "lợn" and in "long".
    """
    words = search_words(text)
    if not words:
        return ""
    return " ".join(strip_diacritics(word) for word in words) + separator + " ".join(words)
