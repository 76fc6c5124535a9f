"""Reads shaped for the public catalogue's templates (one place for select/prefetch choices)."""

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.lookups import Exact
from django.utils import timezone

from catalog.models import (
    PackOption,
    Product,
    ProductGroup,
    ProductImage,
    Validity,
    published_products,
    validity_case,
)
from cooperatives.models import BoothAssignment, Cooperative, Province
from ocop_fair import page_versions
from ocop_fair.cache import catalogue_memo

# Above any star count: every valid award ranks above every award that may have expired.
VALID_RANK = 10
FEATURED_LIMIT = 8
OTHER_PRODUCTS_LIMIT = 6


def stars_shown_rank(day: datetime.date) -> Case:
    """Rank a product by the stars its card shows on day: 10 + stars for a valid award, its
    stars for one that may have expired, 0 for an expired, undated or starless one."""
    validity = validity_case(day)  # the database's validity_on, shared with the dashboard
    return Case(
        When(Exact(validity, Validity.VALID), then=F("ocop_stars") + Value(VALID_RANK)),
        When(Exact(validity, Validity.UNCERTAIN), then=F("ocop_stars")),
        default=Value(0),
        output_field=IntegerField(),
    )


def by_stars(day: datetime.date | None = None) -> tuple:
    """The catalogue's order by stars on day (today): valid awards by stars, then awards that
    may have expired by stars, then the rest, each in Vietnamese alphabetical order.

    An expired 5★ ranks with the products without stars, as its card shows no stars. The order
    depends on the day, so no index serves it and every match is sorted: the first catalogue
    page's keys at 23,800 products took 0.5 ms on SQLite walking the catalogue-order index
    (migration 0007) and take 19 ms sorted; at one fair's few hundred products, well under 1 ms.
    """
    rank = stars_shown_rank(day or timezone.localdate())
    return (rank.desc(), "name_sort", "pk")


def _cover_image():
    # Only the first image of each product: lists never load a whole gallery.
    return Prefetch(
        "images",
        queryset=ProductImage.objects.order_by("sort_order", "id")[:1],
        to_attr="cover_images",
    )


def _lowest_price() -> Subquery:
    return Subquery(
        PackOption.objects.filter(product=OuterRef("pk"), price_vnd__isnull=False)
        .order_by("price_vnd")
        .values("price_vnd")[:1]
    )


def _booth_at_current_fair() -> Subquery:
    # A cooperative with several booths shows its first by code; the product page lists all.
    return Subquery(
        BoothAssignment.objects.filter(
            cooperative=OuterRef("cooperative_id"), booth__fair__is_current=True
        )
        .order_by("booth__code")
        .values("booth__code")[:1]
    )


def product_cards(queryset: QuerySet | None = None) -> QuerySet:
    """Published products with what a product card shows: cooperative, province, group, cover,
    the lowest known pack price (price_from) and the booth at the current fair (booth_code).

    The price and the booth are subqueries of the cards' own query, so a page of cards costs
    the same two queries (products, covers) whatever it lists.
    """
    queryset = Product.objects.published() if queryset is None else queryset
    return (
        queryset.select_related("cooperative__province", "group")
        .annotate(price_from=_lowest_price(), booth_code=_booth_at_current_fair())
        .prefetch_related(_cover_image())
    )


class CardRef(NamedTuple):
    """What a card's cache key needs: the product and its cooperative (catalog.cards)."""

    pk: int
    cooperative_id: int


def load_cards(keys: Iterable[int]) -> dict[int, Product]:
    """The products of keys with what a card shows (product_cards' joins and subqueries), by
    key: two queries, no window function.

    The cover is the first photo of each product, picked here from its photos (a product has a
    handful): Django's prefetch of a sliced queryset numbers every photo with ROW_NUMBER() in a
    query that cost more to compile than to run (docs/benchmarks.md, issue 21).
    """
    keys = list(keys)
    if not keys:
        return {}
    cards = (
        Product.objects.select_related("cooperative__province", "group")
        .annotate(price_from=_lowest_price(), booth_code=_booth_at_current_fair())
        .in_bulk(keys)
    )
    for product in cards.values():
        product.cover_images = []
    photos = ProductImage.objects.filter(product_id__in=keys).order_by(
        "product_id", "sort_order", "id"
    )
    for photo in photos:
        covers = cards[photo.product_id].cover_images
        if not covers:
            covers.append(photo)
    return cards


class CardPage(Sequence):
    """Products to show as cards, known first by key (one small query).

    `{% product_cards %}` (catalog.cards) asks for card_refs(), takes the cards it finds in the
    shared cache and loads only the products of the others (load); reading the list itself
    (a view's context in tests, len) loads every product once. A page whose 24 cards are cached
    thus costs one query on the product table instead of three, and no model instances.
    """

    def __init__(self, queryset: QuerySet | None):
        rows = queryset.values_list("pk", "cooperative_id") if queryset is not None else []
        self._refs = [CardRef(*row) for row in rows]
        self._products: list[Product] | None = None

    @classmethod
    def of_refs(cls, refs: list[CardRef]) -> "CardPage":
        page = cls(None)
        page._refs = list(refs)
        return page

    def card_refs(self) -> list[CardRef]:
        return self._refs

    def load(self, keys: Iterable[int]) -> dict[int, Product]:
        return load_cards(keys)

    def _all(self) -> list[Product]:
        if self._products is None:
            cards = self.load(ref.pk for ref in self._refs)
            # A product deleted between the two queries is left out rather than failing the page.
            self._products = [cards[ref.pk] for ref in self._refs if ref.pk in cards]
        return self._products

    def __len__(self) -> int:
        return len(self._refs)

    def __getitem__(self, index):
        return self._all()[index]

    def __iter__(self):
        return iter(self._all())


def cards_by_key(page: QuerySet) -> CardPage:
    """The products of one page of a catalogue query, as product cards, in the page's order.

    The page's keys are found first, on the product table alone, then only the cards missing
    from the cache are loaded, by key (CardPage). One query with the cards' joins would carry
    each match's cooperative, province and group columns through the sort: a search for "tra"
    at 23,800 products sorts 4,900 matches to show 24 (docs/benchmarks.md).

    The keys themselves are kept per query (its SQL, today's date among its parameters) and
    version of "listing" and "search", as the counts are: the catalogue's order by stars depends
    on the day, so no index serves it, and at 23,800 products sorting every match was most of
    the page's time; a price, description or photo edit leaves both versions as they were.
    """
    try:
        sql, params = page.query.sql_with_params()
    except EmptyResultSet:  # a condition that can match nothing, e.g. pk__in=[]
        return CardPage.of_refs([])
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    refs = catalogue_memo(
        f"card-keys:{digest}",
        lambda: CardPage(page).card_refs(),
        tags=(page_versions.LISTING, page_versions.SEARCH),
    )
    return CardPage.of_refs(refs)


def best_products_of(province: Province, limit: int) -> CardPage:
    """The province's first products in catalogue order (by_stars), as product cards.

    The order depends on the day, so no index serves it: the province's products are sorted
    (Quảng Bình at 23,800 products: 8 ms on SQLite).
    """
    return cards_by_key(
        Product.objects.published()
        .filter(cooperative__province=province)
        .order_by(*by_stars())[:limit]
    )


def featured_products() -> CardPage:
    """Featured 5★ and 4★ products whose award is surely valid today, best first."""
    return CardPage(
        Product.objects.published()
        .with_valid_certificate()
        .filter(is_featured=True, ocop_stars__gte=4)
        .order_by(F("ocop_stars").desc(), "name_sort")[:FEATURED_LIMIT]
    )


def with_published_products(cooperatives: QuerySet[Cooperative]) -> QuerySet[Cooperative]:
    """The given cooperatives that have a published product (an existence test, not a count)."""
    return cooperatives.filter(
        Exists(Product.objects.published().filter(cooperative=OuterRef("pk")))
    )


def provinces_with_counts() -> QuerySet:
    published = published_products("cooperatives__products__", "cooperatives__")
    return Province.objects.annotate(
        product_count=Count("cooperatives__products", filter=published)
    ).order_by("display_order", "name")  # Meta.ordering is not applied to GROUP BY queries


def top_groups_with_counts() -> QuerySet:
    """Top-level product groups with their published products, sub-groups included."""
    counts: dict[str, int] = {}
    rows = Product.objects.published().values("group__code").annotate(n=Count("id"))
    for row in rows:
        # Codes are hierarchical ("I.5.b"), so the top-level group is the first segment.
        top = row["group__code"].split(".")[0]
        counts[top] = counts.get(top, 0) + row["n"]
    groups = list(ProductGroup.objects.filter(parent__isnull=True))
    for group in groups:
        group.product_count = counts.get(group.code, 0)
    return groups


def top_groups_with_products() -> list[ProductGroup]:
    """The home page's group tiles: top-level groups that have a published product (a tile
    "0 products" would lead to an empty list)."""
    return [group for group in top_groups_with_counts() if group.product_count]


def product_detail_queryset() -> QuerySet:
    return Product.objects.published().select_related("cooperative__province", "group")


def product_gallery(product: Product) -> list[ProductImage]:
    return list(product.images.order_by("sort_order", "id"))


def current_booths(cooperative: Cooperative) -> list[BoothAssignment]:
    """The cooperative's booths at the current fair (a cooperative may hold several).

    From the shared cache while cooperative:<pk> and "all" keep their versions: a booth
    assigned, moved or vacated replaces the cooperative's tag, a fair or booth edited "all".
    """

    def read() -> list[BoothAssignment]:
        return list(
            BoothAssignment.objects.filter(cooperative=cooperative, booth__fair__is_current=True)
            .select_related("booth__fair")
            .order_by("booth__code")
        )

    return catalogue_memo(
        f"cooperative-booths:{cooperative.pk}",
        read,
        tags=(page_versions.cooperative(cooperative.pk),),
    )


def shop_links_of(cooperative: Cooperative) -> list:
    """The cooperative's shop links, from the shared cache while cooperative:<pk> and "all"
    keep their versions: a shop link saved or deleted replaces the cooperative's tag."""
    return catalogue_memo(
        f"cooperative-shop-links:{cooperative.pk}",
        lambda: list(cooperative.shop_links.all()),
        tags=(page_versions.cooperative(cooperative.pk),),
    )


def other_products(product: Product) -> CardPage:
    refs = [ref for ref in cooperative_card_refs(product.cooperative_id) if ref.pk != product.pk]
    return CardPage.of_refs(refs[:OTHER_PRODUCTS_LIMIT])


def cooperative_card_refs(cooperative_id: int) -> list[CardRef]:
    """The keys of a cooperative's published products in alphabetical order, from the shared
    cache while its tag's version is the same: a product created, deleted, renamed, published
    or hidden replaces cooperative:<pk> (catalog/page_tags.py), a price or a summary does not."""

    def read() -> list[CardRef]:
        published = Product.objects.published().filter(cooperative=cooperative_id)
        return CardPage(published.order_by("name_sort", "pk")).card_refs()

    return catalogue_memo(
        f"cooperative-cards:{cooperative_id}",
        read,
        tags=(page_versions.cooperative(cooperative_id),),
    )


def cooperative_products(cooperative: Cooperative) -> CardPage:
    """A cooperative's published products, as cards, in alphabetical order."""
    return CardPage(
        Product.objects.published().filter(cooperative=cooperative).order_by("name_sort")
    )


def cooperative_detail_queryset() -> QuerySet:
    return Cooperative.objects.active().select_related("province").prefetch_related("shop_links")


def producers_of(province: Province) -> QuerySet:
    """A province's active cooperatives that have published products, in alphabetical order.

    A test of existence per cooperative, not a count of every product: the province page shows
    a page of them at a time (with_product_counts), and counting all the province's products to
    show 60 took 19 ms at 23,800 products (docs/benchmarks.md).
    """
    return with_published_products(province.cooperatives.active()).order_by("name_sort", "pk")


def with_product_counts(cooperatives) -> list[Cooperative]:
    """The given cooperatives, each with product_count: its published products."""
    cooperatives = list(cooperatives)
    counts = dict(
        Product.objects.published()
        .filter(cooperative__in=cooperatives)
        .values_list("cooperative")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for cooperative in cooperatives:
        cooperative.product_count = counts.get(cooperative.pk, 0)
    return cooperatives
