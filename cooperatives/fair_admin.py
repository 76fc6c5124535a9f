"""The fairs, booths and booth assignments in the admin; every write goes through services.py.

A fair's booths are managed on the Booth changelist filtered by the fair, not inlined on the
fair's page: a real fair has hundreds of booths, more form fields than a request may carry.
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cooperatives.assignment_admin import AssignmentImportAdminMixin
from cooperatives.auto_assign_admin import FairAutoAssignAdminMixin
from cooperatives.booth_admin_views import BoothEquipmentActionsMixin, FairLayoutAdminMixin
from cooperatives.booth_services import booth_save
from cooperatives.booth_tools import (
    BoothOccupancyFilter,
    BoothPickerMixin,
    assigned_cooperative,
    with_assigned_cooperative,
)
from cooperatives.floor_space_admin import FloorSpaceInline
from cooperatives.forms import BoothAssignmentForm, BoothRowForm
from cooperatives.models import Booth, BoothAssignment, Fair
from cooperatives.programme_admin import (
    FairDayInline,
    ProgrammeItemInline,
    exhibitor_changelist_url,
)
from cooperatives.services import (
    booth_assign,
    booth_assignment_change,
    booth_vacate,
    booths_create_row,
    fair_make_current,
)
from ocop_fair.admin_csv import export_as_csv
from ocop_fair.admin_mixins import (
    DateHintMixin,
    HttpsURLMixin,
    NormalisedSearchMixin,
    ServiceFormErrorsMixin,
    formset_save_through,
)
from ocop_fair.guards import parse_id


def booth_row_page(modeladmin, request, fair: Fair, *, done_url: str | None = None):
    """Ask for a prefix, numbers and a grid position, then create the booths in one step."""
    form = BoothRowForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        try:
            booths = booths_create_row(fair=fair, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d booth created at %(fair)s.",
                    "%(count)d booths created at %(fair)s.",
                    len(booths),
                )
                % {"count": len(booths), "fair": fair.name},
                messages.SUCCESS,
            )
            return redirect(done_url) if done_url else None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Create a row of booths"),
        "fair": fair,
        "form": form,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/cooperatives/fair/booth_row.html", context)


@admin.action(description=_("Create a row of booths (e.g. A1–A20)"), permissions=["change"])
def create_booth_row(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(request, gettext("Select exactly one fair."), messages.ERROR)
        return None
    return booth_row_page(modeladmin, request, queryset.get())


@admin.action(description=_("Make this the current fair"), permissions=["change"])
def make_current(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(request, gettext("Select exactly one fair."), messages.ERROR)
        return
    fair = fair_make_current(fair=queryset.get())
    modeladmin.message_user(
        request,
        gettext("%(fair)s is now the current fair.") % {"fair": fair.name},
        messages.SUCCESS,
    )


def booth_changelist_url(fair: Fair) -> str:
    return (
        reverse("admin:cooperatives_booth_changelist")
        + "?"
        + urlencode({"fair__id__exact": fair.pk})
    )


@admin.register(Fair)
class FairAdmin(
    FairAutoAssignAdminMixin, FairLayoutAdminMixin, DateHintMixin, HttpsURLMixin, admin.ModelAdmin
):
    list_display = [
        "name",
        "year",
        "starts_on",
        "ends_on",
        "venue",
        "is_current",
        "booth_count",
        "assigned_booth_count",
    ]
    list_filter = ["is_current", "year"]
    search_fields = ["name", "venue", "organiser"]
    # "current" is switched by the action, which unticks the previous current fair in one step.
    readonly_fields = ["slug", "is_current", "booths", "fair_pages"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "year", "is_current", "booths", "fair_pages"]}),
        (
            _("When and where"),
            {"fields": ["starts_on", "ends_on", "venue", "address", "map_url", "organiser"]},
        ),
        (_("About"), {"fields": ["description", "source_url"]}),
    ]
    inlines = [FairDayInline, ProgrammeItemInline, FloorSpaceInline]
    actions = [make_current, create_booth_row, export_as_csv]
    csv_fields = ["name", "year", "starts_on", "ends_on", "venue", "organiser", "is_current"]

    def get_queryset(self, request):
        # A booth has at most one assignment, so the two joins do not multiply each other.
        return (
            super()
            .get_queryset(request)
            .annotate(
                booth_count=Count("booths", distinct=True),
                assigned_booth_count=Count("booths__assignments", distinct=True),
            )
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/booth-row/",
                view(self.booth_row_view),
                name="cooperatives_fair_booth_row",
            ),
            path(
                "<path:object_id>/make-current/",
                view(self.make_current_view),
                name="cooperatives_fair_make_current",
            ),
            *super().get_urls(),
        ]

    def booth_row_view(self, request, object_id):
        fair = get_object_or_404(Fair, pk=parse_id(object_id))
        if not self.has_change_permission(request, fair):
            raise PermissionDenied
        return booth_row_page(self, request, fair, done_url=booth_changelist_url(fair))

    def make_current_view(self, request, object_id):
        fair = get_object_or_404(Fair, pk=parse_id(object_id))
        if request.method != "POST" or not self.has_change_permission(request, fair):
            return redirect("admin:cooperatives_fair_change", fair.pk)
        make_current(self, request, Fair.objects.filter(pk=fair.pk))
        return redirect("admin:cooperatives_fair_change", fair.pk)

    @admin.display(description=_("booths"))
    def booths(self, fair):
        """How many booths, with links to manage them: never the booths themselves as fields."""
        if fair.pk is None:
            return gettext("Save the fair first, then create its booths.")
        counts = ngettext(
            "%(count)d booth, %(assigned)d assigned",
            "%(count)d booths, %(assigned)d assigned",
            fair.booth_count,
        ) % {"count": fair.booth_count, "assigned": fair.assigned_booth_count}
        return format_html(
            '{} · <a href="{}">{}</a> · <a href="{}">{}</a>',
            counts,
            booth_changelist_url(fair),
            gettext("Manage the booths"),
            reverse("admin:cooperatives_fair_booth_row", args=[fair.pk]),
            gettext("Create a row of booths"),
        )

    @admin.display(description=_("pages for this fair"))
    def fair_pages(self, fair):
        """Links to the floor plan and the organisers' print views and exports."""
        if fair.pk is None:
            return "–"
        links = [
            (fair.get_absolute_url(), gettext("Fair page")),
            (exhibitor_changelist_url(fair), gettext("Exhibitors")),
            (fair.get_floor_plan_url(), gettext("Floor plan")),
            (
                reverse("catalog:booth-signs", kwargs={"slug": fair.slug}),
                gettext("Booth signs"),
            ),
            (
                reverse("cooperatives:fair-directory", kwargs={"slug": fair.slug}),
                gettext("Exhibitor directory"),
            ),
            (
                reverse("cooperatives:fair-assignments-csv", kwargs={"slug": fair.slug}),
                gettext("Booth assignments (CSV)"),
            ),
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    @admin.display(description=_("booths"), ordering="booth_count")
    def booth_count(self, fair):
        return fair.booth_count

    @admin.display(description=_("assigned booths"), ordering="assigned_booth_count")
    def assigned_booth_count(self, fair):
        return fair.assigned_booth_count


def assignment_save(form, *, booth: Booth | None = None) -> BoothAssignment:
    """Save a validated BoothAssignmentForm through booth_assign or booth_assignment_change."""
    data = form.cleaned_data
    booth = booth or data["booth"]
    if form.instance.pk is None:
        return booth_assign(booth=booth, cooperative=data["cooperative"], note=data["note"])
    return booth_assignment_change(
        assignment=form.instance, booth=booth, cooperative=data["cooperative"], note=data["note"]
    )


class BoothAssignmentInline(admin.TabularInline):
    model = BoothAssignment
    form = BoothAssignmentForm
    fields = ["cooperative", "note", "assigned_at"]
    readonly_fields = ["assigned_at"]
    autocomplete_fields = ["cooperative"]
    # The database allows one cooperative per booth.
    max_num = 1
    extra = 1

    def get_queryset(self, request):
        # __str__ (the row's title) shows the booth code and the cooperative.
        return super().get_queryset(request).select_related("booth", "cooperative")


@admin.register(Booth)
class BoothAdmin(BoothEquipmentActionsMixin, ServiceFormErrorsMixin, admin.ModelAdmin):
    list_display = ["code", "fair", "zone", "position", assigned_cooperative]
    list_filter = ["fair", BoothOccupancyFilter, "zone", "has_power", "has_refrigeration"]
    search_fields = ["code", "zone", "fair__name"]
    autocomplete_fields = ["fair"]
    fieldsets = [
        (None, {"fields": ["fair", "code", "zone", "has_power", "has_refrigeration"]}),
        (_("Place on the floor plan"), {"fields": ["x", "y", "width", "height"]}),
    ]
    inlines = [BoothAssignmentInline]
    actions = [
        "equip_with_refrigeration",
        "remove_refrigeration",
        "equip_with_power",
        "remove_power",
        export_as_csv,
    ]
    csv_fields = [
        ("fair__name", _("fair")),
        "code",
        "zone",
        "x",
        "y",
        "width",
        "height",
        ("assignments__cooperative__name", _("exhibitor")),
    ]

    def get_queryset(self, request):
        # __str__ shows the fair's year, also in the booth autocomplete.
        return with_assigned_cooperative(super().get_queryset(request).select_related("fair"))

    def get_changeform_initial_data(self, request):
        # "Add booth" from the changelist of one fair's booths starts at that fair.
        initial = super().get_changeform_initial_data(request)
        filters = QueryDict(request.GET.get("_changelist_filters", ""))
        if "fair" not in initial and filters.get("fair__id__exact", "").isdigit():
            initial["fair"] = filters["fair__id__exact"]
        return initial

    def save_model(self, request, obj, form, change):
        booth_save(booth=obj)  # an overlap saved meanwhile is a form error, not a 500

    def save_formset(self, request, form, formset, change):
        if formset.model is not BoothAssignment:
            return super().save_formset(request, form, formset, change)
        # The exhibitor is assigned, changed or vacated through the same services as elsewhere.
        formset_save_through(
            formset,
            save=lambda inline_form: assignment_save(inline_form, booth=formset.instance),
            delete=lambda assignments: [booth_vacate(assignment=a) for a in assignments],
        )
        return None

    @admin.display(description=_("position"))
    def position(self, booth):
        return gettext("column %(x)d, row %(y)d, %(width)d × %(height)d") % {
            "x": booth.x,
            "y": booth.y,
            "width": booth.width,
            "height": booth.height,
        }


@admin.register(BoothAssignment)
class BoothAssignmentAdmin(
    BoothPickerMixin,
    AssignmentImportAdminMixin,
    ServiceFormErrorsMixin,
    NormalisedSearchMixin,
    admin.ModelAdmin,
):
    """Assign a cooperative to a booth; changing the booth of an assignment moves it."""

    form = BoothAssignmentForm
    list_display = ["booth", "fair", "zone", "cooperative", "province", "note", "assigned_at"]
    list_filter = ["booth__fair", "cooperative__province"]
    search_fields = ["booth__code", "cooperative__search_name", "note"]
    normalised_search_fields = ("cooperative__search_name",)
    # The booth is a select of one fair's booths (BoothPickerMixin), not an autocomplete.
    autocomplete_fields = ["cooperative"]
    readonly_fields = ["assigned_at"]
    actions = [export_as_csv]
    csv_fields = [
        ("booth__fair__name", _("fair")),
        ("booth__code", _("booth")),
        ("booth__zone", _("zone")),
        ("cooperative__name", _("cooperative")),
        ("cooperative__province__name", _("province")),
        ("cooperative__phone", _("phone")),
        "note",
    ]

    def get_queryset(self, request):
        # __str__ shows the booth code and the cooperative; the booth's own __str__ its fair.
        return super().get_queryset(request).select_related("booth__fair", "cooperative__province")

    def save_model(self, request, obj, form, change):
        # The admin logs the change and redirects with the object it holds: give it the saved row.
        saved = assignment_save(form)
        obj.pk, obj.assigned_at, obj._state = saved.pk, saved.assigned_at, saved._state

    def delete_model(self, request, obj):
        booth_vacate(assignment=obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("booth"):
            booth_vacate(assignment=assignment)

    @admin.display(description=_("fair"), ordering="booth__fair__starts_on")
    def fair(self, assignment):
        return assignment.booth.fair

    @admin.display(description=_("zone"), ordering="booth__zone")
    def zone(self, assignment):
        return assignment.booth.zone

    @admin.display(description=_("province"), ordering="cooperative__province__name")
    def province(self, assignment):
        return assignment.cooperative.province
