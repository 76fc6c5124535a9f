from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from catalog.certification_forms import certification_formset_save, certification_save
from catalog.forms import PackOptionForm
from catalog.images import make_renditions, refuse_embedded_markup
from catalog.models import Certification, PackOption, Product, ProductGroup, ProductImage
from catalog.resources import ProductResource
from catalog.services import (
    certification_delete_many,
    product_hide_many,
    product_image_delete,
    product_image_store,
    product_images_delete,
    product_publish_many,
)
from ocop_fair.admin_csv import export_as_csv
from ocop_fair.admin_mixins import (
    DateHintMixin,
    HttpsURLMixin,
    NormalisedSearchMixin,
    ServiceFormErrorsMixin,
)
from ocop_fair.guards import parse_id
from ocop_fair.imports import SpreadsheetAdminMixin
from ocop_fair.money import format_vnd


class TopLevelGroupFilter(admin.SimpleListFilter):
    """Filter by one of the six top-level OCOP groups, whatever the level below it."""

    title = _("top-level group")
    parameter_name = "top_group"
    # Path from the listed model to its ProductGroup ("" when listing groups themselves).
    group_path = "group__"

    def lookups(self, request, model_admin):
        return [(group.pk, str(group)) for group in ProductGroup.objects.filter(parent=None)]

    def queryset(self, request, queryset):
        top = parse_id(self.value())
        if top is None:  # no filter, or an id edited into something else
            return queryset
        # Decision 148 has three levels: group (I), group (I.5), sub-group (I.5.b).
        path = self.group_path
        return queryset.filter(
            Q(**{f"{path}pk": top})
            | Q(**{f"{path}parent": top})
            | Q(**{f"{path}parent__parent": top})
        )


class GroupTreeFilter(TopLevelGroupFilter):
    group_path = ""


class StarsFilter(admin.SimpleListFilter):
    title = _("OCOP stars")
    parameter_name = "stars"

    def lookups(self, request, model_admin):
        return [(str(stars), "★" * stars) for stars in range(5, 0, -1)] + [("none", _("No award"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(ocop_stars__isnull=True)
        if value in {"1", "2", "3", "4", "5"}:
            return queryset.filter(ocop_stars=int(value))
        return queryset


class CertificateFilter(admin.SimpleListFilter):
    title = _("OCOP certificate")
    parameter_name = "certificate"

    def lookups(self, request, model_admin):
        return [("valid", _("Valid today")), ("expired", _("Not valid today"))]

    def queryset(self, request, queryset):
        # Compared with today at request time: validity is never stored.
        if self.value() == "valid":
            return queryset.with_valid_certificate()
        if self.value() == "expired":
            # 3★ or more, but expired, revoked, or awarded on an unknown date.
            return queryset.filter(ocop_stars__gte=3).exclude(
                ocop_valid_until__gte=timezone.localdate()
            )
        return queryset


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


@admin.register(ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "parent", "sort_order", "colour", "product_count"]
    list_filter = [GroupTreeFilter]
    list_select_related = ["parent"]
    search_fields = ["code", "name", "name_en"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["slug"]
    fields = ["code", "name", "name_en", "slug", "parent", "sort_order", "colour"]
    actions = [export_as_csv]
    csv_fields = ["code", "name", "name_en", ("parent__code", _("parent group")), "colour"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(product_count=Count("products"))

    @admin.display(description=_("products"), ordering="product_count")
    def product_count(self, group):
        return group.product_count


class CertificationInline(DateHintMixin, admin.TabularInline):
    model = Certification
    fields = [
        "stars",
        "level",
        "award_type",
        "decision_number",
        "decision_date",
        "date_precision",
        "expires_on",
        "revoked_on",
        "revocation_decision",
    ]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        # __str__ (the row's title) names the product.
        return super().get_queryset(request).select_related("product")


class PackOptionInline(admin.TabularInline):
    model = PackOption
    form = PackOptionForm
    fields = ["label", "price_vnd", "sort_order"]
    extra = 0


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


@admin.register(Product)
class ProductAdmin(
    ServiceFormErrorsMixin,
    SpreadsheetAdminMixin,
    ImportExportMixin,
    HttpsURLMixin,
    NormalisedSearchMixin,
    SimpleHistoryAdmin,  # "History": who changed what and when, staff portal edits included
):
    resource_classes = [ProductResource]
    list_display = [
        "name",
        "cooperative",
        "province",
        "group",
        "status",
        "stars",
        "certificate_valid_today",
        "is_featured",
        "updated_at",
    ]
    list_filter = [
        "status",
        "is_featured",
        "cooperative__province",
        TopLevelGroupFilter,
        StarsFilter,
        CertificateFilter,
    ]
    list_select_related = ["cooperative__province", "group"]
    search_fields = ["search_text", "cooperative__search_name"]
    normalised_search_fields = ("search_text", "cooperative__search_name")
    autocomplete_fields = ["cooperative", "group"]
    readonly_fields = [
        "slug",
        "ocop_stars",
        "ocop_valid_until",
        "ocop_possibly_valid_until",
        "certificate_valid_today",
        "ocop_recognition_year",
        "ocop_recognition_decision",
        "search_name",
        "search_text",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "cooperative", "group", "status", "is_featured"]}),
        (_("Presentation"), {"fields": ["summary", "description"]}),
        (_("Links"), {"fields": ["traceability_url", "source_url"]}),
        (
            _("Current OCOP award"),
            {
                "fields": [
                    "ocop_stars",
                    "ocop_valid_until",
                    "ocop_possibly_valid_until",
                    "certificate_valid_today",
                    "ocop_recognition_year",
                    "ocop_recognition_decision",
                ],
                "description": _("Taken from the latest certification below when you save."),
            },
        ),
        (
            _("Record"),
            {
                "fields": ["search_name", "search_text", "created_at", "updated_at"],
                "classes": ["collapse"],
            },
        ),
    ]
    inlines = [CertificationInline, PackOptionInline, ProductImageInline]
    actions = ["publish", "hide", export_as_csv]
    csv_fields = [
        "name",
        ("cooperative__name", _("cooperative")),
        ("cooperative__province__name", _("province")),
        ("group__code", _("group code")),
        ("group__name", _("product group")),
        "status",
        "ocop_stars",
        "ocop_valid_until",
        "ocop_possibly_valid_until",
        "is_featured",
        "summary",
        "source_url",
    ]

    @admin.display(description=_("province"), ordering="cooperative__province__name")
    def province(self, product):
        return product.cooperative.province

    @admin.display(description=_("stars"), ordering="ocop_stars")
    def stars(self, product):
        return "★" * product.ocop_stars if product.ocop_stars else None

    @admin.display(description=_("valid today"), boolean=True, ordering="ocop_valid_until")
    def certificate_valid_today(self, product):
        return product.ocop_is_valid

    def save_formset(self, request, form, formset, change):
        if formset.model is Certification:
            # Awards are recorded, revoked, corrected and deleted through catalog.services.
            return certification_formset_save(formset)
        return super().save_formset(request, form, formset, change)

    @admin.action(description=_("Publish selected products"), permissions=["change"])
    def publish(self, request, queryset):
        count = product_publish_many(products=queryset)
        message = ngettext(
            "%(count)d product was published.", "%(count)d products were published.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Hide selected products"), permissions=["change"])
    def hide(self, request, queryset):
        count = product_hide_many(products=queryset)
        message = ngettext(
            "%(count)d product was hidden from visitors.",
            "%(count)d products were hidden from visitors.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.register(Certification)
class CertificationAdmin(
    ServiceFormErrorsMixin, DateHintMixin, HttpsURLMixin, NormalisedSearchMixin, admin.ModelAdmin
):
    list_display = [
        "product",
        "cooperative",
        "stars",
        "level",
        "award_type",
        "decision_number",
        "decision",
        "expires_on",
        "revoked_on",
        "valid_today",
    ]
    list_filter = [
        "stars",
        "level",
        "award_type",
        "criteria_version",
        "date_precision",
        ("revoked_on", admin.EmptyFieldListFilter),
    ]
    search_fields = [
        "decision_number",
        "holder_name",
        "product__search_text",
        "product__cooperative__search_name",
    ]
    normalised_search_fields = ("product__search_text", "product__cooperative__search_name")
    autocomplete_fields = ["product"]
    readonly_fields = ["created_at"]
    fieldsets = [
        (None, {"fields": ["product", "stars", "level", "award_type", "criteria_version"]}),
        (
            _("Decision"),
            {
                "fields": [
                    "decision_number",
                    "decision_date",
                    "date_precision",
                    "expires_on",
                    "holder_name",
                ]
            },
        ),
        (_("Revocation"), {"fields": ["revoked_on", "revocation_decision"]}),
        (_("Source"), {"fields": ["source_url", "note", "created_at"]}),
    ]
    actions = [export_as_csv]
    csv_fields = [
        ("product__name", _("product")),
        ("product__cooperative__name", _("cooperative")),
        "stars",
        "level",
        "award_type",
        "criteria_version",
        "decision_number",
        "decision_date",
        "date_precision",
        "expires_on",
        "revoked_on",
        "revocation_decision",
        "source_url",
    ]

    def get_queryset(self, request):
        # __str__ names the product.
        return super().get_queryset(request).select_related("product__cooperative")

    @admin.display(description=_("cooperative"), ordering="product__cooperative__name")
    def cooperative(self, certification):
        return certification.product.cooperative

    @admin.display(description=_("decision date"), ordering="decision_date")
    def decision(self, certification):
        return certification.decision_label

    @admin.display(description=_("valid today"), boolean=True)
    def valid_today(self, certification):
        return certification.is_valid_on(timezone.localdate())

    def save_model(self, request, obj, form, change):
        saved = certification_save(form, product=form.cleaned_data["product"])
        # The admin logs the change and redirects with the object it holds: give it the saved row.
        obj.pk, obj._state = saved.pk, saved._state

    def delete_model(self, request, obj):
        certification_delete_many(certifications=Certification.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        certification_delete_many(certifications=queryset)


@admin.register(PackOption)
class PackOptionAdmin(NormalisedSearchMixin, SimpleHistoryAdmin):
    form = PackOptionForm
    list_display = ["label", "product", "price", "sort_order"]
    list_select_related = ["product"]
    search_fields = ["label", "product__search_text"]
    normalised_search_fields = ("product__search_text",)
    autocomplete_fields = ["product"]
    actions = [export_as_csv]
    csv_fields = [("product__name", _("product")), "label", "price_vnd"]

    @admin.display(description=_("price (VND)"), ordering="price_vnd")
    def price(self, pack):
        if pack.price_vnd is None:
            return gettext("on request")
        return format_vnd(pack.price_vnd)


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
