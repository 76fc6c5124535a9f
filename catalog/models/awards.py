"""OCOP awards (decisions) of a product, kept as its history."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from catalog.models.products import Product
from catalog.models.validity import CERTIFICATE_VALIDITY_MONTHS, Validity, add_months, validity_on
from ocop_fair.dates import day_label


class Certification(models.Model):
    """One OCOP award decision for a product; a product keeps all of them as its history."""

    class Level(models.TextChoices):
        # Contexts: "Province" is also the catalogue's filter label, translated differently.
        DISTRICT = "district", pgettext_lazy("awarding level", "District")
        PROVINCE = "province", pgettext_lazy("awarding level", "Province")
        NATIONAL = "national", pgettext_lazy("awarding level", "National")

    class AwardType(models.TextChoices):
        FIRST = "first", _("First award")
        RE_AWARD = "re_award", _("Re-award")
        UPGRADE = "upgrade", _("Upgrade")

    class Criteria(models.TextChoices):
        QD_1048 = "qd1048", _("Decision 1048/QĐ-TTg (2019)")
        QD_148 = "qd148", _("Decision 148/QĐ-TTg (2023)")
        QD_1489 = "qd1489", _("Decision 1489/QĐ-TTg (2025)")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Exact day")
        YEAR = "year", _("Year only")
        UNKNOWN = "unknown", _("Unknown")

    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="certifications",
    )
    # Empty for a recognition whose source names no stars (a provincial list of 2019, say):
    # its year and source are facts worth keeping, but it is no star rating.
    stars = models.PositiveSmallIntegerField(
        _("stars"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the source recognises the product without stating stars."),
    )
    level = models.CharField(
        _("awarding level"),
        max_length=10,
        choices=Level,
        blank=True,
        default="",
        help_text=_("Leave empty when the source does not say who awarded it."),
    )
    award_type = models.CharField(
        _("award type"), max_length=10, choices=AwardType, default=AwardType.FIRST
    )
    criteria_version = models.CharField(
        _("criteria"), max_length=10, choices=Criteria, blank=True, default=""
    )
    decision_number = models.CharField(
        _("decision number"),
        max_length=60,
        blank=True,
        default="",
        help_text=_("E.g. 2394/QĐ-UBND."),
    )
    decision_date = models.DateField(
        _("decision date"),
        null=True,
        blank=True,
        help_text=_(
            "When only the year is known, 1 January of that year with precision 'year only'."
        ),
    )
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision, default=DatePrecision.DAY
    )
    expires_on = models.DateField(
        _("expires on"),
        null=True,
        blank=True,
        help_text=_(
            "36 months after the decision unless set; left empty when only the year is known."
        ),
    )
    holder_name = models.CharField(
        _("holder named on the decision"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("The producer as named at the time, if it has changed since."),
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_decision = models.CharField(
        _("revocation decision"), max_length=60, blank=True, default=""
    )
    source_url = models.URLField(_("source"), blank=True, default="")
    note = models.TextField(_("note"), blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("OCOP certification")
        verbose_name_plural = _("OCOP certifications")
        # Latest first: dated awards by date, then awards whose date is unknown.
        ordering = [models.F("decision_date").desc(nulls_last=True), "-id"]
        constraints = [
            models.CheckConstraint(
                name="certification_stars_range",
                condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5),
                violation_error_message=_("OCOP stars go from 1 to 5."),
            ),
            models.CheckConstraint(
                name="certification_date_matches_precision",
                condition=(Q(date_precision="unknown") & Q(decision_date__isnull=True))
                | (~Q(date_precision="unknown") & Q(decision_date__isnull=False)),
                violation_error_message=_("Give a decision date, or mark its precision unknown."),
            ),
            models.CheckConstraint(
                name="certification_expires_after_decision",
                condition=Q(expires_on__isnull=True)
                | Q(decision_date__isnull=True)
                | Q(expires_on__gt=models.F("decision_date")),
                violation_error_message=_("The expiry date must be after the decision date."),
            ),
            models.CheckConstraint(
                name="certification_revoked_after_decision",
                condition=Q(revoked_on__isnull=True)
                | Q(decision_date__isnull=True)
                | Q(revoked_on__gte=models.F("decision_date")),
                violation_error_message=_("A certificate cannot be revoked before it was awarded."),
            ),
            models.CheckConstraint(
                name="certification_revocation_dated",
                condition=Q(revocation_decision="") | Q(revoked_on__isnull=False),
                violation_error_message=_("A revocation decision needs its date."),
            ),
        ]

    def __str__(self):
        stars = f"{self.stars}★" if self.stars else gettext("no stars")
        return f"{self.product} – {stars} ({self.decision_label})"

    def save(self, *args, **kwargs):
        # Only a known day gives a known expiry: a year-only decision keeps a range (valid_until).
        if (
            self.expires_on is None
            and self.decision_date is not None
            and self.date_precision == self.DatePrecision.DAY
        ):
            self.expires_on = add_months(self.decision_date, CERTIFICATE_VALIDITY_MONTHS)
        super().save(*args, **kwargs)

    @property
    def decision_label(self) -> str:
        """The decision date as precisely as it is known: "02/11/2022" ("2 Nov 2022" in English),
        "2022" or "date unknown"."""
        if self.decision_date is None:
            return gettext("date unknown")
        if self.date_precision == self.DatePrecision.YEAR:
            return str(self.decision_date.year)
        return day_label(self.decision_date)

    @property
    def valid_until(self) -> datetime.date | None:
        """The last day the award surely counts: its expiry, or the day before it was revoked.

        A decision known only by its year Y expires some day of Y+3 (36 months later): it surely
        counts to the end of Y+2.
        """
        return self._last_day(surely=True)

    @property
    def possibly_valid_until(self) -> datetime.date | None:
        """The last day the award may still count: the end of Y+3 for a decision of year Y."""
        return self._last_day(surely=False)

    def _last_day(self, *, surely: bool) -> datetime.date | None:
        end = self.expires_on
        if end is None and self.decision_date is not None:
            if self.date_precision == self.DatePrecision.YEAR:
                years = CERTIFICATE_VALIDITY_MONTHS // 12 - (1 if surely else 0)
                end = datetime.date(self.decision_date.year + years, 12, 31)
            else:
                end = add_months(self.decision_date, CERTIFICATE_VALIDITY_MONTHS)
        if self.revoked_on is not None:
            day_before = self.revoked_on - datetime.timedelta(days=1)
            return min(day_before, end) if end else day_before
        return end

    @property
    def expiry_label(self) -> str:
        """When the award expires, as precisely as known: "02/11/2025", "2027" or ""."""
        last = self.possibly_valid_until
        if last is None:
            return ""
        if last == self.valid_until:
            return day_label(last)
        return str(last.year)

    def validity_on(self, day: datetime.date) -> str:
        """The award's Validity on day."""
        return validity_on(day, self.stars, self.valid_until, self.possibly_valid_until)

    @property
    def validity(self) -> str:
        """The award's Validity today."""
        return self.validity_on(timezone.localdate())

    def is_valid_on(self, day: datetime.date) -> bool:
        """True when the award is an OCOP certificate (3★ or more) surely valid on day."""
        return (
            self.stars is not None and self.stars >= 3 and self.validity_on(day) == Validity.VALID
        )
