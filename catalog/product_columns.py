"""The product spreadsheet's columns: names, Vietnamese headers, help and an example for the
template, and how a product is written into them on export (catalog/resources.py imports them)."""

import datetime

from django.utils.translation import gettext_lazy as _

from catalog.models import Certification
from cooperatives.resources import PRODUCER_TYPE_HELP, PROVINCE_HELP, TYPE_BY_KIND
from ocop_fair.imports import format_date

DatePrecision = Certification.DatePrecision


class ProductColumns:
    """Mixed into ProductResource: an exported file has the columns an import reads."""

    column_aliases = {
        "product_name": ("name", "Tên sản phẩm", "Sản phẩm"),
        "product_group": ("group", "Nhóm sản phẩm", "Nhóm", "Mã nhóm"),
        "stars": ("Hạng sao", "Số sao", "Sao"),
        "producer_name": ("cooperative", "Chủ thể", "Tên chủ thể", "Chủ thể sản xuất"),
        "producer_type": ("Loại chủ thể", "Loại hình"),
        "commune": ("Xã", "Xã/phường"),
        "district": ("Huyện", "Quận/huyện"),
        "province": ("Tỉnh", "Tỉnh/thành phố"),
        "year_recognized": ("year", "Năm công nhận", "Năm"),
        "decision_number": ("Số quyết định", "Quyết định"),
        "decision_date": ("Ngày quyết định", "Ngày công nhận"),
        "pack": ("Quy cách", "Quy cách đóng gói"),
        "price": ("price_vnd", "Giá", "Giá bán", "Giá (đồng)"),
        "summary": ("Mô tả ngắn", "Mô tả"),
        "source_url": ("source", "Nguồn"),
    }
    required_columns = ("product_name", "product_group", "province")
    column_headers = {
        "product_name": "Tên sản phẩm",
        "product_group": "Nhóm sản phẩm",
        "stars": "Hạng sao",
        "producer_name": "Chủ thể",
        "producer_type": "Loại chủ thể",
        "commune": "Xã",
        "district": "Huyện",
        "province": "Tỉnh",
        "year_recognized": "Năm công nhận",
        "decision_number": "Số quyết định",
        "decision_date": "Ngày quyết định",
        "pack": "Quy cách",
        "price": "Giá",
        "summary": "Mô tả ngắn",
        "source_url": "Nguồn",
    }
    column_help = {
        "product_name": _("The product's name as on its OCOP certificate."),
        "product_group": _(
            "Product group: its code in Decision 148 (e.g. I.1.a) or its name (e.g. Thực phẩm)."
        ),
        "stars": _("OCOP stars, a whole number from 1 to 5; leave empty if not yet awarded."),
        "producer_name": _(
            "The producer: cooperative, cooperative group, household business or company."
        ),
        "producer_type": PRODUCER_TYPE_HELP,
        "commune": _("The producer's commune or ward."),
        "district": _("The producer's district."),
        "province": PROVINCE_HELP,
        "year_recognized": _("Year of the OCOP award, when the decision's date is not known."),
        "decision_number": _("Number of the award decision, e.g. 1234/QĐ-UBND."),
        "decision_date": _("Date of the award decision, written dd/mm/yyyy, e.g. 02/11/2022."),
        "pack": _("One pack on sale, e.g. Hộp 500 g; needed when a price is given."),
        "price": _("Price of that pack in whole đồng, e.g. 180.000; leave empty if on request."),
        "summary": _("One or two sentences presenting the product."),
        "source_url": _("Web address of the list the row comes from."),
    }
    example_row = {
        "product_name": "Bưởi Phúc Trạch",
        "product_group": "Thực phẩm",
        "stars": 4,
        "producer_name": "HTX Bưởi Phúc Trạch Hương Khê",
        "producer_type": "HTX",
        "commune": "Phúc Trạch",
        "district": "Hương Khê",
        "province": "Hà Tĩnh",
        "year_recognized": 2022,
        "decision_number": "1234/QĐ-UBND",
        "decision_date": "02/11/2022",
        "pack": "Thùng 10 kg",
        "price": "180.000",
        "summary": "Bưởi đặc sản Hương Khê, múi hồng, vị ngọt thanh.",
        "source_url": "",
    }
    template_name = "mau-nhap-san-pham"

    # Export: the same columns, so an exported file imports back unchanged.
    # Several columns read the same award and pack: each is fetched once per product object (the
    # preview's diff reads a copy from before the row was imported, then the imported product).

    def latest_award(self, product):
        if product.pk is None:
            return None
        if not hasattr(product, "_export_award"):
            awards = sorted(
                product.certifications.all(),
                key=lambda c: (
                    c.decision_date is not None,
                    c.decision_date or datetime.date.min,
                    c.pk,
                ),
            )
            product._export_award = awards[-1] if awards else None
        return product._export_award

    def first_pack(self, product):
        if product.pk is None:
            return None
        if not hasattr(product, "_export_pack"):
            product._export_pack = next(iter(product.pack_options.all()), None)
        return product._export_pack

    def dehydrate_product_name(self, product):
        return product.name

    def dehydrate_product_group(self, product):
        return product.group.code if product.group_id else ""

    def dehydrate_stars(self, product):
        award = self.latest_award(product)
        return award.stars if award and award.stars else ""  # empty: recognised without stars

    def dehydrate_producer_name(self, product):
        return product.cooperative.name if product.cooperative_id else ""

    def dehydrate_producer_type(self, product):
        return TYPE_BY_KIND.get(product.cooperative.kind, "") if product.cooperative_id else ""

    def dehydrate_commune(self, product):
        return product.cooperative.commune if product.cooperative_id else ""

    def dehydrate_district(self, product):
        return product.cooperative.district if product.cooperative_id else ""

    def dehydrate_province(self, product):
        return product.cooperative.province.name if product.cooperative_id else ""

    def dehydrate_year_recognized(self, product):
        award = self.latest_award(product)
        return award.decision_date.year if award and award.date_precision == "year" else ""

    def dehydrate_decision_number(self, product):
        award = self.latest_award(product)
        return award.decision_number if award else ""

    def dehydrate_decision_date(self, product):
        award = self.latest_award(product)
        return format_date(award.decision_date) if award and award.date_precision == "day" else ""

    def dehydrate_pack(self, product):
        pack = self.first_pack(product)
        return pack.label if pack else ""

    def dehydrate_price(self, product):
        pack = self.first_pack(product)
        return pack.price_vnd if pack and pack.price_vnd is not None else ""

    def dehydrate_summary(self, product):
        return product.summary

    def dehydrate_source_url(self, product):
        return product.source_url
