"""Which cached pages a catalogue row appears on (ocop_fair/page_versions.py).

Product groups are left to the default, "all": every card and product page names one.
"""

from ocop_fair import page_versions
from ocop_fair.page_versions import LISTING, SEARCH, SITEMAP

# What a listing shows of a product, or filters and orders it by: the card
# (templates/catalog/includes/_product_card.html), catalog/filters.py, the featured products.
# The summary, description and links are on the product's own page only; a pack's price is on
# the card too (pack_option_tags).
LISTED_FIELDS = (
    "name",
    "slug",
    "status",
    "cooperative_id",
    "group_id",
    "is_featured",
    "ocop_stars",
    "ocop_valid_until",
    "ocop_possibly_valid_until",
)
# What the search matches besides the listed fields: the summary (Product.search_text).
SEARCHED_FIELDS = ("search_text",)


def remember_listed_fields(sender, instance, raw=False, **kwargs) -> None:
    """Signal receiver (pre_save of Product): keep the stored row's listed fields for
    product_tags, so that an edit no listing shows leaves the listings cached."""
    if raw or instance.pk is None:
        return
    instance._listed_before = (
        type(instance)
        .objects.filter(pk=instance.pk)
        .values(*LISTED_FIELDS, *SEARCHED_FIELDS)
        .first()
    )


def product_tags(product) -> set[str]:
    # Its page and the sitemaps (they date every edit) always; its cooperative's page, its
    # siblings' pages (cards) and every listing when a listed field changed or is unknown
    # (a new or deleted product, a bulk update); the search results when its summary changed.
    before = product.__dict__.pop("_listed_before", None)
    tags = {page_versions.product(product.pk), SITEMAP}
    changed = (
        set(LISTED_FIELDS)
        if before is None
        else {name for name, value in before.items() if getattr(product, name) != value}
    )
    if changed & set(LISTED_FIELDS):
        tags |= {page_versions.cooperative(product.cooperative_id), LISTING}
        if before is not None:  # a product moved to another cooperative leaves its page too
            tags.add(page_versions.cooperative(before["cooperative_id"]))
    elif changed:
        tags.add(SEARCH)
    return tags


def products_tags(products) -> set[str]:
    """The tags of several products, e.g. after a bulk update that sends no signal."""
    return set().union(*(product_tags(product) for product in products))


def _cooperative_of(row) -> set[str]:
    from catalog.models import Product

    if type(row).product.is_cached(row):
        cooperative_id = row.product.cooperative_id
    else:
        cooperative_id = (
            Product.objects.filter(pk=row.product_id)
            .values_list("cooperative_id", flat=True)
            .first()
        )
    # A product deleted with its rows has bumped its own tags already.
    return set() if cooperative_id is None else {page_versions.cooperative(cooperative_id)}


def card_row_tags(row) -> set[str]:
    """An award or a photo: the product card shows the stars and the cover photo."""
    return {page_versions.product(row.product_id), LISTING} | _cooperative_of(row)


def remember_pack_price(sender, instance, raw=False, **kwargs) -> None:
    """Signal receiver (pre_save of PackOption): keep the stored price for pack_option_tags, so
    that a label edit leaves the listings cached."""
    if raw or instance.pk is None:
        return
    instance._price_before = (
        type(instance).objects.filter(pk=instance.pk).values_list("price_vnd", flat=True).first()
    )


def pack_option_tags(pack) -> set[str]:
    # The product's page lists its packs; its card shows the lowest price ("from …"), so a new,
    # deleted or repriced pack also reaches the listings and the cooperative's page.
    if "_price_before" in pack.__dict__ and pack.__dict__.pop("_price_before") == pack.price_vnd:
        return {page_versions.product(pack.product_id)}
    return card_row_tags(pack)


def register_all() -> None:
    from django.db.models.signals import pre_save

    from catalog.models import Certification, PackOption, Product, ProductImage

    pre_save.connect(remember_listed_fields, sender=Product, dispatch_uid="listed-fields")
    pre_save.connect(remember_pack_price, sender=PackOption, dispatch_uid="pack-price")
    page_versions.register(Product, product_tags)
    page_versions.register(Certification, card_row_tags)
    page_versions.register(ProductImage, card_row_tags)
    page_versions.register(PackOption, pack_option_tags)
