"""Product cards rendered once per version of what they show (docs/caching.md).

A card shows its product's name, cover photo and award, its cooperative's name and province,
and its group. It is kept in the shared cache under the versions of its product's and its
cooperative's tags and of "all" (provinces and groups are renamed through it), with the language
and the date (an award may lapse at midnight without a write). A page of 24 cards then costs two
cache round trips instead of 24 renders of the card and its award.
"""

import logging

from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from ocop_fair import page_versions
from ocop_fair.cache import cache_is_shared

logger = logging.getLogger(__name__)

CARD_TEMPLATE = "catalog/includes/_product_card.html"
CARD_SECONDS = 24 * 3600


def product_cards_html(products) -> SafeString:
    """Return the cards (<li>) of products, from the cache where their versions are current.

    products may be a CardPage (catalog.selectors): known by key, it loads only the products
    whose cards are missing from the cache.
    """
    refs = products.card_refs() if hasattr(products, "card_refs") else list(products)
    template = get_template(CARD_TEMPLATE)
    # With per-process memory another worker's edit would not reach this process's cards.
    keys = _card_keys(refs) if refs and cache_is_shared() else {}
    try:
        found = cache.get_many(keys.values()) if keys else {}
    except Exception:  # no cache server: render every card
        logger.warning("card cache unavailable", exc_info=True)
        keys, found = {}, {}
    missing = [ref.pk for ref in refs if keys.get(ref.pk) not in found]
    if hasattr(products, "load"):
        loaded = products.load(missing) if missing else {}
    else:
        loaded = {product.pk: product for product in refs}
    cards, rendered = [], {}
    for ref in refs:
        key = keys.get(ref.pk)
        card = found.get(key)
        if card is None:
            product = loaded.get(ref.pk)
            if product is None:  # deleted since its key was read
                continue
            card = template.render({"product": product})
            if key is not None:
                rendered[key] = card
        cards.append(card)
    if rendered:
        try:
            cache.set_many(rendered, CARD_SECONDS)
        except Exception:
            logger.warning("card cache unavailable", exc_info=True)
    return mark_safe("".join(cards))  # each card was rendered (and escaped) by its template


def _card_keys(products) -> dict[int, str]:
    def tags(product):
        return page_versions.product(product.pk), page_versions.cooperative(product.cooperative_id)

    try:
        current = page_versions.versions(
            {page_versions.ALL}.union(*(tags(product) for product in products))
        )
    except Exception:
        logger.warning("card cache unavailable", exc_info=True)
        return {}
    prefix = ":".join(
        [
            "card",
            timezone.localdate().isoformat(),
            translation.get_language(),
            current[page_versions.ALL],
        ]
    )
    return {
        product.pk: ":".join([prefix, str(product.pk), *(current[tag] for tag in tags(product))])
        for product in products
    }
