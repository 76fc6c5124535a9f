"""schema.org JSON-LD for product pages (search engines and link previews read it)."""

import json

from django.utils.safestring import SafeString, mark_safe

# The same escapes as django.utils.html.json_script: JSON inside <script> can't close the tag.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def product_json_ld(*, product, images, pack_options, request) -> SafeString:
    """Return the product's schema.org Product description, safe to embed in a script tag."""
    cooperative = product.cooperative
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "url": request.build_absolute_uri(product.get_absolute_url()),
        "description": product.summary or product.name,
        "category": product.group.name,
        "brand": {"@type": "Brand", "name": cooperative.name},
        "manufacturer": {
            "@type": "Organization",
            "name": cooperative.name,
            "url": request.build_absolute_uri(cooperative.get_absolute_url()),
            "address": {
                "@type": "PostalAddress",
                "addressLocality": cooperative.commune or cooperative.district,
                "addressRegion": cooperative.province.name,
                "addressCountry": "VN",
            },
        },
    }
    if images:
        data["image"] = [request.build_absolute_uri(image.image.url) for image in images]
    prices = [option.price_vnd for option in pack_options if option.price_vnd is not None]
    if prices:
        data["offers"] = {
            "@type": "AggregateOffer",
            "priceCurrency": "VND",
            "lowPrice": min(prices),
            "highPrice": max(prices),
            "offerCount": len(prices),
        }
    # Only an award surely valid today is claimed: an expired or possibly expired certificate
    # may not present the product as OCOP-rated.
    if product.ocop_is_valid:
        data["additionalProperty"] = {
            "@type": "PropertyValue",
            "name": "OCOP stars",
            "value": product.ocop_stars,
        }
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308
