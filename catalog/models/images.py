"""A product's photos and their stored renditions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.models.products import Product
from ocop_fair.files import random_upload_name


def product_image_upload_to(instance, filename: str) -> str:
    return random_upload_name("products", filename)


class ProductImage(models.Model):
    """A photo of a product, ordered; stored under a random name the uploader does not choose."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(
        _("image"),
        upload_to=product_image_upload_to,
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    # A small rendition for lists and galleries: pages never send the original to a phone.
    thumbnail = models.ImageField(
        _("thumbnail"),
        upload_to=product_image_upload_to,
        width_field="thumbnail_width",
        height_field="thumbnail_height",
        blank=True,
        default="",
        editable=False,
    )
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["product", "sort_order", "id"]

    def __str__(self):
        return self.alt_text or self.product.name

    def store_renditions(self, renditions) -> None:
        """Attach an original and its thumbnail (ocop_fair.images.Renditions); the caller saves."""
        self.image.save(renditions.original.name, renditions.original, save=False)
        self.thumbnail.save(renditions.thumbnail.name, renditions.thumbnail, save=False)
