"""The booth admin's tools: who holds each booth, the occupancy filter, and the assignment admin's
booth picker (one fair's booths, free ones first, taken ones marked).

The picker is a plain select built from one query, whatever the number of booths: an
autocomplete over every booth mixed the fairs ("A1 (2026)", "A1 (2022)") and hid which booths
were taken.
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Subquery
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Booth, BoothAssignment, Fair, booth_code_sort_key
from ocop_fair.guards import parse_id

FAIR_PARAMETER = "fair"
CHANGELIST_FAIR_FILTER = "booth__fair__id__exact"


def picker_fair(request, assignment_id: str | None = None) -> Fair | None:
    """The fair whose booths the picker offers.

    In order: ?fair= in the address, the fair the assignment list was filtered by, the fair of
    the assignment being changed, the current fair, the latest fair.
    """
    filters = QueryDict(request.GET.get("_changelist_filters", ""))
    for value in (request.GET.get(FAIR_PARAMETER), filters.get(CHANGELIST_FAIR_FILTER)):
        fair_id = parse_id(value) if value else None
        if fair_id is not None and (fair := Fair.objects.filter(pk=fair_id).first()):
            return fair
    if assignment_id is not None and (pk := parse_id(assignment_id)) is not None:
        fair = Fair.objects.filter(booths__assignments__pk=pk).first()
        if fair is not None:
            return fair
    return Fair.objects.current().first() or Fair.objects.order_by("-starts_on").first()


def booth_choices(fair: Fair) -> list:
    """The select's choices: the fair's free booths, then its taken ones with their holder."""
    holder = BoothAssignment.objects.filter(booth=OuterRef("pk")).values("cooperative__name")[:1]
    rows = sorted(
        Booth.objects.filter(fair=fair)
        .annotate(holder=Subquery(holder))
        .values_list("pk", "code", "zone", "holder"),
        key=lambda row: booth_code_sort_key(row[1]),
    )
    free = [
        (pk, f"{code} · {zone}" if zone else code) for pk, code, zone, holder in rows if not holder
    ]
    taken = [
        (pk, gettext("%(code)s — taken by %(cooperative)s") % {"code": code, "cooperative": holder})
        for pk, code, _zone, holder in rows
        if holder
    ]
    groups = [("", "---------")]
    if free:
        groups.append((gettext("Free booths (%(count)d)") % {"count": len(free)}, free))
    if taken:
        groups.append((gettext("Taken booths (%(count)d)") % {"count": len(taken)}, taken))
    return groups


def booth_picker_limit(field, *, fair: Fair | None) -> None:
    """Limit a booth ModelChoiceField to fair's booths, listed by booth_choices."""
    if fair is None:
        field.queryset = Booth.objects.none()
        field.help_text = gettext("Create a fair and its booths first.")
        return
    field.queryset = Booth.objects.filter(fair=fair)
    field.choices = booth_choices(fair)
    field.help_text = gettext(
        "Booths of %(fair)s, free ones first. For another fair, filter the assignments by fair."
    ) % {"fair": fair.name}


class BoothPickerMixin:
    """For an assignment admin: the booth select offers one fair's booths, taken ones marked."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "booth" and field is not None:
            match = request.resolver_match
            object_id = match.kwargs.get("object_id") if match else None
            booth_picker_limit(field, fair=picker_fair(request, object_id))
        return field


def with_assigned_cooperative(booths):
    """Annotate booths with the name of the cooperative exhibiting there, in the same query."""
    assignments = BoothAssignment.objects.filter(booth=OuterRef("pk"))
    return booths.annotate(
        assigned_cooperative_name=Subquery(assignments.values("cooperative__name")[:1])
    )


@admin.display(description=_("exhibitor"), ordering="assigned_cooperative_name")
def assigned_cooperative(booth):
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
