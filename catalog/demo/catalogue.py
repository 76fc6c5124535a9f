"""Load provinces, product groups, cooperatives, products, certifications and pack options."""

import csv
import datetime
from collections import Counter
from pathlib import Path

from catalog.demo.facts import PACKS
from catalog.demo.source import AwardPlan, ProducerPlan, ProductPlan
from catalog.demo.upsert import CREATED, UNCHANGED, UPDATED, update_if_changed, upsert
from catalog.models import PackOption, Product, ProductGroup
from catalog.services import certification_record, product_refresh_ocop
from cooperatives.models import Cooperative, Province


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _known(**fields: str) -> dict[str, str]:
    # A blank in the CSV means "the source did not say": it never erases what an editor filled in.
    return {name: value for name, value in fields.items() if value}


def provinces_load(path: Path, tally: Counter) -> dict[str, Province]:
    """Create or update the provinces of fixtures/provinces.csv; return them by name."""
    provinces = {}
    for row in _read_csv(path):
        since = row["successor_since"]
        values = {
            "name": row["name"],
            "display_order": int(row["display_order"]),
            "current_name": row["current_name"],
            "successor_name": row["successor_name"],
            "successor_since": datetime.date.fromisoformat(since) if since else None,
            "reorganisation_note": row["reorganisation_note"],
        }
        provinces[row["name"]] = upsert(
            Province, lookup={"code": row["code"]}, values=values, tally=tally
        )
    return provinces


def groups_load(path: Path, tally: Counter) -> dict[str, ProductGroup]:
    """Create or update the Decision 148 group tree of fixtures/product_groups.csv, by code."""
    groups: dict[str, ProductGroup] = {}
    for order, row in enumerate(_read_csv(path), start=1):
        code = row["code"]
        parent = groups.get(code.rpartition(".")[0])  # "I.1.a" -> "I.1"; "I" has none
        values = {
            "name": row["name"],
            "name_en": row["name_en"],
            "parent_id": parent.pk if parent else None,
            "sort_order": order,
            # Sub-groups wear their top-level group's colour.
            "colour": row["colour"] or parent.colour,
        }
        groups[code] = upsert(ProductGroup, lookup={"code": code}, values=values, tally=tally)
    return groups


def cooperative_load(
    producer: ProducerPlan, provinces: dict[str, Province], tally: Counter
) -> Cooperative:
    """Create or update one producer, found by its exact name within its province."""
    values = {
        "kind": producer.kind,
        "is_verified": producer.is_verified,
        **_known(
            commune=producer.commune,
            district=producer.district,
            description=producer.description,
        ),
    }
    lookup = {"province_id": provinces[producer.province].pk, "name": producer.name}
    return upsert(Cooperative, lookup=lookup, values=values, tally=tally)


def certification_load(*, product: Product, award: AwardPlan, tally: Counter) -> None:
    """Record an award once: an existing one is found by its stars and decision date."""
    fields = {
        "level": award.level,
        "award_type": award.award_type,
        "criteria_version": award.criteria_version,
        "decision_number": award.decision_number,
        "date_precision": award.date_precision,
        "holder_name": award.holder_name,
        "source_url": award.source_url,
    }
    existing = product.certifications.filter(
        stars=award.stars, decision_date=award.decision_date
    ).first()
    if existing is None:
        # The service keeps the product's denormalised current stars and validity right.
        certification_record(
            product=product, stars=award.stars, decision_date=award.decision_date, **fields
        )
        status = CREATED
    elif update_if_changed(existing, fields):
        product_refresh_ocop(product=product)
        status = UPDATED
    else:
        status = UNCHANGED
    tally["Certification", status] += 1


def product_load(
    *, plan: ProductPlan, cooperative: Cooperative, groups: dict, tally: Counter
) -> Product:
    """Create or update one published product with its awards and pack options."""
    values = {
        "group_id": groups[plan.group_code].pk,
        "summary": plan.summary,
        "status": Product.Status.PUBLISHED,
        "is_featured": plan.is_featured,
        **_known(source_url=plan.source_url),
    }
    lookup = {"cooperative_id": cooperative.pk, "name": plan.name}
    product = upsert(Product, lookup=lookup, values=values, tally=tally)
    for award in plan.awards:
        certification_load(product=product, award=award, tally=tally)
    for order, pack in enumerate(PACKS.get((plan.province, plan.name), [])):
        upsert(
            PackOption,
            lookup={"product_id": product.pk, "label": pack.label},
            values={"price_vnd": pack.price_vnd, "sort_order": order},
            tally=tally,
        )
    return product


def catalogue_load(
    plans: list[ProductPlan], provinces: dict, groups: dict, tally: Counter
) -> list[Product]:
    """Load every planned product, creating each producer the first time it is met."""
    cooperatives: dict[tuple[str, str], Cooperative] = {}
    products = []
    for plan in plans:
        key = plan.producer.key
        if key not in cooperatives:
            cooperatives[key] = cooperative_load(plan.producer, provinces, tally)
        products.append(
            product_load(plan=plan, cooperative=cooperatives[key], groups=groups, tally=tally)
        )
    return products
