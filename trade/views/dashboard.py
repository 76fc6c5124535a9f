"""The organisers' dashboard, an admin page: tables with SVG bar charts, each as CSV."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop_fair.admin_csv import csv_download
from trade.dashboard import dashboard_tables

# A plain field: csv_cell then only guards text against spreadsheet formulas.
PLAIN = models.Field()


def dashboard(request):
    # Organisers hold "view enquiry" (cooperatives/migrations/0005); other staff do not.
    if not request.user.has_perm("trade.view_enquiry"):
        raise PermissionDenied
    tables = dashboard_tables()
    export = request.GET.get("csv")
    if export is not None:
        table = next((table for table in tables if table.key == export), None)
        if table is None:
            raise Http404("No such table.")
        columns = [(str(h), str(h), PLAIN) for h in table.headers]
        filename = f"dashboard-{table.key}-{timezone.localdate():%Y-%m-%d}.csv"
        return csv_download(filename, columns, table.rows)
    context = {
        **admin.site.each_context(request),
        "title": _("Organisers' dashboard"),
        "tables": tables,
    }
    return TemplateResponse(request, "admin/dashboard.html", context)


# admin_view: staff only (others go to the admin login), never cached, CSRF as the admin does.
dashboard_view = admin.site.admin_view(dashboard)
