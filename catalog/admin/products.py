"""Products, product groups and pack options in the admin, with import, export and bulk publishing."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from catalog.admin.awards import CertificationInline
from catalog.admin.filters import (
    CertificateFilter,
    GroupTreeFilter,
    StarsFilter,
    TopLevelGroupFilter,
)
from catalog.admin.images import ProductImageInline
from catalog.certification_forms import certification_formset_save
from catalog.forms import PackOptionForm
from catalog.models import Certification, PackOption, Product, ProductGroup
from catalog.resources import ProductResource
from catalog.services import (
    product_hide_many,
    product_publish_many,
    products_delete,
)
from ocop_fair.admin_csv import export_as_csv
from ocop_fair.admin_mixins import (
    HttpsURLMixin,
    NormalisedSearchMixin,
    QuickActionCheckboxMixin,
    ServiceFormErrorsMixin,
)
from ocop_fair.imports import SpreadsheetAdminMixin
from ocop_fair.money import format_vnd


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


class PackOptionInline(admin.TabularInline):
    model = PackOption
    form = PackOptionForm
    fields = ["label", "price_vnd", "sort_order"]
    extra = 0


@admin.register(Product)
class ProductAdmin(
    QuickActionCheckboxMixin,
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
    # Rows cost the time of the page, not its queries: 50 rows render in half the time of
    # Django's 100 (docs/benchmarks.md, issue 21), and no COUNT(*) of every product is made
    # beside the filtered one (the list says "Show all" instead of the grand total).
    list_per_page = 50
    show_full_result_count = False
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

    def delete_model(self, request, obj):
        # Through the service, so the product's photo files go with it once committed.
        products_delete(products=Product.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        products_delete(products=queryset)

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
