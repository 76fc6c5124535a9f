"""Load the whole demo in one transaction and report what the database now holds."""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat

from catalog.demo.catalogue import catalogue_load, groups_load, provinces_load
from catalog.demo.fair import DEMO_PASSWORD, DemoAccount, accounts_load, fair_with_booths_load
from catalog.demo.fair_2026 import fair_2026_load
from catalog.demo.floor_spaces import floor_spaces_load
from catalog.demo.source import plan_catalogue, read_rows
from catalog.models import Certification, PackOption, Product, ProductGroup, ProductImage
from catalog.services import product_images_delete
from cooperatives.models import (
    Booth,
    BoothAssignment,
    Cooperative,
    FairExhibitor,
    FloorSpace,
    ProgrammeItem,
    Province,
)


def fixtures_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures"


@dataclass(frozen=True)
class DemoResult:
    totals: dict[str, int]
    changes: Counter  # (model name, "created" | "updated" | "unchanged") -> rows
    accounts: list[DemoAccount]
    password: str


def demo_totals() -> dict[str, int]:
    """Count what the demo cares about, as it stands in the database."""
    return {
        "provinces": Province.objects.count(),
        "product groups": ProductGroup.objects.count(),
        "cooperatives": Cooperative.objects.count(),
        "products": Product.objects.count(),
        "certifications": Certification.objects.count(),
        "pack options": PackOption.objects.count(),
        "images": ProductImage.objects.count(),
        "booths": Booth.objects.count(),
        "booth assignments": BoothAssignment.objects.count(),
        "fair exhibitors": FairExhibitor.objects.count(),
        "programme items": ProgrammeItem.objects.count(),
        "floor spaces": FloorSpace.objects.count(),
        "users": get_user_model().objects.count(),
    }


# Demos before December 2026 drew a text card per product as its "photo"; the site now shows the
# product group's illustration instead (catalog/illustrations.py), so those cards are removed.
GENERATED_CARD_ALT = "Thẻ minh họa ghi tên sản phẩm"


def generated_cards_remove(tally: Counter) -> None:
    """Delete the text cards an earlier demo generated (never a photo anybody uploaded)."""
    # The card's alt text named its own product: “<name>”. A photo staff described in similar
    # words, or one of another product, is never matched.
    generated = Concat(Value(f"{GENERATED_CARD_ALT} “"), F("product__name"), Value("”"))
    removed = product_images_delete(
        images=ProductImage.objects.filter(alt_text__startswith=generated)
    )
    if removed:
        tally["ProductImage", "deleted"] += removed


@transaction.atomic
def load_demo(*, directory: Path | None = None) -> DemoResult:
    """Create or bring up to date the 2022 demo fair and the current 2026 fair (without its
    exhibitors: trade/demo.py adds them); a second run on the same day changes nothing."""
    directory = directory or fixtures_dir()
    tally: Counter = Counter()
    provinces = provinces_load(directory / "provinces.csv", tally)
    groups = groups_load(directory / "product_groups.csv", tally)
    top_level_codes = {group.name: code for code, group in groups.items() if "." not in code}
    plans = plan_catalogue(read_rows(directory / "ocop_products.csv"), top_level_codes)
    catalogue_load(plans, provinces, groups, tally)
    generated_cards_remove(tally)
    producers = {plan.producer.key: plan.producer for plan in plans}.values()
    in_order = sorted(provinces.values(), key=lambda province: province.display_order)
    archived = fair_with_booths_load(
        in_order, Counter(producer.province for producer in producers), tally
    )
    # The current fair, on whenever the demo is loaded; 2022 stays as an archived fair.
    current = fair_2026_load(archived, tally)
    floor_spaces_load(current, tally)  # its entrance, stage, information desk, toilets…
    accounts = accounts_load(tally)
    return DemoResult(demo_totals(), tally, accounts, DEMO_PASSWORD)
