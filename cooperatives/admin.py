from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cooperatives.models import (
    Booth,
    BoothAssignment,
    Cooperative,
    Fair,
    Membership,
    Province,
    ShopLink,
)
from ocop_fair.admin_csv import export_as_csv
from ocop_fair.admin_mixins import HttpsURLMixin, NormalisedSearchMixin

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


@admin.register(Province)
class ProvinceAdmin(NormalisedSearchMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "display_order",
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
            {"fields": ["successor_name", "successor_since", "reorganisation_note"]},
        ),
    ]
    actions = [export_as_csv]
    csv_fields = ["name", "code", "successor_name", "successor_since"]

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
class CooperativeAdmin(HttpsURLMixin, NormalisedSearchMixin, admin.ModelAdmin):
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
    list_filter = ["kind", "province", "is_active", "is_verified"]
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
    actions = [export_as_csv]
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
    readonly_fields = ["slug"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "year", "is_current"]}),
        (_("When and where"), {"fields": ["starts_on", "ends_on", "venue", "organiser"]}),
        (_("About"), {"fields": ["description", "source_url"]}),
    ]
    inlines = [BoothInline]
    actions = [export_as_csv]
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

    @admin.display(description=_("booths"), ordering="booth_count")
    def booth_count(self, fair):
        return fair.booth_count

    @admin.display(description=_("assigned booths"), ordering="assigned_booth_count")
    def assigned_booth_count(self, fair):
        return fair.assigned_booth_count


class BoothAssignmentInline(admin.TabularInline):
    model = BoothAssignment
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
    list_filter = ["fair", "zone"]
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
