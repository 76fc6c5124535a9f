"""Organiser downloads for a fair: booth assignments as CSV and a printable exhibitor directory."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Booth, Fair, booth_code_sort_key
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
    """Every booth of the fair with its cooperative, by zone then booth code, in one query."""
    fair = get_object_or_404(Fair, slug=slug)
    columns = csv_columns(Booth, ASSIGNMENT_COLUMNS)
    # A booth holds at most one assignment (a constraint), so the outer join keeps one row each.
    rows = Booth.objects.filter(fair=fair).order_by().values_list(*(c[0] for c in columns))
    rows = sorted(rows, key=lambda row: (row[0], booth_code_sort_key(row[1])))
    filename = f"gian-hang-{fair.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_download(filename, columns, rows)


@organiser_required
def fair_directory(request, slug: str):
    """The fair's exhibitors by province, in Vietnamese alphabetical order, to print on A4."""
    fair = get_object_or_404(Fair, slug=slug)
    context = {"fair": fair, "exhibitors": fair_exhibitors(fair=fair)}
    return render(request, "cooperatives/directory.html", context)
