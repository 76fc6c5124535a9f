"""Organiser downloads for a fair: booth assignments as CSV and a printable exhibitor directory."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Booth, Fair, Province, booth_code_sort_key
from cooperatives.selectors import fair_exhibitors
from ocop_fair.admin_csv import csv_columns, csv_download

# One row per booth; the cooperative columns stay empty for a free booth.
ASSIGNMENT_COLUMNS = [
    ("zone", _("zone")),
    ("code", _("booth code")),
    ("assignments__cooperative__name", _("cooperative")),
    ("assignments__cooperative__kind", _("kind")),
    ("assignments__cooperative__province__name", _("province")),
    ("assignments__cooperative__commune", _("commune / ward")),
    ("assignments__cooperative__phone", _("phone")),
    ("assignments__cooperative__email", _("email")),
]


def organiser_required(view):
    """Let in staff who may view booth assignments: others log in to the admin, or get 403."""
    checked = permission_required("cooperatives.view_boothassignment", raise_exception=True)
    return staff_member_required(checked(view))


@organiser_required
def fair_assignments_csv(request, slug: str):
    """Every booth of the fair with its cooperative, by zone then booth code, in one query.

    Provinces are named as in force on the fair's first day, as on its signs and directory.
    """
    fair = get_object_or_404(Fair, slug=slug)
    columns = csv_columns(Booth, ASSIGNMENT_COLUMNS)
    paths = [path for path, _header, _field in columns]
    province = paths.index("assignments__cooperative__province__name")
    # A booth holds at most one assignment (a constraint), so the outer join keeps one row each.
    booths = (
        Booth.objects.filter(fair=fair)
        .order_by()
        .values_list(
            *paths,
            "assignments__cooperative__province__current_name",
            "assignments__cooperative__province__successor_since",
        )
    )
    rows = []
    for *row, current_name, since in sorted(
        booths, key=lambda row: (row[0], booth_code_sort_key(row[1]))
    ):
        if row[province] is not None:  # None: a free booth
            unit = Province(name=row[province], current_name=current_name, successor_since=since)
            row[province] = unit.name_on(fair.starts_on)
        rows.append(row)
    filename = f"gian-hang-{fair.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_download(filename, columns, rows)


@organiser_required
def fair_directory(request, slug: str):
    """The fair's exhibitors by province, in Vietnamese alphabetical order, to print on A4."""
    fair = get_object_or_404(Fair, slug=slug)
    context = {"fair": fair, "exhibitors": fair_exhibitors(fair=fair)}
    return render(request, "cooperatives/directory.html", context)
