"""OCOP awards in the admin: recorded, corrected and deleted through the certification services."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.certification_forms import certification_save
from catalog.models import Certification
from catalog.services import (
    certification_delete_many,
)
from ocop_fair.admin_csv import export_as_csv
from ocop_fair.admin_mixins import (
    DateHintMixin,
    HttpsURLMixin,
    NormalisedSearchMixin,
    ServiceFormErrorsMixin,
)


class CertificationInline(DateHintMixin, admin.StackedInline):
    # Stacked, three fields a line: as a table its nine columns (three with calendar shortcuts)
    # made the product page 2,000 px wide on a 1,280 px screen.
    model = Certification
    fields = [
        ("stars", "level", "award_type"),
        ("decision_number", "decision_date", "date_precision"),
        ("expires_on", "revoked_on", "revocation_decision"),
    ]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        # __str__ (the row's title) names the product.
        return super().get_queryset(request).select_related("product")


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
