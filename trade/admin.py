"""Organisers' admin for buyers' enquiries, and the admin index that links to their dashboard."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ocop_fair.admin_csv import export_as_csv
from trade.enquiries import ENQUIRY_CSV_FIELDS
from trade.models import Enquiry, EnquiryNotification

# The admin index links to the organisers' dashboard (trade/views/dashboard.py).
admin.site.index_template = "admin/dashboard_index.html"


class EnquiryNotificationInline(admin.TabularInline):
    model = EnquiryNotification
    extra = 0
    can_delete = False
    fields = ["recipient", "audience", "sent_at", "attempts", "last_error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class EnquiryRecipientFilter(admin.SimpleListFilter):
    """The organisers' queue: enquiries no one at the cooperative was told of."""

    title = _("recipient at the cooperative")
    parameter_name = "recipient"
    NONE, REACHED = "none", "reached"

    def lookups(self, request, model_admin):
        return [
            (self.NONE, _("No recipient: the organisers pass it on")),
            (self.REACHED, _("Sent to the cooperative")),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.NONE:
            return queryset.without_recipient()
        if self.value() == self.REACHED:
            return queryset.exclude(pk__in=Enquiry.objects.without_recipient().values("pk"))
        return queryset


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
        "cooperative_recipients",
    ]
    list_filter = [
        EnquiryRecipientFilter,
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

    def get_queryset(self, request):
        to_cooperative = Q(notifications__audience=EnquiryNotification.Audience.COOPERATIVE)
        return (
            super()
            .get_queryset(request)
            .annotate(cooperative_recipient_count=Count("notifications", filter=to_cooperative))
        )

    @admin.display(
        description=_("recipients at the cooperative"), ordering="cooperative_recipient_count"
    )
    def cooperative_recipients(self, enquiry):
        return enquiry.cooperative_recipient_count or gettext("none (organisers)")

    def has_add_permission(self, request):
        return False  # enquiries come from buyers, through the public form


# The applications' admin registers itself on import.
from trade import application_admin  # noqa: E402, F401
