"""The catalogue models, one module per part of the domain; imported from here, as Django expects."""

from catalog.models.awards import Certification
from catalog.models.groups import ProductGroup
from catalog.models.images import ProductImage, product_image_upload_to
from catalog.models.packs import PackOption
from catalog.models.products import (
    SEARCH_DOCUMENT_NAME_END,
    SEARCH_DOCUMENT_SEPARATOR,
    Product,
    ProductQuerySet,
    published_products,
    search_document,
)
from catalog.models.validity import (
    CERTIFICATE_VALIDITY_MONTHS,
    Validity,
    add_months,
    validity_case,
    validity_on,
)

__all__ = [
    "CERTIFICATE_VALIDITY_MONTHS",
    "add_months",
    "Validity",
    "validity_on",
    "validity_case",
    "ProductGroup",
    "SEARCH_DOCUMENT_SEPARATOR",
    "SEARCH_DOCUMENT_NAME_END",
    "search_document",
    "published_products",
    "ProductQuerySet",
    "Product",
    "Certification",
    "PackOption",
    "product_image_upload_to",
    "ProductImage",
]
