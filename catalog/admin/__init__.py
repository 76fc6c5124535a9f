"""The organisers' admin for the catalogue, one module per subject; importing them registers them."""

from catalog.admin import awards, filters, images, products  # noqa: F401
