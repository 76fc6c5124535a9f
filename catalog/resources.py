"""Products in CSV/XLSX for the organisers' bulk import and export (django-import-export).

A row is one product with its producer, province, group, latest OCOP award and one pack. The
columns of fixtures/ocop_products.csv import as they are; the award rules are the demo's
(catalog/rules.py, cooperatives/rules.py), and awards are recorded through
catalog.services.certification_record. `products_import` is the one entry point (admin, demo,
bench).
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from import_export.fields import Field

from catalog import rules as award_rules
from catalog.models import Certification, PackOption, Product, ProductGroup
from catalog.product_columns import ProductColumns
from catalog.services import certification_correct, certification_record
from cooperatives import rules as producer_rules
from cooperatives.models import Cooperative
from cooperatives.resources import (
    kind_parse,
    province_find,
    provinces_by_key,
)
from ocop_fair.imports import (
    SpreadsheetResource,
    cell_text,
    parse_date,
    parse_int,
    spreadsheet_import,
)
from ocop_fair.money import parse_vnd
from ocop_fair.text import normalize_search_text

DatePrecision = Certification.DatePrecision


class ProductResource(ProductColumns, SpreadsheetResource):
    """One product per row, matched by its name, its producer and the producer's province."""

    product_name = Field(column_name="product_name")
    product_group = Field(column_name="product_group")
    stars = Field(column_name="stars")
    producer_name = Field(column_name="producer_name")
    producer_type = Field(column_name="producer_type")
    commune = Field(column_name="commune")
    district = Field(column_name="district")
    province = Field(column_name="province")
    year_recognized = Field(column_name="year_recognized")
    decision_number = Field(column_name="decision_number")
    decision_date = Field(column_name="decision_date")
    pack = Field(column_name="pack")
    price = Field(column_name="price")
    summary = Field(column_name="summary")
    source_url = Field(column_name="source_url")

    clean_exclude = ("slug", "cooperative", "group", "search_name", "search_text", "name_sort")
    column_by_field = {"name": "product_name"}

    class Meta:
        model = Product
        fields = (
            "product_name",
            "product_group",
            "stars",
            "producer_name",
            "producer_type",
            "commune",
            "district",
            "province",
            "year_recognized",
            "decision_number",
            "decision_date",
            "pack",
            "price",
            "summary",
            "source_url",
        )

    def get_queryset(self):
        return Product.objects.select_related("cooperative__province", "group").prefetch_related(
            "certifications", "pack_options"
        )

    def lookups_load(self):
        self.provinces = provinces_by_key()
        self.groups = {}
        for group in ProductGroup.objects.all():
            self.groups[normalize_search_text(group.code)] = group
            self.groups.setdefault(normalize_search_text(group.name), group)
        self.group_codes = {group.code: group for group in self.groups.values()}
        # Producers by (province, producer key), filled as rows create them.
        self.cooperatives = {
            (c.province_id, producer_rules.producer_key(c.name)): c
            for c in Cooperative.objects.all()
        }
        # Existing products by natural key with their awards and packs: three queries for the
        # whole file instead of three for each row (an import is mostly unchanged rows).
        self.products = {
            (p.cooperative_id, p.name): p
            for p in Product.objects.select_related(
                "group", "cooperative__province"
            ).prefetch_related("certifications", "pack_options")
        }

    # --- Reading a row -------------------------------------------------------------------------

    def row_parse(self, row):
        errors: dict[str, list[str]] = {}
        text = {column: cell_text(value) for column, value in row.items()}
        name = text.get("product_name", "")
        if not name:
            errors["product_name"] = [gettext("A product name is required.")]
        producer = text.get("producer_name", "")
        producer_key = producer_rules.producer_key(
            producer or producer_rules.placeholder_producer_name(name)
        )
        province = province_find(
            self.provinces,
            text.get("province", ""),
            errors,
            producer_known_in=lambda province: (province.pk, producer_key) in self.cooperatives,
        )
        group = self.group_parse(text.get("product_group", ""), name, errors)
        kind = kind_parse(text.get("producer_type", ""), errors, "producer_type")
        values = {
            "name": name,
            "province": province,
            "group": group,
            "producer": producer or producer_rules.placeholder_producer_name(name),
            "kind": kind,
            "is_verified": bool(producer),
            "commune": text.get("commune", ""),
            "district": text.get("district", ""),
            "award": self.award_parse(row, errors),
            "pack": self.pack_parse(row, text, errors),
        }
        for column in ("summary", "source_url"):
            if text.get(column):
                values[column] = text[column]
        if not errors:
            values["key"] = province.pk, producer_rules.producer_key(values["producer"]), name
        return values, errors

    def group_parse(self, value: str, product_name: str, errors: dict):
        group = self.groups.get(normalize_search_text(value))
        if group is None:
            errors["product_group"] = [
                gettext("Unknown product group “%(value)s”.") % {"value": value}
            ]
        elif group.parent_id is None and normalize_search_text(value) != normalize_search_text(
            group.code
        ):
            # A top-level group named in words, as provincial lists do: the demo's sub-group
            # rules place the product; a group given by its code is taken as written.
            group = self.group_codes.get(
                award_rules.refine_group_code(group.code, product_name), group
            )
        return group

    def award_parse(self, row, errors: dict):
        """Return (stars or None, decision date, precision, decision number), or None.

        None when the row names neither stars nor a date.
        """
        try:
            stars = parse_int(row.get("stars"))
        except ValueError:
            stars = 0
        if stars is not None and not 1 <= stars <= 5:
            errors["stars"] = [
                gettext("Stars must be a whole number from 1 to 5, not “%(value)s”.")
                % {"value": cell_text(row.get("stars"))}
            ]
        try:
            year = parse_int(row.get("year_recognized"))
            if year is not None and not 1990 <= year <= 2100:
                raise ValueError(year)
        except ValueError:
            errors["year_recognized"] = [
                gettext("“%(value)s” is not a year.")
                % {"value": cell_text(row.get("year_recognized"))}
            ]
            year = None
        try:
            day = parse_date(row.get("decision_date"))
        except ValueError:
            errors["decision_date"] = [
                gettext("Malformed date “%(value)s”: write it as dd/mm/yyyy, e.g. 02/11/2022.")
                % {"value": cell_text(row.get("decision_date"))}
            ]
            day = None
        if errors.keys() & {"stars", "year_recognized", "decision_date"}:
            return None
        if not stars and day is None and year is None:
            return None
        # Without stars, a dated row is a recognition whose source names no stars: its date,
        # decision and source are kept (the product page says what is known).
        stars = stars or None
        number = cell_text(row.get("decision_number"))
        if day is not None:
            return stars, day, DatePrecision.DAY, number
        if year is not None:
            return stars, datetime.date(year, 1, 1), DatePrecision.YEAR, number
        return stars, None, DatePrecision.UNKNOWN, number

    def pack_parse(self, row, text: dict, errors: dict):
        """Return (pack label, price) or None when the row names no pack."""
        try:
            price = parse_vnd(row.get("price"))
        except ValidationError as error:
            errors["price"] = [
                gettext("Price “%(value)s”: %(reason)s")
                % {"value": text.get("price", ""), "reason": " ".join(error.messages)}
            ]
            return None
        label = text.get("pack", "")
        if price is not None and not label:
            errors["pack"] = [gettext("Give the pack this price is for.")]
        return (label, price) if label else None

    # --- Matching and writing ------------------------------------------------------------------

    def instance_find(self, values):
        cooperative = self.cooperatives.get(values["key"][:2])
        if cooperative is None or cooperative.pk is None:
            return None
        return self.products.get((cooperative.pk, values["name"]))

    def instance_fill(self, instance, values):
        changed = instance.pk is None
        fields = {"name": values["name"], "group": values["group"]}
        fields.update({f: values[f] for f in ("summary", "source_url") if f in values})
        if instance.pk is None:
            # Provincial OCOP lists are official: their products are shown at once.
            fields["status"] = Product.Status.PUBLISHED
            fields["is_featured"] = values["award"] is not None and (values["award"][0] or 0) >= 4
        for field, value in fields.items():
            if getattr(instance, field, None) != value:
                setattr(instance, field, value)
                changed = True
        return changed or self.award_is_new(instance, values) or self.pack_is_new(instance, values)

    def award_is_new(self, instance, values) -> bool:
        award = values["award"]
        if award is None or instance.pk is None:
            return award is not None
        stars, day, _precision, number = award
        existing = next(
            (
                c
                for c in instance.certifications.all()
                if (c.stars, c.decision_date) == (stars, day)
            ),
            None,
        )
        return existing is None or bool(number) and existing.decision_number != number

    def pack_is_new(self, instance, values) -> bool:
        pack = values["pack"]
        if pack is None or instance.pk is None:
            return pack is not None
        return (pack[0], pack[1]) not in {
            (p.label, p.price_vnd) for p in instance.pack_options.all()
        }

    def before_save_instance(self, instance, row, **kwargs):
        self.created = instance.pk is None
        if instance.cooperative_id is None:
            instance.cooperative = self.cooperative_get_or_create(self.values)

    def cooperative_get_or_create(self, values) -> Cooperative:
        key = values["key"][:2]
        if key not in self.cooperatives:
            cooperative = Cooperative(
                name=values["producer"],
                province=values["province"],
                kind=values["kind"],
                commune=values["commune"],
                district=values["district"],
                is_verified=values["is_verified"],
                description=""
                if values["is_verified"]
                else producer_rules.placeholder_description(values["kind"]),
            )
            cooperative.full_clean(exclude=["slug"])
            cooperative.save()
            self.cooperatives[key] = cooperative
        return self.cooperatives[key]

    def after_save_instance(self, instance, row, **kwargs):
        self.award_save(instance, self.values["award"])
        pack = self.values["pack"]
        if pack is not None:
            pack_option, _created = PackOption.objects.update_or_create(
                product=instance, label=pack[0], defaults={"price_vnd": pack[1]}
            )
            if self.created:
                instance._export_pack = pack_option  # the preview's diff needs no query
        elif self.created:
            instance._export_pack = None
        if not self.created:
            # The preview reads the product as imported: forget the awards and packs read before.
            instance._prefetched_objects_cache = {}
            instance.__dict__.pop("_export_award", None)
            instance.__dict__.pop("_export_pack", None)

    def award_save(self, product: Product, award) -> None:
        if award is None:
            if self.created:
                product._export_award = None
            return
        stars, day, precision, number = award
        # A product this row created has no awards yet: no need to ask the database.
        earlier = (
            []
            if self.created
            else list(product.certifications.order_by(*Certification._meta.ordering))
        )
        existing = next((c for c in earlier if (c.stars, c.decision_date) == (stars, day)), None)
        if existing is not None:
            if number and existing.decision_number != number:
                # Through the service: the product's copy of its latest recognition follows.
                certification_correct(certification=existing, changes={"decision_number": number})
            return
        level, criteria = award_rules.infer_level_and_criteria(stars, day, precision)
        earlier_stars = [c.stars for c in reversed(earlier) if c.stars is not None]
        certification = certification_record(
            product=product,
            stars=stars,
            level=level,
            decision_date=day,
            date_precision=precision,
            criteria_version=criteria,
            award_type=award_rules.infer_award_type(stars, earlier_stars),
            decision_number=number,
            source_url=product.source_url,
            # The row was validated above (stars 1–5, a date matching its precision).
            check_constraints=False,
        )
        if self.created:
            product._export_award = certification  # its only award; the diff needs no query


def products_import(*, data: bytes, file_format: str, dry_run: bool = False):
    """Import a CSV or XLSX of products, all rows or none."""
    return spreadsheet_import(
        ProductResource(), data=data, file_format=file_format, dry_run=dry_run
    )
