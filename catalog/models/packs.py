"""A product's pack sizes and prices."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.models.products import Product


class PackOption(models.Model):
    """A pack size or SKU of a product ("hộp 500 g", "chai 500 ml 30°N"), with its price."""

    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="pack_options",
    )
    label = models.CharField(_("pack"), max_length=100, help_text=_("E.g. hộp 500 g."))
    price_vnd = models.PositiveIntegerField(
        _("price (VND)"), null=True, blank=True, help_text=_("Leave empty when on request.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pack option")
        verbose_name_plural = _("pack options")
        ordering = ["product", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "label"], name="packoption_unique_label_per_product"
            ),
        ]

    def __str__(self):
        return self.label
