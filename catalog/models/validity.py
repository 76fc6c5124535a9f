"""OCOP award validity: 36 months from the decision, as a range when only the year is known."""

import datetime

from django.db import models
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

# OCOP results are valid for 36 months from the decision (QĐ 148/QĐ-TTg, docs/domain.md §a).
CERTIFICATE_VALIDITY_MONTHS = 36


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return day shifted by months, clamped to the month's last day (31 Jan + 1 -> 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


class Validity(models.TextChoices):
    """What an OCOP award is worth on a given day."""

    VALID = "valid", _("valid")
    # Decided in a known year on an unknown day: it expires some day of the third year after.
    UNCERTAIN = "uncertain", _("may have expired")
    EXPIRED = "expired", _("expired")
    UNDATED = "undated", _("validity unknown")
    # A recognition whose source states no stars: it rates nothing.
    NO_STARS = "no_stars", _("no stars stated")


def validity_on(
    day: datetime.date,
    stars: int | None,
    valid_until: datetime.date | None,
    possibly_valid_until: datetime.date | None,
) -> str:
    """Return the Validity on day of an award surely valid to one day, perhaps to another.

    The dates decide, whatever the stars: a valid 2★ rating is valid, though no certificate.
    """
    if stars is None:
        return Validity.NO_STARS
    if valid_until is None:
        return Validity.UNDATED
    if day <= valid_until:
        return Validity.VALID
    if possibly_valid_until is not None and day <= possibly_valid_until:
        return Validity.UNCERTAIN
    return Validity.EXPIRED


def validity_case(day: datetime.date) -> Case:
    """Return validity_on(day, ...) of each product's latest award, as a database expression."""
    return Case(
        When(ocop_stars__isnull=True, then=Value(Validity.NO_STARS)),
        When(ocop_valid_until__isnull=True, then=Value(Validity.UNDATED)),
        When(ocop_valid_until__gte=day, then=Value(Validity.VALID)),
        When(ocop_possibly_valid_until__gte=day, then=Value(Validity.UNCERTAIN)),
        default=Value(Validity.EXPIRED),
        output_field=models.CharField(),
    )
