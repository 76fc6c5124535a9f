"""The places of a fair's floor plan that are not booths: entrance, stage, information desk…"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cooperatives.models.fairs import Booth, Fair, booth_code_sort_key, spaces_message


class FloorSpaceQuerySet(models.QuerySet):
    def overlapping(self, *, fair_id: int, x: int, y: int, width: int, height: int):
        """Spaces of the fair sharing cells with this rectangle (touching edges do not), as
        Booth.objects.overlapping does for booths."""
        return self.filter(fair_id=fair_id, x__lt=x + width, y__lt=y + height).filter(
            GreaterThan(F("x") + F("width"), x), GreaterThan(F("y") + F("height"), y)
        )


class FloorSpace(models.Model):
    """A place on the floor plan that visitors look for besides the booths, drawn on the same
    grid; it never shares a cell with a booth or another space of its fair."""

    class Kind(models.TextChoices):
        ENTRANCE = "entrance", _("entrance")
        EXIT = "exit", _("exit")
        STAGE = "stage", _("stage")
        INFORMATION = "information", _("information desk")
        TOILETS = "toilets", _("toilets")
        FIRST_AID = "first_aid", _("first aid")
        FOOD = "food", _("food court")
        OTHER = "other", _("other")

    fair = models.ForeignKey(
        Fair, verbose_name=_("fair"), on_delete=models.CASCADE, related_name="floor_spaces"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    label = models.CharField(
        _("label"),
        max_length=60,
        blank=True,
        default="",
        help_text=_("Shown on the map, e.g. “Main stage” or “Gate 2”; the kind when empty."),
    )
    x = models.PositiveSmallIntegerField(_("column"), default=0)
    y = models.PositiveSmallIntegerField(_("row"), default=0)
    width = models.PositiveSmallIntegerField(_("width"), default=2)
    height = models.PositiveSmallIntegerField(_("height"), default=1)

    objects = FloorSpaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("floor space")
        verbose_name_plural = _("floor spaces (entrance, stage, toilets…)")
        ordering = ["fair", "y", "x"]
        constraints = [
            models.CheckConstraint(
                name="floorspace_positive_size",
                condition=Q(width__gte=1) & Q(height__gte=1),
                violation_error_message=_("A space is at least one cell wide and high."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The label, or the kind's name when the organisers gave none."""
        return self.label or str(self.get_kind_display()).capitalize()

    def clean(self):
        super().clean()
        if self.fair_id is None or None in (self.x, self.y, self.width, self.height):
            return
        place = {"x": self.x, "y": self.y, "width": self.width, "height": self.height}
        codes = sorted(
            Booth.objects.overlapping(fair_id=self.fair_id, **place).values_list("code", flat=True),
            key=booth_code_sort_key,
        )
        if codes:
            raise ValidationError(
                ngettext(
                    "This space overlaps booth %(codes)s on the floor plan.",
                    "This space overlaps booths %(codes)s on the floor plan.",
                    len(codes),
                )
                % {"codes": ", ".join(codes)},
                code="space_overlap",
            )
        spaces = FloorSpace.objects.overlapping(fair_id=self.fair_id, **place)
        if self.pk is not None:
            spaces = spaces.exclude(pk=self.pk)
        if spaces := list(spaces):
            raise ValidationError(spaces_message(spaces), code="space_overlap")
