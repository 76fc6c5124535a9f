"""The OCOP product groups of Decision 148/QĐ-TTg."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ocop_fair.text import unique_slug


class ProductGroup(models.Model):
    """An OCOP product group or sub-group of Decision 148/QĐ-TTg (e.g. I.5.b herbal teas)."""

    code = models.CharField(_("code"), max_length=12, unique=True, help_text=_("E.g. I.5.b."))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True, default="")
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        default="",
        help_text=_("Hex colour used for cards and charts, e.g. #2f7d32."),
    )

    class Meta:
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                name="productgroup_not_own_parent", condition=~Q(parent=models.F("pk"))
            ),
            models.CheckConstraint(
                name="productgroup_colour_hex",
                condition=Q(colour="") | Q(colour__regex=r"^#[0-9a-fA-F]{6}$"),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.label}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(ProductGroup, self.name, max_length=100)
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """The group's name in the active language (Vietnamese unless English is active)."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name
