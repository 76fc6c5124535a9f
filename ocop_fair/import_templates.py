"""Blank import files to download: the Vietnamese headers, one example row, what each column is.

Built from a SpreadsheetResource's column_headers, column_help and example_row, so a template
always matches what the importer reads: uploaded back unchanged, its example row imports.
"""

import io

import openpyxl
import tablib
from django.utils.translation import gettext
from openpyxl.styles import Alignment, Font


def template_columns(resource_class) -> list[str]:
    """The resource's columns in the order of its import fields."""
    return [field.column_name for field in resource_class().get_import_fields()]


def template_csv(resource_class) -> bytes:
    """A CSV (UTF-8 with a byte order mark, for Excel) of the headers and the example row."""
    columns = template_columns(resource_class)
    dataset = tablib.Dataset(headers=[resource_class.column_headers[c] for c in columns])
    dataset.append([resource_class.example_row.get(c, "") for c in columns])
    # With a byte order mark, as the exports (ocop_fair.imports.CSV), so Excel reads UTF-8.
    return ("\ufeff" + dataset.export("csv")).encode("utf-8")


def template_xlsx(resource_class) -> bytes:
    """An XLSX workbook: the template sheet, then a sheet explaining each column."""
    columns = template_columns(resource_class)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = gettext("Template")
    sheet.append([resource_class.column_headers[c] for c in columns])
    sheet.append([resource_class.example_row.get(c, "") for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        width = max(len(resource_class.column_headers[column]), 12)
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width + 4
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet(gettext("Columns"))
    guide.append([gettext("Column"), gettext("Required"), gettext("What to write")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in columns:
        required = gettext("Yes") if column in resource_class.required_columns else ""
        guide.append(
            [
                resource_class.column_headers[column],
                required,
                str(resource_class.column_help[column]),
            ]
        )
    for row in guide.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    guide.column_dimensions["A"].width = 20
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 80

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
