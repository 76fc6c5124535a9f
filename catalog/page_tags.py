"""Which cached pages a catalogue row appears on (ocop_fair/page_versions.py).

Product groups are left to the default, "all": every card and product page names one.
"""

from ocop_fair import page_versions
from ocop_fair.page_versions import LISTING


def product_tags(product) -> set[str]:
    # Its page, its cooperative's page and its siblings' pages (cards), every listing.
    return {
        page_versions.product(product.pk),
        page_versions.cooperative(product.cooperative_id),
        LISTING,
    }


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


def pack_option_tags(pack) -> set[str]:
    # Packs and prices are shown on the product's page only, never on a card.
    return {page_versions.product(pack.product_id)}


def register_all() -> None:
    from catalog.models import Certification, PackOption, Product, ProductImage

    page_versions.register(Product, product_tags)
    page_versions.register(Certification, card_row_tags)
    page_versions.register(ProductImage, card_row_tags)
    page_versions.register(PackOption, pack_option_tags)
