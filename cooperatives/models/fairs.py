"""Fairs, their opening days, exhibitors, booths and which cooperative holds each booth."""

import datetime
import re
from urllib.parse import urlencode

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cooperatives.models.producers import Cooperative
from ocop_fair.text import unique_slug


class FairQuerySet(models.QuerySet):
    def current(self):
        """The fair shown to visitors (at most one: a unique constraint); see
        cooperatives.selectors.current_fair for the object itself."""
        return self.filter(is_current=True)


class Fair(models.Model):
    """A trade-promotion fair; at most one is the current fair shown to visitors."""

    class Status(models.TextChoices):
        """Where a fair stands on a given day: computed from its dates, never stored."""

        UPCOMING = "upcoming", _("upcoming")
        ON = "on", _("on now")
        OVER = "over", _("over")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    venue = models.CharField(_("venue"), max_length=255)
    address = models.CharField(
        _("address"), max_length=255, blank=True, default="", help_text=_("The venue's address.")
    )
    # https only: the link opens from the public fair page.
    map_url = models.URLField(
        _("map link"),
        max_length=500,
        blank=True,
        default="",
        validators=[URLValidator(schemes=["https"])],
        help_text=_("An https link to the venue on a map, e.g. Google Maps."),
    )
    organiser = models.CharField(_("organiser"), max_length=255)
    description = models.TextField(_("description"), blank=True, default="")
    source_url = models.URLField(_("source"), blank=True, default="")
    is_current = models.BooleanField(
        _("current fair"), default=False, help_text=_("The fair shown on the home page.")
    )

    objects = FairQuerySet.as_manager()

    class Meta:
        verbose_name = _("fair")
        verbose_name_plural = _("fairs")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="fair_single_current",
                violation_error_message=_("Only one fair can be the current fair."),
            ),
            models.CheckConstraint(
                name="fair_ends_after_start",
                condition=Q(ends_on__gte=models.F("starts_on")),
                violation_error_message=_("A fair cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Fair, f"{self.name}", max_length=200)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("cooperatives:fair-detail", kwargs={"slug": self.slug})

    def get_floor_plan_url(self):
        return reverse("cooperatives:fair-floor-plan", kwargs={"slug": self.slug})

    def get_programme_url(self):
        return reverse("cooperatives:fair-programme", kwargs={"slug": self.slug})

    def status_on(self, day: datetime.date) -> "Fair.Status":
        """Where the fair stands on day: before its first day, during it, or after its last."""
        if day < self.starts_on:
            return self.Status.UPCOMING
        if day > self.ends_on:
            return self.Status.OVER
        return self.Status.ON

    @property
    def status(self) -> "Fair.Status":
        """Where the fair stands today (the site's time zone)."""
        return self.status_on(timezone.localdate())

    @property
    def is_on(self) -> bool:
        return self.status == self.Status.ON


class FairDay(models.Model):
    """A day the fair is open to visitors, with its opening hours."""

    fair = models.ForeignKey(
        Fair, verbose_name=_("fair"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("date"))
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening day")
        verbose_name_plural = _("opening days")
        ordering = ["fair", "date"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "date"], name="fairday_unique_date_per_fair"),
            models.CheckConstraint(
                name="fairday_closes_after_opening",
                condition=Q(closes__gt=models.F("opens")),
                violation_error_message=_("A day must close after it opens."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        # Across two tables, so no database constraint: checked here, in the admin's inline.
        fair = self.fair if self.fair_id else None
        if fair and self.date and not fair.starts_on <= self.date <= fair.ends_on:
            raise ValidationError(
                {"date": _("The day must be one of the fair's days.")}, code="outside_fair"
            )


class FairExhibitor(models.Model):
    """A cooperative accepted to exhibit at a fair (with or without a booth yet)."""

    fair = models.ForeignKey(
        Fair, verbose_name=_("fair"), on_delete=models.CASCADE, related_name="exhibitors"
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        on_delete=models.PROTECT,
        related_name="fair_exhibitors",
    )
    # Booth needs, as the exhibitor's accepted application stated them; auto-assign honours them.
    booths_wanted = models.PositiveSmallIntegerField(_("booths wanted"), default=1)
    needs_power = models.BooleanField(_("needs power"), default=False)
    needs_refrigeration = models.BooleanField(_("needs refrigeration"), default=False)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        ordering = ["fair", "cooperative__name_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["fair", "cooperative"],
                name="fairexhibitor_unique_per_fair",
                violation_error_message=_("This cooperative is already an exhibitor of this fair."),
            ),
            models.CheckConstraint(
                name="fairexhibitor_booths_wanted_range",
                condition=Q(booths_wanted__gte=1, booths_wanted__lte=4),
            ),
        ]

    def __str__(self):
        return f"{self.cooperative} @ {self.fair}"


def booth_code_sort_key(code: str) -> tuple:
    """The order visitors read booth codes in: A2 before A10, B1 after A10, case ignored."""
    # re.split keeps text at even places and digit runs at odd ones, so parts always compare
    # like with like; the code itself breaks the remaining ties ("A1" and "a1").
    parts = re.split(r"(\d+)", code.casefold())
    return ([int(part) if i % 2 else part for i, part in enumerate(parts)], code)


class BoothQuerySet(models.QuerySet):
    def overlapping(self, *, fair_id: int, x: int, y: int, width: int, height: int):
        """Booths of the fair whose rectangle shares cells with this one (touching edges do not).

        PostgreSQL refuses such a pair itself (migration 0008, booth_no_overlap); this query is
        the check every engine runs first, for a clear message.
        """
        return self.filter(fair_id=fair_id, x__lt=x + width, y__lt=y + height).filter(
            GreaterThan(F("x") + F("width"), x), GreaterThan(F("y") + F("height"), y)
        )


def overlap_message(codes: list[str]) -> str:
    """The error for a booth that would cover booths codes of the same fair."""
    return ngettext(
        "This booth overlaps booth %(codes)s of the same fair on the floor plan.",
        "This booth overlaps booths %(codes)s of the same fair on the floor plan.",
        len(codes),
    ) % {"codes": ", ".join(codes)}


def spaces_message(spaces) -> str:
    """The error for a booth or space that would cover spaces (FloorSpace) of the same fair."""
    names = ", ".join(f"“{space.name}”" for space in spaces)
    return ngettext(
        "This overlaps the space %(names)s of the same fair on the floor plan.",
        "This overlaps the spaces %(names)s of the same fair on the floor plan.",
        len(spaces),
    ) % {"names": names}


class Booth(models.Model):
    """A stand on the fair's floor plan, placed on a grid of cells; no two booths of a fair
    overlap."""

    fair = models.ForeignKey(
        Fair, verbose_name=_("fair"), on_delete=models.CASCADE, related_name="booths"
    )
    CODE_MAX_LENGTH = 10

    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, help_text=_("E.g. A12."))
    zone = models.CharField(
        _("zone"), max_length=100, blank=True, default="", help_text=_("E.g. a province pavilion.")
    )
    x = models.PositiveSmallIntegerField(_("column"), default=0)
    y = models.PositiveSmallIntegerField(_("row"), default=0)
    width = models.PositiveSmallIntegerField(_("width"), default=1)
    height = models.PositiveSmallIntegerField(_("height"), default=1)
    has_power = models.BooleanField(
        _("has power"), default=True, help_text=_("The booth has an electric socket.")
    )
    has_refrigeration = models.BooleanField(
        _("has refrigeration"),
        default=False,
        help_text=_("The booth has a fridge or freezer, or a socket strong enough for one."),
    )

    objects = BoothQuerySet.as_manager()

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["fair", "zone", "code"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "code"], name="booth_unique_code_per_fair"),
            models.CheckConstraint(
                name="booth_positive_size", condition=Q(width__gte=1) & Q(height__gte=1)
            ),
        ]

    def __str__(self):
        return f"{self.code} ({self.fair.year})"

    def get_absolute_url(self):
        """The booth's stable address, printed on its QR sign (see views.booths)."""
        return reverse("cooperatives:booth", kwargs={"slug": self.fair.slug, "code": self.code})

    def get_floor_plan_url(self):
        """The fair's floor plan with this booth highlighted."""
        query = urlencode({"booth": self.code})
        return f"{self.fair.get_floor_plan_url()}?{query}#booth-{self.code}"

    def clean(self):
        super().clean()
        if self.fair_id is None or None in (self.x, self.y, self.width, self.height):
            return
        others = Booth.objects.overlapping(
            fair_id=self.fair_id, x=self.x, y=self.y, width=self.width, height=self.height
        )
        if self.pk is not None:
            others = others.exclude(pk=self.pk)
        codes = sorted(others.values_list("code", flat=True), key=booth_code_sort_key)
        if codes:
            raise ValidationError(overlap_message(codes), code="booth_overlap")
        # The stage, the entrance… (FloorSpace, defined after Booth: looked up, not imported).
        spaces = apps.get_model("cooperatives", "FloorSpace").objects.overlapping(
            fair_id=self.fair_id, x=self.x, y=self.y, width=self.width, height=self.height
        )
        if spaces := list(spaces):
            raise ValidationError(spaces_message(spaces), code="booth_overlap")


class BoothAssignment(models.Model):
    """A cooperative exhibiting at a booth; a booth holds at most one cooperative."""

    booth = models.ForeignKey(
        Booth, verbose_name=_("booth"), on_delete=models.CASCADE, related_name="assignments"
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        on_delete=models.PROTECT,
        related_name="booth_assignments",
    )
    note = models.CharField(_("note"), max_length=255, blank=True, default="")
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("booth assignment")
        verbose_name_plural = _("booth assignments")
        ordering = ["booth"]
        constraints = [
            models.UniqueConstraint(
                fields=["booth"],
                name="boothassignment_one_per_booth",
                violation_error_message=_("This booth is already assigned to a cooperative."),
            ),
        ]

    def __str__(self):
        return f"{self.booth.code}: {self.cooperative}"
