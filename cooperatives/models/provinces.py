"""Provinces, with the administrative units in force on a given day (the 2025 mergers)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop_fair.text import normalize_search_text, unique_slug


class Province(models.Model):
    """A province as it stood at the fair; the 2025 reorganisation is recorded beside it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    code = models.CharField(
        _("official code"),
        max_length=3,
        unique=True,
        help_text=_("Administrative unit code of the General Statistics Office, e.g. 42."),
    )
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    successor_name = models.CharField(
        _("now part of"),
        max_length=150,
        blank=True,
        default="",
        help_text=_("The administrative unit this province belongs to since the 2025 reform."),
    )
    successor_since = models.DateField(_("since"), null=True, blank=True)
    current_name = models.CharField(
        _("name today"),
        max_length=100,
        blank=True,
        default="",
        help_text=_(
            "The short name of the unit it belongs to since then (e.g. Quảng Trị, Thành phố Huế):"
            " the catalogue's province filter groups provinces by it."
        ),
    )
    reorganisation_note = models.TextField(_("reorganisation note"), blank=True, default="")
    search_name = models.CharField(_("search name"), max_length=100, editable=False, default="")

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["display_order", "name"]
        constraints = [
            models.CheckConstraint(
                name="province_successor_dated",
                condition=(Q(successor_name="") & Q(successor_since__isnull=True))
                | (~Q(successor_name="") & Q(successor_since__isnull=False)),
                violation_error_message=_("A successor unit needs the date it took effect."),
            ),
            models.CheckConstraint(
                name="province_current_name_with_successor",
                condition=Q(current_name="") | ~Q(successor_name=""),
                violation_error_message=_(
                    "A name today is the name of the unit this province became: fill in “now part"
                    " of” and its date too."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Province, self.name)
        self.search_name = normalize_search_text(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:province-detail", kwargs={"slug": self.slug})

    @property
    def was_reorganised(self) -> bool:
        return bool(self.successor_name)

    @property
    def name_today(self) -> str:
        """The name of the administrative unit the province is, or belongs to, today."""
        return self.current_name or self.name

    def name_on(self, day) -> str:
        """The province's name as it stood on day (the name at the fair when day is its date)."""
        if self.current_name and self.successor_since and day and day >= self.successor_since:
            return self.current_name
        return self.name

    @property
    def name_with_today(self) -> str:
        """The name at the fair, with the unit it belongs to today when that differs."""
        if self.current_name and self.current_name != self.name:
            return _("%(name)s (now part of %(today)s)") % {
                "name": self.name,
                "today": self.current_name,
            }
        return self.name
