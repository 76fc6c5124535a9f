"""Cooperatives in CSV/XLSX for the organisers' bulk import and export (django-import-export)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from cooperatives import rules as producer_rules
from cooperatives.models import Cooperative, Province
from ocop_fair.imports import SpreadsheetResource, cell_text, spreadsheet_import
from ocop_fair.text import normalize_search_text

PRODUCER_TYPE_HELP = _(
    "HTX (cooperative), THT (cooperative group), HKD (household business) or CTY (company)."
)
PROVINCE_HELP = _("The province as it stood at the fair, e.g. Hà Tĩnh, or its official code.")

# Cooperative.kind <-> the short forms of Vietnamese lists (HTX, THT, HKD, CTY).
TYPE_BY_KIND = {kind: code for code, kind in producer_rules.KIND_BY_TYPE.items()}


def provinces_by_key() -> dict[str, list[Province]]:
    """Return the provinces each name or code may mean, normalised.

    A province by its name at the fair ("Quảng Bình", "tỉnh Quảng Bình"), its official code, and
    the name of the unit it belongs to today ("Thành phố Huế", "Huế"; "Quảng Trị" means both the
    former Quảng Trị and the former Quảng Bình since 1/7/2025).
    """
    provinces: dict[str, list[Province]] = {}

    def add(key: str, province: Province) -> None:
        found = provinces.setdefault(key, [])
        if province not in found:
            found.append(province)

    for province in Province.objects.all():
        add(province.code, province)
        names = [province.name]
        if province.current_name:
            today = province.current_name
            # "Thành phố Huế" is also written "TP Huế" or plainly "Huế".
            short = today.removeprefix("Thành phố ").removeprefix("thành phố ")
            names += [today] if short == today else [today, short, f"TP {short}", f"TP. {short}"]
        for name in names:
            add(normalize_search_text(name), province)
            add(normalize_search_text(f"tỉnh {name}"), province)
    return provinces


def province_find(
    provinces: dict,
    value: str,
    errors: dict,
    column: str = "province",
    *,
    producer_known_in=None,
):
    """Return the province value means for a producer; note an error and return None otherwise.

    A name of today's unit that several provinces merged into means the province the producer
    is already known in (producer_known_in(province)); for a new producer, the province that bore
    that name. A producer known in more than one of them is an error: the row must say which.
    """
    key = normalize_search_text(value)
    candidates = provinces.get(key, [])
    if not candidates:
        errors[column] = [gettext("Unknown province “%(value)s”.") % {"value": value}]
        return None
    if len(candidates) == 1:
        return candidates[0]
    known = [
        province for province in candidates if producer_known_in and producer_known_in(province)
    ]
    if len(known) == 1:
        return known[0]
    names = ", ".join(province.name for province in candidates)
    if known:
        message = gettext(
            "“%(value)s” is today made of several provinces (%(provinces)s) and the producer"
            " is listed in more than one: write the province it registered in before 2025."
        )
    else:
        named = [province for province in candidates if province.search_name == key]
        if len(named) == 1:
            return named[0]
        message = gettext(
            "“%(value)s” is today made of several provinces (%(provinces)s): write the"
            " province the producer registered in before 2025."
        )
    errors[column] = [message % {"value": value, "provinces": names}]
    return None


def kind_parse(value: str, errors: dict, column: str) -> str:
    """Return the Cooperative.kind of "HTX", "htx" or a kind label; note an error otherwise."""
    for code, kind in producer_rules.KIND_BY_TYPE.items():
        if value.upper() == code or value == kind or value == str(kind.label):
            return kind
    errors[column] = [
        gettext("Unknown producer type “%(value)s”: use HTX, THT, HKD or CTY.") % {"value": value}
    ]
    return Cooperative.Kind.UNKNOWN


class CooperativeResource(SpreadsheetResource):
    """One cooperative per row, matched by its name within its province."""

    name = Field(column_name="cooperative_name", dehydrate_method="export_name")
    province = Field(column_name="province", dehydrate_method="export_province")
    kind = Field(column_name="producer_type", dehydrate_method="export_kind")
    district = Field(attribute="district", column_name="district")
    commune = Field(attribute="commune", column_name="commune")
    address = Field(attribute="address", column_name="address")
    phone = Field(attribute="phone", column_name="phone")
    email = Field(attribute="email", column_name="email")
    website = Field(attribute="website", column_name="website")

    column_aliases = {
        "cooperative_name": ("name", "producer_name", "Tên chủ thể", "Chủ thể", "Tên HTX"),
        "province": ("Tỉnh", "Tỉnh/thành phố"),
        "producer_type": ("kind", "Loại chủ thể", "Loại hình"),
        "district": ("Huyện", "Quận/huyện"),
        "commune": ("Xã", "Xã/phường"),
        "address": ("Địa chỉ",),
        "phone": ("Điện thoại", "Số điện thoại"),
        "email": ("Thư điện tử",),
        "website": ("Trang web",),
    }
    required_columns = ("cooperative_name", "province")
    column_headers = {
        "cooperative_name": "Tên chủ thể",
        "province": "Tỉnh",
        "producer_type": "Loại chủ thể",
        "district": "Huyện",
        "commune": "Xã",
        "address": "Địa chỉ",
        "phone": "Điện thoại",
        "email": "Thư điện tử",
        "website": "Trang web",
    }
    column_help = {
        "cooperative_name": _("The producer's name; with the province it identifies the row."),
        "province": PROVINCE_HELP,
        "producer_type": PRODUCER_TYPE_HELP,
        "district": _("The producer's district."),
        "commune": _("The producer's commune or ward."),
        "address": _("Village or street address."),
        "phone": _("Phone number for buyers, e.g. 0912 345 678."),
        "email": _("E-mail address for buyers."),
        "website": _("Website address, e.g. https://example.com."),
    }
    example_row = {
        "cooperative_name": "HTX Bưởi Phúc Trạch Hương Khê",
        "province": "Hà Tĩnh",
        "producer_type": "HTX",
        "district": "Hương Khê",
        "commune": "Phúc Trạch",
        "address": "Thôn 1, xã Phúc Trạch",
        "phone": "0912 345 678",
        "email": "",
        "website": "",
    }
    template_name = "mau-nhap-hop-tac-xa"
    text_columns = ("district", "commune", "address", "phone", "email", "website")
    clean_exclude = ("slug", "logo", "province", "search_name", "name_sort")
    column_by_field = {"name": "cooperative_name", "kind": "producer_type"}

    class Meta:
        model = Cooperative
        fields = (
            "name",
            "province",
            "kind",
            "district",
            "commune",
            "address",
            "phone",
            "email",
            "website",
        )

    def get_queryset(self):
        return Cooperative.objects.select_related("province").order_by("province", "name_sort")

    def lookups_load(self):
        self.provinces = provinces_by_key()
        # The producers already known, to match a row naming today's unit to the province the
        # producer registered in (province_find).
        self.producers = {
            (province_id, producer_rules.producer_key(name))
            for province_id, name in Cooperative.objects.values_list("province_id", "name")
        }

    def row_parse(self, row):
        errors: dict[str, list[str]] = {}
        name = cell_text(row.get("cooperative_name"))
        if not name:
            errors["cooperative_name"] = [gettext("A name is required.")]
        key = producer_rules.producer_key(name)
        province = province_find(
            self.provinces,
            cell_text(row.get("province")),
            errors,
            producer_known_in=lambda province: (province.pk, key) in self.producers,
        )
        values = {
            column: cell_text(row.get(column)) for column in self.text_columns if column in row
        }
        values.update(name=name, province=province)
        if "producer_type" in row:
            values["kind"] = kind_parse(cell_text(row["producer_type"]), errors, "producer_type")
        if not errors:
            values["key"] = province.pk, producer_rules.producer_key(name)
        return values, errors

    def instance_find(self, values):
        return Cooperative.objects.filter(province=values["province"], name=values["name"]).first()

    def instance_fill(self, instance, values):
        changed = instance.pk is None
        for field, value in values.items():
            if field != "key" and getattr(instance, field, None) != value:
                setattr(instance, field, value)
                changed = True
        return changed

    def export_name(self, cooperative):
        return cooperative.name

    def export_province(self, cooperative):
        return cooperative.province.name if cooperative.province_id else ""

    def export_kind(self, cooperative):
        return TYPE_BY_KIND.get(cooperative.kind, "")


def cooperatives_import(*, data: bytes, file_format: str, dry_run: bool = False):
    """Import a CSV or XLSX of cooperatives, all rows or none."""
    return spreadsheet_import(
        CooperativeResource(), data=data, file_format=file_format, dry_run=dry_run
    )
