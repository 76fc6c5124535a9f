"""Spreadsheet imports shared by both apps: file checks, Vietnamese headers, dates and prices.

The resources (cooperatives/resources.py, catalog/resources.py) build on django-import-export;
what they share lives here: a file is refused whole (wrong encoding, wrong format, too big, a
missing column) before any row is read, and cells are parsed the way Vietnamese offices write them.
"""

import datetime
import re
import unicodedata

import tablib
from django import forms
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from import_export import resources
from import_export.formats import base_formats
from import_export.forms import ImportForm

from ocop_fair.import_templates import template_csv, template_xlsx
from ocop_fair.text import normalize_search_text

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ZIP_MAGIC = b"PK\x03\x04"  # every XLSX file is a zip archive
_BINARY_MAGICS = (_ZIP_MAGIC, b"\xd0\xcf\x11\xe0")  # XLSX, and the old .xls of Excel 97–2003
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class CSV(base_formats.CSV):
    """CSV in UTF-8 with a byte order mark, so Excel shows "Bưởi" and not mojibake."""

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


XLSX = base_formats.XLSX
FORMATS = [CSV, XLSX]


def header_key(header) -> str:
    """Return the form two spellings of a column header share ("Tên sản phẩm" = "ten_san_pham")."""
    return normalize_search_text(str(header or "")).replace(" ", "_")


def file_check(data: bytes, *, is_xlsx: bool) -> None:
    """Refuse a file too large, in a wrong encoding or not of its stated format."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            gettext("The file is larger than %(size)d MB; split it into smaller files.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if is_xlsx:
        if not data.startswith(_ZIP_MAGIC):
            raise ValidationError(
                gettext("This is not an Excel workbook (.xlsx). Save it as .xlsx or CSV UTF-8.")
            )
        return
    if data.startswith(_BINARY_MAGICS):
        raise ValidationError(gettext("This is not a CSV file. Choose the format that matches it."))
    try:
        # NUL bytes: UTF-16 without its byte order mark.
        if data.startswith(_UTF16_BOMS) or b"\x00" in data[:4096]:
            raise UnicodeError
        data.decode("utf-8")
    except UnicodeError:
        # Windows-1258 and UTF-16 files would otherwise fill the catalogue with mojibake.
        raise ValidationError(
            gettext(
                "The file is not in UTF-8. In Excel choose File › Save As › "
                "“CSV UTF-8 (Comma delimited)” and upload it again."
            )
        ) from None


def dataset_read(data: bytes, *, file_format: str) -> tablib.Dataset:
    """Return the file's rows after the whole-file checks; file_format is "csv" or "xlsx"."""
    is_xlsx = file_format == "xlsx"
    file_check(data, is_xlsx=is_xlsx)
    try:
        dataset = (
            XLSX().create_dataset(data)
            if is_xlsx
            else CSV(encoding="utf-8-sig").create_dataset(data)
        )
    except Exception as error:  # openpyxl and csv raise many kinds; all mean "unreadable"
        raise ValidationError(
            gettext("The file could not be read (%(error)s).") % {"error": type(error).__name__}
        ) from error
    rows_check(dataset)
    return dataset


def rows_check(dataset: tablib.Dataset) -> None:
    if len(dataset) > MAX_ROWS:
        raise ValidationError(
            gettext("The file has %(count)d rows; at most %(limit)d can be imported at once.")
            % {"count": len(dataset), "limit": MAX_ROWS}
        )


def headers_normalise(dataset: tablib.Dataset, resource) -> None:
    """Rename the dataset's headers to the resource's column names; refuse a missing column."""
    aliases = {}
    for column, names in resource.column_aliases.items():
        for name in (column, *names):
            aliases[header_key(name)] = column
    dataset.headers = [aliases.get(header_key(h), str(h or "")) for h in dataset.headers or []]
    missing = [c for c in resource.required_columns if c not in dataset.headers]
    if missing:
        raise ValidationError(
            gettext("Required column missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )


def cell_text(value) -> str:
    """Return a cell as trimmed NFC text ("" for an empty cell), so equal names compare equal."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def parse_int(value) -> int | None:
    """Return a whole number from a cell, None when empty; ValueError when it is not one."""
    text = cell_text(value)
    if not text:
        return None
    return int(text)


def parse_date(value) -> datetime.date | None:
    """Return a date written dd/mm/yyyy (or a spreadsheet date), None when empty."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    match = _DATE.match(text)
    if match is None:
        raise ValueError(text)
    day, month, year = (int(part) for part in match.groups())
    return datetime.date(year, month, day)


def format_date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def spreadsheet_import(resource, *, data: bytes, file_format: str, dry_run: bool):
    """Check and import a whole file with resource: every row, or none when any row fails.

    Raises ValidationError for a file refused whole; returns the django-import-export Result,
    whose rows say new, update, skip (unchanged) or invalid with the reasons.
    """
    dataset = dataset_read(data, file_format=file_format)
    headers_normalise(dataset, resource)
    return resource.import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
    )


class SpreadsheetImportForm(ImportForm):
    """The admin's upload form, refusing a whole file before its preview is computed."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats, self.resources = formats, resources

    def clean(self):
        cleaned_data = super().clean()
        upload, index = cleaned_data.get("import_file"), cleaned_data.get("format")
        if upload is None or index in (None, ""):
            return cleaned_data
        is_xlsx = self.formats[int(index)] is XLSX
        data = b"".join(upload.chunks())
        upload.seek(0)
        resource = self.resources[int(cleaned_data.get("resource") or 0)]()
        try:
            headers_normalise(
                dataset_read(data, file_format="xlsx" if is_xlsx else "csv"), resource
            )
        except ValidationError as error:
            raise forms.ValidationError({"import_file": error.messages}) from None
        return cleaned_data


class SpreadsheetAdminMixin:
    """Import and export of CSV and XLSX in the admin, all rows or none."""

    formats = FORMATS
    import_form_class = SpreadsheetImportForm

    def has_import_permission(self, request):
        # An import both adds and changes rows (IMPORT_EXPORT_IMPORT_PERMISSION_CODE is "change").
        return super().has_import_permission(request) and self.has_add_permission(request)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import_template"
        view = self.admin_site.admin_view(self.import_template_view)
        return [
            path("import/template.<str:file_format>", view, name=name),
            *super().get_urls(),
        ]

    def import_template_view(self, request, file_format):
        """Download the import's template: headers, an example row (and in XLSX, a guide)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource_class = self.get_import_resource_classes(request)[0]
        if file_format == "xlsx":
            data, content_type = template_xlsx(resource_class), XLSX().get_content_type()
        elif file_format == "csv":
            data, content_type = template_csv(resource_class), "text/csv; charset=utf-8"
        else:
            raise Http404
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{resource_class.template_name}.{file_format}"'
        )
        return response

    def get_import_data_kwargs(self, **kwargs):
        # One invalid row rolls the whole import back, also at the confirmation step.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            # A filter the list does not know (an edited link): what the list itself does, "?e=1".
            opts = self.model._meta
            changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            return HttpResponseRedirect(f"{changelist}?{ERROR_FLAG}=1")

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        if not isinstance(response, TemplateResponse):
            return response
        context = response.context_data
        result = context.get("result")
        if result is not None:
            # The library lists only the failing rows when a file has errors; organisers fix
            # a file faster seeing every row, each as new, updated, unchanged or an error.
            context["preview_rows"] = preview_rows(result)
        # "This importer will import the following fields": the headers the files use.
        classes = self.get_import_resource_classes(request)
        context["fields_list"] = [
            (name, [resource_class.column_headers.get(c, c) for c in columns])
            for (name, columns), resource_class in zip(
                context.get("fields_list", []), classes, strict=False
            )
        ]
        return response


def preview_rows(result) -> list[dict]:
    """Every row of an import's dry run in file order, each with its cells under its header.

    result.rows holds one entry per data row (the resources report unchanged rows too), so the
    n-th entry is row n of the file, the number result.invalid_rows uses. A valid row shows its
    values as they will be stored, an updated one the old value beside each value that changes;
    a failing row shows the cells of the file as they were written, with the errors.
    """
    invalid = {row.number: row for row in result.invalid_rows}
    headers = dict(zip(result.diff_headers, result.column_headers, strict=True))
    rows = []
    for number, row_result in enumerate(result.rows, start=1):
        failed = invalid.get(number)
        if failed is None:
            rows.append(
                {
                    "number": number,
                    "import_type": row_result.import_type,
                    "cells": getattr(row_result, "preview_cells", []),
                }
            )
            continue
        wrong = failed.field_specific_errors
        cells = [
            {"value": cell_text(row_result.row_values.get(column)), "error": column in wrong}
            for column in result.diff_headers
        ]
        rows.append(
            {
                "number": number,
                "import_type": "invalid",
                "cells": cells,
                "field_errors": {headers.get(c, c): errors for c, errors in wrong.items()},
                "row_errors": failed.non_field_specific_errors,
            }
        )
    return rows


class SpreadsheetResource(resources.ModelResource):
    """A resource whose rows are parsed whole, matched by a natural key and checked for repeats.

    Subclasses give column_aliases, required_columns and three hooks: row_parse(row) returns
    (values, errors by column), instance_find(values) the existing row or None, and
    instance_fill(instance, values) sets the values and returns whether anything changed.
    """

    column_aliases: dict[str, tuple[str, ...]] = {}
    required_columns: tuple[str, ...] = ()
    # The column headers of the downloadable template and of the preview (Vietnamese, as the
    # organisers' files write them; each is also one of column_aliases), what each column
    # holds, and one example row (ocop_fair/import_templates.py).
    column_headers: dict[str, str] = {}
    column_help: dict[str, str] = {}
    example_row: dict[str, object] = {}
    template_name = "mau-nhap"

    class Meta:
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False
        # The preview shows each row's cells from its stored instance and, for a failing row,
        # from the file (see after_import_row); the library's diff of the rows is not used.
        store_instance = True
        store_row_values = True
        skip_diff = True

    def import_data(self, dataset, **kwargs):
        result = super().import_data(dataset, **kwargs)
        result.column_headers = [self.column_headers.get(c, c) for c in result.diff_headers]
        return result

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        # Read before the row changes anything: the stored values an update will replace.
        self.preview_before = None if new else self.preview_values(instance)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        after = self.preview_values(row_result.instance)
        if row_result.import_type != "update" or self.preview_before is None:
            row_result.preview_cells = [{"value": value} for value in after]
        else:
            row_result.preview_cells = [
                {"value": new, "old": old, "changed": True} if new != old else {"value": new}
                for old, new in zip(self.preview_before, after, strict=True)
            ]

    def preview_values(self, instance) -> list[str]:
        """The row's cells as the export writes them, "" for an empty one."""
        return [cell_text(self.export_field(f, instance)) for f in self.get_import_fields()]

    def before_import(self, dataset, **kwargs):
        rows_check(dataset)
        headers_normalise(dataset, self)
        self.first_rows: dict = {}
        self.lookups_load()

    def before_import_row(self, row, **kwargs):
        self.values, self.errors = self.row_parse(row)
        self.changed = False
        key = self.values.get("key")
        if key is not None and not self.errors:
            first = self.first_rows.setdefault(key, kwargs["row_number"])
            if first != kwargs["row_number"]:
                self.errors[NON_FIELD_ERRORS] = [
                    gettext("This row repeats row %(row)d.") % {"row": first}
                ]

    def get_instance(self, instance_loader, row):
        return None if self.errors else self.instance_find(self.values)

    def import_instance(self, instance, row, **kwargs):
        if self.errors:
            raise ValidationError(self.errors)
        self.changed = self.instance_fill(instance, self.values)
        try:
            # Field checks only: save() derives the slugs and search names full_clean would want.
            instance.clean_fields(exclude=self.clean_exclude)
        except ValidationError as error:
            raise ValidationError(
                {self.column_by_field.get(f, f): e for f, e in error.message_dict.items()}
            ) from None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return not import_validation_errors and instance.pk is not None and not self.changed

    clean_exclude: tuple[str, ...] = ()
    column_by_field: dict[str, str] = {}
