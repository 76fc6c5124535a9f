"""Product photos in the admin: stored through the photo pipeline and its services, never as raw uploads."""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from catalog.models import ProductImage
from catalog.services import (
    product_image_delete,
    product_image_store,
    product_images_delete,
)
from ocop_fair.admin_mixins import (
    NormalisedSearchMixin,
)
from ocop_fair.images import make_renditions, refuse_embedded_markup


class ProductImageForm(forms.ModelForm):
    """Judge an uploaded photo with the pipeline; the admin stores it through the services."""

    class Meta:
        model = ProductImage
        fields = ["product", "image", "alt_text", "sort_order"]
        # A plain file field: Django's ImageField would open the upload with Pillow before the
        # pipeline's memory checks (a WebP's whole canvas is allocated when it is opened).
        field_classes = {"image": forms.FileField}

    renditions = None

    def clean_image(self):
        image = self.cleaned_data["image"]
        if isinstance(image, UploadedFile):
            self.renditions = make_renditions(image)
            refuse_embedded_markup(image)
        return image


def product_image_save(form: ProductImageForm, image: ProductImage) -> None:
    """Save a photo edited in the admin: a new upload through product_image_store."""
    if form.renditions is not None:
        product_image_store(image=image, renditions=form.renditions)
    else:
        image.save()


class ProductImageFormSet(forms.BaseInlineFormSet):
    """The product page's photo rows, added, replaced and deleted through the services."""

    def save_new(self, form, commit=True):
        image = super().save_new(form, commit=False)
        if commit:
            product_image_save(form, image)
        return image

    def save_existing(self, form, obj, commit=True):
        image = form.save(commit=False)
        if commit:
            product_image_save(form, image)
        return image

    def delete_existing(self, obj, commit=True):
        if commit:
            product_image_delete(image=obj)


@admin.display(description=_("preview"))
def image_preview(product_image):
    picture = product_image.thumbnail or product_image.image
    if not picture:
        return ""  # not None: the admin would print "None" in a new row
    return format_html('<img src="{}" alt="" width="80">', picture.url)


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    form = ProductImageForm
    formset = ProductImageFormSet
    fields = [image_preview, "image", "alt_text", "sort_order"]
    readonly_fields = [image_preview]
    extra = 0

    def get_queryset(self, request):
        # __str__ (the row's title) falls back to the product's name.
        return super().get_queryset(request).select_related("product")


@admin.register(ProductImage)
class ProductImageAdmin(NormalisedSearchMixin, SimpleHistoryAdmin):
    form = ProductImageForm
    list_display = [image_preview, "product", "alt_text", "sort_order", "size"]
    list_select_related = ["product"]
    search_fields = ["alt_text", "product__search_text"]
    normalised_search_fields = ("product__search_text",)
    autocomplete_fields = ["product"]
    fields = ["product", image_preview, "image", "alt_text", "sort_order", "size", "created_at"]
    readonly_fields = [image_preview, "size", "created_at"]

    def save_model(self, request, obj, form, change):
        product_image_save(form, obj)

    def delete_model(self, request, obj):
        product_image_delete(image=obj)

    def delete_queryset(self, request, queryset):
        product_images_delete(images=queryset)

    @admin.display(description=_("size in pixels"))
    def size(self, product_image):
        if product_image.width is None:
            return None
        return f"{product_image.width} × {product_image.height}"
