from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Subquery
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from cooperatives.enquiries import ENQUIRY_CSV_FIELDS
from cooperatives.forms import BoothAssignmentForm, BoothRowForm
from cooperatives.models import (
    Booth,
    BoothAssignment,
    Cooperative,
    Enquiry,
    EnquiryNotification,
    Fair,
    Membership,
    Province,
    ShopLink,
)
from cooperatives.portal.services import staff_invite_send_many
from cooperatives.resources import CooperativeResource
from cooperatives.services import booths_create_row
from ocop_fair.admin_csv import export_as_csv
from ocop_fair.admin_mixins import HttpsURLMixin, NormalisedSearchMixin
from ocop_fair.imports import SpreadsheetAdminMixin

admin.site.site_header = _("OCOP Fair administration")
admin.site.site_title = _("OCOP Fair admin")
admin.site.index_title = _("Fair and catalogue management")


def with_assigned_cooperative(booths):
    """Annotate booths with the name of the cooperative exhibiting there, in the same query."""
    assignments = BoothAssignment.objects.filter(booth=OuterRef("pk"))
    return booths.annotate(
        assigned_cooperative_name=Subquery(assignments.values("cooperative__name")[:1])
    )


@admin.display(description=_("exhibitor"), ordering="assigned_cooperative_name")
def assigned_cooperative(booth):
    # Blank rows of an inline are new booths, without the annotation.
    return getattr(booth, "assigned_cooperative_name", None)


class BoothOccupancyFilter(admin.SimpleListFilter):
    """Free or taken booths, to see at a glance where cooperatives can still go."""

    title = _("occupancy")
    parameter_name = "occupancy"

    def lookups(self, request, model_admin):
        return [("free", _("Free")), ("taken", _("Assigned"))]

    def queryset(self, request, queryset):
        taken = Exists(BoothAssignment.objects.filter(booth=OuterRef("pk")))
        if self.value() == "free":
            return queryset.filter(~taken)
        if self.value() == "taken":
            return queryset.filter(taken)
        return queryset


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


@admin.action(description=_("Create a row of booths (e.g. A1–A20)"), permissions=["change"])
def create_booth_row(modeladmin, request, queryset):
    """Ask for a prefix, numbers and a grid position, then create the booths in one step."""
    if queryset.count() != 1:
        modeladmin.message_user(request, gettext("Select exactly one fair."), messages.ERROR)
        return None
    fair = queryset.get()
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
            return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Create a row of booths"),
        "fair": fair,
        "form": form,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/cooperatives/fair/booth_row.html", context)


@admin.register(Province)
class ProvinceAdmin(NormalisedSearchMixin, admin.ModelAdmin):
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


@admin.register(Cooperative)
class CooperativeAdmin(
    SpreadsheetAdminMixin,
    ImportExportMixin,
    HttpsURLMixin,
    NormalisedSearchMixin,
    SimpleHistoryAdmin,  # "History": who changed the profile and when
):
    resource_classes = [CooperativeResource]
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
    actions = ["send_set_password_link", export_as_csv]
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


class BoothInline(admin.TabularInline):
    """The fair's floor plan; the exhibitor is assigned on each booth's own page."""

    model = Booth
    fields = ["code", "zone", "x", "y", "width", "height", assigned_cooperative]
    readonly_fields = [assigned_cooperative]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        # __str__ (the row's title) shows the fair's year.
        return with_assigned_cooperative(super().get_queryset(request).select_related("fair"))


@admin.register(Fair)
class FairAdmin(HttpsURLMixin, admin.ModelAdmin):
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
    readonly_fields = ["slug", "fair_pages"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "year", "is_current", "fair_pages"]}),
        (_("When and where"), {"fields": ["starts_on", "ends_on", "venue", "organiser"]}),
        (_("About"), {"fields": ["description", "source_url"]}),
    ]
    inlines = [BoothInline]
    actions = [create_booth_row, export_as_csv]
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

    @admin.display(description=_("pages for this fair"))
    def fair_pages(self, fair):
        """Links to the floor plan and the organisers' print views and exports."""
        if fair.pk is None:
            return "–"
        links = [
            (fair.get_floor_plan_url(), gettext("Floor plan")),
            (
                reverse("cooperatives:booth-signs", kwargs={"slug": fair.slug}),
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
class BoothAdmin(admin.ModelAdmin):
    list_display = ["code", "fair", "zone", "position", assigned_cooperative]
    list_filter = ["fair", BoothOccupancyFilter, "zone"]
    search_fields = ["code", "zone", "fair__name"]
    autocomplete_fields = ["fair"]
    fieldsets = [
        (None, {"fields": ["fair", "code", "zone"]}),
        (_("Place on the floor plan"), {"fields": ["x", "y", "width", "height"]}),
    ]
    inlines = [BoothAssignmentInline]
    actions = [export_as_csv]
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

    @admin.display(description=_("position"))
    def position(self, booth):
        return gettext("column %(x)d, row %(y)d, %(width)d × %(height)d") % {
            "x": booth.x,
            "y": booth.y,
            "width": booth.width,
            "height": booth.height,
        }


@admin.register(BoothAssignment)
class BoothAssignmentAdmin(NormalisedSearchMixin, admin.ModelAdmin):
    """Assign a cooperative to a booth; changing the booth of an assignment moves it."""

    form = BoothAssignmentForm
    list_display = ["booth", "fair", "zone", "cooperative", "province", "note", "assigned_at"]
    list_filter = ["booth__fair", "cooperative__province"]
    search_fields = ["booth__code", "cooperative__search_name", "note"]
    normalised_search_fields = ("cooperative__search_name",)
    autocomplete_fields = ["booth", "cooperative"]
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

    @admin.display(description=_("fair"), ordering="booth__fair__starts_on")
    def fair(self, assignment):
        return assignment.booth.fair

    @admin.display(description=_("zone"), ordering="booth__zone")
    def zone(self, assignment):
        return assignment.booth.zone

    @admin.display(description=_("province"), ordering="cooperative__province__name")
    def province(self, assignment):
        return assignment.cooperative.province


# --- Trade connection: buyers' enquiries ---------------------------------------------------

# The admin index links to the organisers' dashboard (cooperatives/views/dashboard.py).
admin.site.index_template = "admin/dashboard_index.html"


class EnquiryNotificationInline(admin.TabularInline):
    model = EnquiryNotification
    extra = 0
    can_delete = False
    fields = ["recipient", "audience", "sent_at", "attempts", "last_error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "created_at",
        "cooperative",
        "buyer_name",
        "organisation",
        "buyer_type",
        "status",
    ]
    list_filter = [
        "status",
        "buyer_type",
        "preferred_contact",
        "created_at",
        "cooperative__province",
    ]
    search_fields = [
        "reference",
        "batch_reference",
        "buyer_name",
        "organisation",
        "phone",
        "email",
        "cooperative__search_name",
    ]
    list_select_related = ["cooperative"]
    date_hierarchy = "created_at"
    # What the buyer wrote is evidence: organisers may change the status, never the buyer's words.
    readonly_fields = [
        "reference",
        "batch_reference",
        "cooperative",
        "products",
        "buyer_name",
        "organisation",
        "buyer_type",
        "phone",
        "email",
        "quantity",
        "message",
        "preferred_contact",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "batch_reference", "cooperative", "products", "status"]}),
        (
            _("Buyer"),
            {
                "fields": [
                    "buyer_name",
                    "organisation",
                    "buyer_type",
                    "phone",
                    "email",
                    "preferred_contact",
                ]
            },
        ),
        (_("Request"), {"fields": ["quantity", "message", "created_at", "updated_at"]}),
    ]
    inlines = [EnquiryNotificationInline]
    actions = [export_as_csv]
    csv_fields = ENQUIRY_CSV_FIELDS

    def has_add_permission(self, request):
        return False  # enquiries come from buyers, through the public form
