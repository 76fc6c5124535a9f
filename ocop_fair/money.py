"""Prices in đồng: one parser and one display for the portal, the admin and the import.

Vietnamese write thousands with dots ("180.000", "1.250.000 ₫"); Django's IntegerField reads
"180.000" as 180 and refuses "1.250.000". Here a price is whole đồng written with digits,
optionally grouped by threes with one kind of separator (dot, space, or comma as English Excel
writes it), optionally followed by ₫, đ, đồng or VND. Anything else is refused with a message
that shows how to write it, so a price is never stored a thousand times off.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# No pack at the fair costs under 1.000 ₫: a smaller number is a price typed without its zeros
# ("180" for 180.000), or a spreadsheet that read "180.000" as 180.
MIN_PRICE_VND = 1_000
MAX_PRICE_VND = 1_000_000_000
# Every kind of space a keyboard, Excel or a copied web page puts between groups.
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_CURRENCY = re.compile(r"(₫|đồng|đ|vnđ|vnd)$", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}(?:([. ,])\d{3})(?:\1\d{3})*$")

HOW_TO_WRITE = _("Write the price in whole đồng, e.g. 180.000 or 1.250.000.")


def format_vnd(amount: int | None, *, currency: bool = True) -> str:
    """Return 1250000 as "1.250.000 ₫" (Vietnamese grouping), "" for no amount."""
    if amount is None or amount == "":
        return ""
    text = f"{int(amount):,}".replace(",", ".")
    return f"{text} ₫" if currency else text


def parse_vnd(value) -> int | None:
    """Return whole đồng from a typed or spreadsheet price, None when empty; ValidationError else."""
    if isinstance(value, bool):
        raise ValidationError(HOW_TO_WRITE, code="invalid")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(HOW_TO_WRITE, code="invalid")
        value = int(value)
    if isinstance(value, int):
        return _in_range(value)
    text = unicodedata.normalize("NFC", str(value or "")).strip()
    text = _CURRENCY.sub("", text).strip()
    if not text:
        return None
    text = _SPACES.sub(" ", text)
    if not (text.isascii() and (text.isdigit() or _GROUPED.match(text))):
        raise ValidationError(HOW_TO_WRITE, code="invalid")
    return _in_range(int(re.sub(r"\D", "", text)))


def _in_range(amount: int) -> int:
    if amount < MIN_PRICE_VND:
        raise ValidationError(
            _("A price under %(min)s is a price without its zeros. %(how)s"),
            code="min_value",
            params={"min": format_vnd(MIN_PRICE_VND), "how": HOW_TO_WRITE},
        )
    if amount > MAX_PRICE_VND:
        raise ValidationError(
            _("A price over %(max)s is surely a typing mistake. %(how)s"),
            code="max_value",
            params={"max": format_vnd(MAX_PRICE_VND), "how": HOW_TO_WRITE},
        )
    return amount


class VndPriceInput(forms.TextInput):
    """A text box showing a stored price grouped ("1.250.000"), with the phone's number pad."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        # A stored price is an int; what the user typed (a redisplayed form) stays as typed.
        if isinstance(value, int) and not isinstance(value, bool):
            return format_vnd(value, currency=False)
        return super().format_value(value)


class VndPriceField(forms.Field):
    """A price in whole đồng, typed the Vietnamese way; see parse_vnd."""

    widget = VndPriceInput

    def __init__(self, *, max_value=None, min_value=None, **kwargs):
        # A model field's formfield() passes its own bounds; ours are the price's bounds.
        kwargs.setdefault("help_text", HOW_TO_WRITE)
        super().__init__(**kwargs)

    def to_python(self, value):
        return parse_vnd(value)
