"""A fair's programme: what happens when and where, besides the booths."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cooperatives.models.fairs import Fair


class ProgrammeItemQuerySet(models.QuerySet):
    def of_fair(self, fair: Fair):
        return self.filter(fair=fair).order_by("starts_at", "pk")


class ProgrammeItem(models.Model):
    """One event of a fair's programme: an opening ceremony, a conference, a tasting…"""

    class Kind(models.TextChoices):
        OPENING = "opening", _("opening ceremony")
        CONFERENCE = "conference", _("conference")
        MATCHING = "matching", _("business-matching session")
        TASTING = "tasting", _("tasting")
        DEMONSTRATION = "demonstration", _("demonstration")
        OTHER = "other", _("other")

    fair = models.ForeignKey(
        Fair, verbose_name=_("fair"), on_delete=models.CASCADE, related_name="programme"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    place = models.CharField(
        _("place"),
        max_length=255,
        blank=True,
        default="",
        help_text=_("A stage, a room or a booth, e.g. “Main stage” or “Booth B7”."),
    )
    description = models.TextField(_("description"), blank=True, default="")

    objects = ProgrammeItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        ordering = ["fair", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="programmeitem_ends_after_start",
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                violation_error_message=_("An item cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title
