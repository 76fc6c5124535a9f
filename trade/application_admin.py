"""Organisers' review of exhibitor applications: accept, waitlist or reject in bulk."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from trade.applications import (
    application_accept,
    application_reject,
    application_waitlist,
    status_url,
)
from trade.enquiry_forms import PlainTextField
from trade.models import ApplicationProduct, CallForExhibitors, ExhibitorApplication


@admin.register(CallForExhibitors)
class CallForExhibitorsAdmin(admin.ModelAdmin):
    list_display = ["fair", "opens_on", "closes_on"]
    list_select_related = ["fair"]
    autocomplete_fields = ["fair"]


class ApplicationProductInline(admin.TabularInline):
    model = ApplicationProduct
    extra = 0
    can_delete = False
    fields = ["name", "group", "award_claimed", "product"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("award"))
    def award_claimed(self, row):
        if row.stars_claimed is None and row.award_year_claimed is None:
            return "—"
        stars = f"{row.stars_claimed}★" if row.stars_claimed else gettext("no stars")
        year = f" ({row.award_year_claimed})" if row.award_year_claimed else ""
        return gettext("%(award)s, claimed, not verified") % {"award": f"{stars}{year}"}


class RejectionForm(forms.Form):
    reason = PlainTextField(
        label=_("Reason, sent to the applicant"), max_length=2000, widget=forms.Textarea
    )


@admin.register(ExhibitorApplication)
class ExhibitorApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "name",
        "province",
        "fair",
        "status",
        "booths",
        "product_count",
        "match",
        "created_at",
    ]
    list_filter = ["status", "fair", "match", "kind", "needs_power", "needs_refrigeration"]
    search_fields = ["reference", "name", "tax_code", "contact_name", "phone", "email"]
    list_select_related = ["province", "fair"]
    date_hierarchy = "created_at"
    actions = ["accept_selected", "waitlist_selected", "reject_selected"]
    inlines = [ApplicationProductInline]
    fieldsets = [
        (None, {"fields": ["fair", "reference", "status", "rejection_reason", "decided_at"]}),
        (
            _("Cooperative"),
            {"fields": ["kind", "name", "province", "address", "tax_code", "cooperative", "match"]},
        ),
        (_("Contact"), {"fields": ["contact_name", "phone", "zalo", "email"]}),
        (
            _("Booth"),
            {"fields": ["booths", "needs_power", "needs_refrigeration", "consent_to_publish"]},
        ),
    ]
    readonly_fields = [
        name for fieldset in fieldsets for name in fieldset[1]["fields"] if name != "cooperative"
    ]
    autocomplete_fields = ["cooperative"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(product_total=Count("products"))

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("products"), ordering="product_total")
    def product_count(self, application):
        return application.product_total

    @admin.action(
        description=_("Accept: exhibitor, products pending review, staff account"),
        permissions=["change"],
    )
    def accept_selected(self, request, queryset):
        accepted = sum(
            application_accept(application=application, request=request)
            for application in queryset.order_by("pk")
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d application accepted.", "%(count)d applications accepted.", accepted
            )
            % {"count": accepted},
            messages.SUCCESS,
        )

    @admin.action(description=_("Put on the waiting list"), permissions=["change"])
    def waitlist_selected(self, request, queryset):
        done = sum(
            application_waitlist(application=app, status_url=status_url(request, app))
            for app in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d application put on the waiting list.",
                "%(count)d applications put on the waiting list.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject with a reason…"), permissions=["change"])
    def reject_selected(self, request, queryset):
        form = RejectionForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = sum(
                application_reject(
                    application=application,
                    reason=form.cleaned_data["reason"],
                    status_url=status_url(request, application),
                )
                for application in queryset
            )
            self.message_user(
                request,
                ngettext(
                    "%(count)d application rejected; the reason was e-mailed.",
                    "%(count)d applications rejected; the reason was e-mailed.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Reject applications"),
            "opts": self.model._meta,
            "applications": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/trade/application_reject.html", context)
