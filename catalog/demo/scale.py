"""Grow the demo fair for benchmarks: numbered copies of its cooperatives and products.

Only for measuring (bench/, docs/benchmarks.md), never on a real fair's database: every copy is
named "… · thử tải N" ("load test N") so nobody mistakes it for a real producer. A product's copy
keeps the original's OCOP awards, packs and photo rows; the photo rows point at the original's
files, so 20,000 products cost no disk. Rows go in with bulk_create in batches, with the derived
fields (slug, search text, sort key) computed as each model's save() would.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import connection, transaction

from catalog.models import Certification, PackOption, Product, ProductImage
from cooperatives.models import Cooperative
from ocop_fair.cache import catalogue_changed
from ocop_fair.text import normalize_search_text, vietnamese_slugify, vietnamese_sort_key

COPY_MARK = "thử tải"
# What every copy's name contains, and no real producer's: " · thử tải 7".
COPY_INFIX = f" · {COPY_MARK} "
BATCH = 1000
# Each copied cooperative receives this many copies of each of its originals' products, so
# ×100 products comes with ×10 cooperatives (230 → 23,000 products, 200 → 2,000 producers).
PRODUCT_COPIES_PER_COOPERATIVE_COPY = 10


@dataclass(frozen=True)
class ScaleResult:
    products: int
    cooperatives: int
    created: Counter


def _copy_name(name: str, number: int) -> str:
    return f"{name}{COPY_INFIX}{number}"


@transaction.atomic
def demo_scale(*, factor: int) -> ScaleResult:
    """Add copies until there are factor × the original products; a second run adds nothing."""
    originals = list(
        Product.objects.exclude(name__contains=COPY_INFIX).select_related("cooperative")
    )
    created: Counter = Counter()
    existing_numbers = _existing_copy_numbers()
    wanted = [n for n in range(1, factor) if n not in existing_numbers]
    if not wanted:
        return ScaleResult(Product.objects.count(), Cooperative.objects.count(), created)
    cooperative_copies = _cooperative_copies(originals, wanted, created)
    copies_per_batch = max(1, BATCH // max(1, len(originals)))
    for start in range(0, len(wanted), copies_per_batch):
        numbers = wanted[start : start + copies_per_batch]
        _copy_products(originals, numbers, cooperative_copies, created)
    # bulk_create skips Product.save(), which writes the search document, and sends no signal.
    Product.objects.filter(search_document="").refresh_search_documents()
    catalogue_changed()
    with connection.cursor() as cursor:
        # Statistics for the planner after a 100-fold growth, before the first page is asked
        # for: without them SQLite sorts every product instead of walking the catalogue-order
        # index (catalog/migrations/0007), and PostgreSQL waits for autovacuum.
        cursor.execute("ANALYZE")
    return ScaleResult(Product.objects.count(), Cooperative.objects.count(), created)


def _existing_copy_numbers() -> set[int]:
    numbers = set()
    for name in Product.objects.filter(name__contains=COPY_INFIX).values_list("name", flat=True):
        numbers.add(int(name.rsplit(" ", 1)[1]))
    return numbers


def _cooperative_copies(originals, numbers, created) -> dict[tuple[int, int], int]:
    """Map (original cooperative id, cooperative copy number) to the copy's id, creating copies."""
    wanted_copies = {n // PRODUCT_COPIES_PER_COOPERATIVE_COPY for n in numbers} - {0}
    sources = {product.cooperative_id: product.cooperative for product in originals}
    existing = {
        (cooperative.name, cooperative.province_id): cooperative.pk
        for cooperative in Cooperative.objects.filter(name__contains=COPY_INFIX)
    }
    new = []
    for copy in sorted(wanted_copies):
        for source in sources.values():
            name = _copy_name(source.name, copy)
            if (name, source.province_id) in existing:
                continue
            clone = Cooperative(
                kind=source.kind,
                name=name,
                slug=f"{vietnamese_slugify(source.name, max_length=150)}-tt{copy}-{source.pk}",
                province_id=source.province_id,
                district=source.district,
                commune=source.commune,
                address=source.address,
                phone=source.phone,
                description=source.description,
                is_active=source.is_active,
                is_verified=source.is_verified,
                search_name=normalize_search_text(name),
                name_sort=vietnamese_sort_key(name),
            )
            new.append(clone)
    Cooperative.objects.bulk_create(new, batch_size=BATCH)
    if new:
        created["cooperatives"] += len(new)
    mapping = {(cooperative_id, 0): cooperative_id for cooperative_id in sources}
    names = {
        (_copy_name(s.name, c), s.province_id): (s.pk, c)
        for c in wanted_copies
        for s in sources.values()
    }
    for cooperative in Cooperative.objects.filter(name__contains=COPY_INFIX):
        key = names.get((cooperative.name, cooperative.province_id))
        if key:
            mapping[key] = cooperative.pk
    return mapping


def _copy_products(originals, numbers, cooperative_copies, created) -> None:
    new = []
    for number in numbers:
        cooperative_copy = number // PRODUCT_COPIES_PER_COOPERATIVE_COPY
        for source in originals:
            name = _copy_name(source.name, number)
            new.append(
                Product(
                    cooperative_id=cooperative_copies[(source.cooperative_id, cooperative_copy)],
                    group_id=source.group_id,
                    name=name,
                    slug=f"{vietnamese_slugify(source.name, max_length=150)}-tt{number}-{source.pk}",
                    summary=source.summary,
                    description=source.description,
                    source_url=source.source_url,
                    status=source.status,
                    is_featured=False,
                    ocop_stars=source.ocop_stars,
                    ocop_valid_until=source.ocop_valid_until,
                    ocop_possibly_valid_until=source.ocop_possibly_valid_until,
                    ocop_recognition_year=source.ocop_recognition_year,
                    ocop_recognition_decision=source.ocop_recognition_decision,
                    search_name=normalize_search_text(name),
                    search_text=normalize_search_text(f"{name} {source.summary}"),
                    name_sort=vietnamese_sort_key(name),
                )
            )
    Product.objects.bulk_create(new, batch_size=BATCH)
    created["products"] += len(new)
    copies = {(p.name, p.cooperative_id): p for p in new}
    by_source = {}
    for number in numbers:
        cooperative_copy = number // PRODUCT_COPIES_PER_COOPERATIVE_COPY
        for source in originals:
            key = (
                _copy_name(source.name, number),
                cooperative_copies[(source.cooperative_id, cooperative_copy)],
            )
            by_source.setdefault(source.pk, []).append(copies[key])
    _copy_children(Certification, by_source, created, "certifications")
    _copy_children(PackOption, by_source, created, "pack options")
    _copy_children(ProductImage, by_source, created, "images")


def _copy_children(model, by_source, created, label) -> None:
    """Copy every row of model that belongs to an original product onto each of its copies."""
    rows = []
    for child in model.objects.filter(product_id__in=by_source):
        for product in by_source[child.product_id]:
            clone = model.objects.model(
                **{
                    field.attname: getattr(child, field.attname)
                    for field in model._meta.concrete_fields
                    if not field.primary_key
                }
            )
            clone.product_id = product.pk
            rows.append(clone)
    model.objects.bulk_create(rows, batch_size=BATCH)
    if rows:
        created[label] += len(rows)
