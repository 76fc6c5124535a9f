"""A fair's opening days and programme (inlines on the fair's page) and its exhibitors.

Exhibitors have their own changelist, filtered by fair, rather than an inline: a fair has a few
hundred of them. Every write goes through cooperatives/services.py.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cooperatives.models import BoothAssignment, Fair, FairDay, FairExhibitor, ProgrammeItem
from cooperatives.services import fair_exhibitor_add, fair_exhibitor_remove
from ocop_fair.admin_csv import export_as_csv
from ocop_fair.admin_mixins import NormalisedSearchMixin, ServiceFormErrorsMixin


class FairDayInline(admin.TabularInline):
    model = FairDay
    fields = ["date", "opens", "closes"]
    extra = 0


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    fields = ["starts_at", "ends_at", "title", "kind", "place", "description"]
    extra = 0


def exhibitor_changelist_url(fair: Fair) -> str:
    query = urlencode({"fair__id__exact": fair.pk})
    return f"{reverse('admin:cooperatives_fairexhibitor_changelist')}?{query}"


@admin.register(FairExhibitor)
class FairExhibitorAdmin(ServiceFormErrorsMixin, NormalisedSearchMixin, admin.ModelAdmin):
    """The cooperatives accepted to exhibit at a fair, with or without a booth yet."""

    list_display = ["cooperative", "province", "fair", "booth", "added_at"]
    list_filter = ["fair", "cooperative__province"]
    search_fields = ["cooperative__search_name"]
    normalised_search_fields = ("cooperative__search_name",)
    autocomplete_fields = ["fair", "cooperative"]
    fields = ["fair", "cooperative", "added_at"]
    readonly_fields = ["added_at"]
    actions = [export_as_csv]
    csv_fields = [
        ("fair__name", _("fair")),
        ("cooperative__name", _("cooperative")),
        ("cooperative__province__name", _("province")),
        ("cooperative__phone", _("phone")),
        ("cooperative__email", _("email")),
    ]

    def get_queryset(self, request):
        # The exhibitor's booth at the fair (the first by code), in the same query.
        held = BoothAssignment.objects.filter(
            booth__fair=OuterRef("fair"), cooperative=OuterRef("cooperative")
        ).order_by("booth__code")
        return (
            super()
            .get_queryset(request)
            .select_related("fair", "cooperative__province")
            .annotate(booth_code=Subquery(held.values("booth__code")[:1]))
        )

    def get_changeform_initial_data(self, request):
        # "Add exhibitor" from one fair's exhibitors starts at that fair.
        initial = super().get_changeform_initial_data(request)
        filters = QueryDict(request.GET.get("_changelist_filters", ""))
        if "fair" not in initial and filters.get("fair__id__exact", "").isdigit():
            initial["fair"] = filters["fair__id__exact"]
        return initial

    def save_model(self, request, obj, form, change):
        saved = fair_exhibitor_add(fair=obj.fair, cooperative=obj.cooperative)
        obj.pk, obj.added_at, obj._state = saved.pk, saved.added_at, saved._state

    def get_deleted_objects(self, objs, request):
        """A cooperative holding a booth at the fair cannot be removed: its booths show as
        protected, so the admin refuses the deletion and says why."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        pairs = Q(pk__in=[])
        for exhibitor in objs:
            pairs |= Q(booth__fair_id=exhibitor.fair_id, cooperative_id=exhibitor.cooperative_id)
        held = BoothAssignment.objects.filter(pairs).select_related("booth__fair", "cooperative")
        return deleted, counts, perms_needed, [*protected, *held]

    def delete_model(self, request, obj):
        fair_exhibitor_remove(exhibitor=obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for exhibitor in queryset.select_related("cooperative"):
            fair_exhibitor_remove(exhibitor=exhibitor)

    @admin.display(description=_("province"), ordering="cooperative__province__name")
    def province(self, exhibitor):
        return exhibitor.cooperative.province

    @admin.display(description=_("booth"), ordering="booth_code")
    def booth(self, exhibitor):
        return getattr(exhibitor, "booth_code", None) or "–"
