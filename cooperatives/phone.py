"""Vietnamese phone numbers: accept what buyers type, store one canonical (E.164) form."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What people put between digits: spaces, dots, dashes, brackets ("(+84) 912.345.678").
SEPARATORS = re.compile(r"[\s.\-()/]")
# Mobile: 9 digits after the 0, networks 03x, 05x, 07x, 08x, 09x (since the 2018 renumbering).
MOBILE = re.compile(r"[35789][0-9]{8}")
# Landline: area code 2xx (Hà Nội 24, TP HCM 28) then the subscriber, 10 digits after the 0.
LANDLINE = re.compile(r"2[0-9]{9}")

INVALID_MESSAGE = _(
    "Enter a Vietnamese mobile or landline number, e.g. 0912 345 678 or +84 912 345 678."
)


def normalize_vn_phone(raw: str) -> str:
    """Return raw as +84 and the national number, or raise ValidationError."""
    # NFKC turns full-width digits (０９１２…, from some phone keyboards) into ASCII ones.
    digits = SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or ""))
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("84"):
            raise ValidationError(INVALID_MESSAGE, code="foreign")
        digits = digits[2:]
    elif digits.startswith("0084"):
        digits = digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = digits[2:]
    # "+84 0912…": the trunk 0 written after the country code as well.
    if digits.startswith("0"):
        digits = digits[1:]
    if not (MOBILE.fullmatch(digits) or LANDLINE.fullmatch(digits)):
        raise ValidationError(INVALID_MESSAGE, code="invalid")
    return f"+84{digits}"


def format_vn_phone(canonical: str) -> str:
    """Return a canonical number the way Vietnamese write it: 0912 345 678, 0239 3855 123."""
    if not canonical.startswith("+84"):
        return canonical
    national = "0" + canonical[3:]
    if len(national) == 10:
        return f"{national[:4]} {national[4:7]} {national[7:]}"
    if national.startswith(("024", "028")):
        return f"{national[:3]} {national[3:7]} {national[7:]}"
    return f"{national[:4]} {national[4:7]} {national[7:]}"
