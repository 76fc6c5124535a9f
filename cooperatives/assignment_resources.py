"""Booth assignments of one fair in CSV/XLSX: booth code, cooperative name, province.

Each row says "this booth holds this cooperative". A row whose pair is already stored changes
nothing, so a file imported twice writes nothing the second time. A cooperative named in one row
that holds exactly one other booth of the fair, a booth the file does not name, is moved there
(booth_move); any other row assigns a free booth (booth_assign). Nothing is saved but through
those two services.
"""

from collections import Counter, defaultdict

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from cooperatives import rules as producer_rules
from cooperatives.models import Booth, BoothAssignment, Cooperative, Fair
from cooperatives.resources import PROVINCE_HELP, province_find, provinces_by_key
from cooperatives.services import booth_assign, booth_move
from ocop_fair.imports import SpreadsheetResource, cell_text, spreadsheet_import


class BoothAssignmentResource(SpreadsheetResource):
    """One booth per row, at the fair the import form names."""

    booth_code = Field(column_name="booth_code", dehydrate_method="export_booth_code")
    cooperative_name = Field(column_name="cooperative_name", dehydrate_method="export_cooperative")
    province = Field(column_name="province", dehydrate_method="export_province")

    column_aliases = {
        "booth_code": ("booth", "Mã gian hàng", "Gian hàng", "Mã gian", "Số gian hàng"),
        "cooperative_name": ("cooperative", "Tên chủ thể", "Chủ thể", "Tên HTX", "Hợp tác xã"),
        "province": ("Tỉnh", "Tỉnh/thành phố"),
    }
    required_columns = ("booth_code", "cooperative_name")
    column_headers = {
        "booth_code": "Mã gian hàng",
        "cooperative_name": "Tên chủ thể",
        "province": "Tỉnh",
    }
    column_help = {
        "booth_code": _("The booth's code on the fair's floor plan, e.g. A12."),
        "cooperative_name": _("The exhibiting producer's name, as listed in the catalogue."),
        "province": PROVINCE_HELP,
    }
    example_row = {
        "booth_code": "A1",
        "cooperative_name": "HTX Bưởi Phúc Trạch Hương Khê",
        "province": "Hà Tĩnh",
    }
    template_name = "mau-nhap-gian-hang"

    class Meta:
        model = BoothAssignment
        fields = ("booth_code", "cooperative_name", "province")

    def __init__(self, fair: Fair | None = None, **kwargs):
        super().__init__(**kwargs)
        self.fair = fair

    def get_queryset(self):
        assignments = BoothAssignment.objects.select_related("booth", "cooperative__province")
        if self.fair is not None:
            assignments = assignments.filter(booth__fair=self.fair)
        return assignments.order_by("booth__fair", "booth__code")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # Which cooperatives the file names, and how often, and which booths: a move needs them.
        column = dataset.headers.index("cooperative_name")
        self.rows_per_cooperative = Counter(
            producer_rules.producer_key(cell_text(row[column])) for row in dataset
        )
        booth_column = dataset.headers.index("booth_code")
        self.booths_in_file = {cell_text(row[booth_column]).casefold() for row in dataset}

    def lookups_load(self):
        booths = Booth.objects.filter(fair=self.fair) if self.fair else Booth.objects.none()
        self.booths = {booth.code.casefold(): booth for booth in booths}
        self.assignments = {
            a.booth_id: a
            for a in BoothAssignment.objects.filter(booth__fair=self.fair).select_related(
                "cooperative", "booth"
            )
        }
        self.held = defaultdict(list)
        for assignment in self.assignments.values():
            self.held[assignment.cooperative_id].append(assignment)
        self.provinces = provinces_by_key()
        self.cooperatives = defaultdict(list)
        for cooperative in Cooperative.objects.select_related("province").only(
            "name", "province__name"
        ):
            self.cooperatives[producer_rules.producer_key(cooperative.name)].append(cooperative)

    def row_parse(self, row):
        errors: dict[str, list[str]] = {}
        booth = self.booth_parse(cell_text(row.get("booth_code")), errors)
        cooperative = self.cooperative_parse(
            cell_text(row.get("cooperative_name")), cell_text(row.get("province")), errors
        )
        values = {"booth": booth, "cooperative": cooperative}
        if booth is not None and cooperative is not None:
            holder = self.assignments.get(booth.pk)
            if holder is not None and holder.cooperative_id != cooperative.pk:
                errors["booth_code"] = [
                    gettext("Booth %(code)s is already assigned to %(cooperative)s.")
                    % {"code": booth.code, "cooperative": holder.cooperative.name}
                ]
        if not errors:
            values["key"] = booth.pk
        return values, errors

    def booth_parse(self, code: str, errors: dict) -> Booth | None:
        if not code:
            errors["booth_code"] = [gettext("A booth code is required.")]
            return None
        booth = self.booths.get(code.casefold())
        if booth is None:
            fair = self.fair.name if self.fair else ""
            errors["booth_code"] = [
                gettext("There is no booth “%(code)s” at %(fair)s.") % {"code": code, "fair": fair}
            ]
        return booth

    def cooperative_parse(self, name: str, province_name: str, errors: dict):
        if not name:
            errors["cooperative_name"] = [gettext("A name is required.")]
            return None
        candidates = self.cooperatives.get(producer_rules.producer_key(name), [])
        if province_name:
            ids = {c.province_id for c in candidates}
            province = province_find(
                self.provinces,
                province_name,
                errors,
                producer_known_in=lambda province: province.pk in ids,
            )
            if province is None:
                return None
            candidates = [c for c in candidates if c.province_id == province.pk]
        if not candidates:
            where = f" ({province_name})" if province_name else ""
            errors["cooperative_name"] = [
                gettext("No cooperative is named “%(name)s”%(where)s.")
                % {"name": name, "where": where}
            ]
            return None
        if len(candidates) > 1:
            places = ", ".join(sorted(c.province.name for c in candidates))
            errors["cooperative_name"] = [
                gettext(
                    "Several cooperatives are named “%(name)s” (%(provinces)s): add the"
                    " province, or tell them apart in the admin first."
                )
                % {"name": name, "provinces": places}
            ]
            return None
        return candidates[0]

    def instance_find(self, values):
        booth, cooperative = values["booth"], values["cooperative"]
        holder = self.assignments.get(booth.pk)
        if holder is not None:
            return holder  # the same cooperative: row_parse refused any other
        held = self.held.get(cooperative.pk, [])
        key = producer_rules.producer_key(cooperative.name)
        if (
            len(held) == 1
            and self.rows_per_cooperative[key] == 1
            and held[0].booth.code.casefold() not in self.booths_in_file
        ):
            return held[0]  # moved from a booth the file no longer names
        return None

    def instance_fill(self, instance, values):
        if instance.pk is not None and instance.booth_id == values["booth"].pk:
            return False
        instance.booth, instance.cooperative = values["booth"], values["cooperative"]
        return True

    def do_instance_save(self, instance, is_create):
        if is_create:
            saved = booth_assign(booth=instance.booth, cooperative=instance.cooperative)
            instance.pk, instance.assigned_at = saved.pk, saved.assigned_at
            instance._state.adding = False
        else:
            booth_move(assignment=instance, booth=instance.booth)

    def export_booth_code(self, assignment):
        return assignment.booth.code if assignment.booth_id else ""

    def export_cooperative(self, assignment):
        return assignment.cooperative.name if assignment.cooperative_id else ""

    def export_province(self, assignment):
        cooperative = assignment.cooperative if assignment.cooperative_id else None
        return cooperative.province.name if cooperative and cooperative.province_id else ""


def assignments_import(*, fair: Fair, data: bytes, file_format: str, dry_run: bool = False):
    """Import a CSV or XLSX of booth assignments at fair, all rows or none."""
    return spreadsheet_import(
        BoothAssignmentResource(fair=fair), data=data, file_format=file_format, dry_run=dry_run
    )
