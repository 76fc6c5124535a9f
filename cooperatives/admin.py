from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from cooperatives import (
    fair_admin,  # noqa: F401  (registers the fair, booth and assignment admins)
    programme_admin,  # noqa: F401  (registers the exhibitors admin)
)
from cooperatives.accounts import staff_invite_send_many, staff_login_unlock
from cooperatives.models import BoothAssignment, Cooperative, Membership, Province, ShopLink
from cooperatives.resources import CooperativeResource
from cooperatives.services import KEEP_LOGO, cooperative_save, cooperatives_delete
from ocop_fair.admin_csv import export_as_csv
from ocop_fair.admin_mixins import DateHintMixin, HttpsURLMixin, NormalisedSearchMixin
from ocop_fair.images import make_logo, refuse_embedded_markup
from ocop_fair.imports import SpreadsheetAdminMixin


class CurrentFairBoothFilter(admin.SimpleListFilter):
    """Cooperatives with or without a booth at the current fair."""

    title = _("booth at the current fair")
    parameter_name = "current_booth"

    def lookups(self, request, model_admin):
        return [("yes", _("Has a booth")), ("no", _("Without a booth"))]

    def queryset(self, request, queryset):
        has_booth = Exists(
            BoothAssignment.objects.filter(cooperative=OuterRef("pk"), booth__fair__is_current=True)
        )
        if self.value() == "yes":
            return queryset.filter(has_booth)
        if self.value() == "no":
            return queryset.filter(~has_booth)
        return queryset


@admin.register(Province)
class ProvinceAdmin(DateHintMixin, NormalisedSearchMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "display_order",
        "current_name",
        "successor_name",
        "successor_since",
        "cooperative_count",
    ]
    list_filter = [("successor_name", admin.EmptyFieldListFilter)]
    search_fields = ["search_name", "code"]
    normalised_search_fields = ("search_name",)
    readonly_fields = ["slug"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "code", "display_order"]}),
        (
            _("2025 reorganisation"),
            {
                "fields": [
                    "current_name",
                    "successor_name",
                    "successor_since",
                    "reorganisation_note",
                ]
            },
        ),
    ]
    actions = [export_as_csv]
    csv_fields = ["name", "code", "current_name", "successor_name", "successor_since"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cooperative_count=Count("cooperatives"))

    @admin.display(description=_("cooperatives"), ordering="cooperative_count")
    def cooperative_count(self, province):
        return province.cooperative_count


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]
    extra = 0

    def get_queryset(self, request):
        # __str__ (the row's title) names the user and the cooperative.
        return super().get_queryset(request).select_related("user", "cooperative")


class ShopLinkInline(HttpsURLMixin, admin.TabularInline):
    model = ShopLink
    fields = ["platform", "url", "sort_order"]
    extra = 0


class CooperativeAdminForm(forms.ModelForm):
    """A new logo goes through the photo pipeline, as in the portal."""

    class Meta:
        model = Cooperative
        fields = ["logo"]  # the admin adds the fieldsets' fields
        # The pipeline judges the content (and its memory cost) before Pillow decodes anything.
        field_classes = {"logo": forms.FileField}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            normalised = make_logo(logo)
            refuse_embedded_markup(logo)
            return normalised
        return logo


@admin.register(Cooperative)
class CooperativeAdmin(
    SpreadsheetAdminMixin,
    ImportExportMixin,
    HttpsURLMixin,
    NormalisedSearchMixin,
    SimpleHistoryAdmin,  # "History": who changed the profile and when
):
    resource_classes = [CooperativeResource]
    form = CooperativeAdminForm
    list_display = [
        "name",
        "kind",
        "province",
        "district",
        "phone",
        "product_count",
        "is_active",
        "is_verified",
        "updated_at",
    ]
    list_filter = ["kind", "province", "is_active", "is_verified", CurrentFairBoothFilter]
    list_select_related = ["province"]
    search_fields = ["search_name", "phone", "email"]
    normalised_search_fields = ("search_name",)
    autocomplete_fields = ["province"]
    readonly_fields = ["slug", "search_name", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "province", "is_active", "is_verified"]}),
        (_("Address"), {"fields": ["district", "commune", "address"]}),
        (_("Contact"), {"fields": ["phone", "email", "website"]}),
        (_("Presentation"), {"fields": ["description", "logo"]}),
        (
            _("Record"),
            {"fields": ["search_name", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]
    inlines = [MembershipInline, ShopLinkInline]
    actions = [export_as_csv]
    csv_fields = [
        "name",
        "kind",
        ("province__name", _("province")),
        "district",
        "commune",
        "address",
        "phone",
        "email",
        "website",
        "is_active",
        "is_verified",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(product_count=Count("products"))

    def save_model(self, request, obj, form, change):
        # A new or cleared logo replaces the stored file through the portal's own service.
        logo = KEEP_LOGO
        if "logo" in form.changed_data:
            logo = form.cleaned_data["logo"] or None
        cooperative_save(cooperative=obj, logo=logo)

    def delete_model(self, request, obj):
        # Through the service, so the logo file goes with the row once committed.
        cooperatives_delete(cooperatives=Cooperative.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        cooperatives_delete(cooperatives=queryset)

    @admin.display(description=_("products"), ordering="product_count")
    def product_count(self, cooperative):
        return cooperative.product_count


@admin.register(ShopLink)
class ShopLinkAdmin(HttpsURLMixin, NormalisedSearchMixin, admin.ModelAdmin):
    list_display = ["cooperative", "platform", "url", "sort_order"]
    list_filter = ["platform"]
    list_select_related = ["cooperative"]
    search_fields = ["url", "cooperative__search_name"]
    normalised_search_fields = ("cooperative__search_name",)
    autocomplete_fields = ["cooperative"]
    actions = [export_as_csv]
    csv_fields = [("cooperative__name", _("cooperative")), "platform", "url"]


@admin.register(Membership)
class MembershipAdmin(NormalisedSearchMixin, admin.ModelAdmin):
    list_display = ["user", "cooperative", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "cooperative__search_name"]
    normalised_search_fields = ("cooperative__search_name",)
    autocomplete_fields = ["user", "cooperative"]
    readonly_fields = ["created_at"]
    actions = ["send_set_password_link", "unlock_login", export_as_csv]
    csv_fields = [
        ("user__username", _("user")),
        ("user__email", _("email")),
        ("cooperative__name", _("cooperative")),
        "role",
        "created_at",
    ]

    def get_queryset(self, request):
        # __str__ names both the user and the cooperative.
        return super().get_queryset(request).select_related("user", "cooperative")

    @admin.action(description=_("Send a “set your password” link"), permissions=["change"])
    def send_set_password_link(self, request, queryset):
        users = {membership.user for membership in queryset}
        sent, without_email = staff_invite_send_many(users=users, request=request)
        if sent:
            message = ngettext(
                "A “set your password” link was e-mailed to %(count)d person.",
                "A “set your password” link was e-mailed to %(count)d people.",
                sent,
            )
            self.message_user(request, message % {"count": sent}, messages.SUCCESS)
        if without_email:
            names = ", ".join(sorted(user.get_username() for user in without_email))
            message = gettext(
                "No link was sent to these users, who have no e-mail address: %(names)s"
            )
            self.message_user(request, message % {"names": names}, messages.WARNING)

    @admin.action(
        description=_("Unlock login after too many wrong passwords"), permissions=["change"]
    )
    def unlock_login(self, request, queryset):
        unlocked = staff_login_unlock(users={membership.user for membership in queryset})
        if not unlocked:
            self.message_user(
                request, gettext("None of these accounts had failed logins."), messages.INFO
            )
            return
        message = ngettext(
            "Login unlocked for %(count)d person.",
            "Login unlocked for %(count)d people.",
            unlocked,
        )
        self.message_user(request, message % {"count": unlocked}, messages.SUCCESS)
