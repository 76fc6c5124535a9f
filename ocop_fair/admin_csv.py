"""CSV downloads Excel opens as UTF-8: an admin action, and the helpers organiser views share."""

import csv

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Spreadsheets run a cell that starts like a formula; a leading apostrophe keeps it text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_columns(model, specs):
    """Return (lookup path, header, field) for each spec: a path, or a (path, header) pair."""
    columns = []
    for spec in specs:
        path, header = spec if isinstance(spec, tuple) else (spec, None)
        field = get_fields_from_path(model, path)[-1]
        columns.append((path, str(capfirst(header or field.verbose_name)), field))
    return columns


def csv_cell(field, value):
    """Return value as a spreadsheet shows it: choice labels, yes/no, empty for None."""
    if value is None:
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return f"'{value}"
    return value


def csv_download(filename, columns, rows):
    """Return a CSV attachment of rows (value tuples in the order of csv_columns' columns)."""
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
    # The byte order mark is how Excel knows the file is UTF-8 and shows "Bưởi", not mojibake.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header for _path, header, _field in columns)
    for row in rows:
        writer.writerow(
            csv_cell(field, value) for (_p, _h, field), value in zip(columns, row, strict=True)
        )
    return response


@admin.action(description=_("Export selected as CSV"), permissions=["view"])
def export_as_csv(modeladmin, request, queryset):
    """Send the selected rows' `modeladmin.csv_fields` as a CSV download, in one query."""
    columns = csv_columns(modeladmin.model, modeladmin.csv_fields)
    filename = f"{modeladmin.opts.model_name}-{timezone.localdate():%Y-%m-%d}.csv"
    rows = queryset.values_list(*(path for path, _header, _field in columns))
    return csv_download(filename, columns, rows)
