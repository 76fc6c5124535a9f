"""Keep products' search documents in step with their cooperative's and province's names."""

from catalog.models import Product


def cooperative_saved(sender, instance, created, raw=False, **kwargs) -> None:
    # A new cooperative has no products yet; fixtures (raw) carry their own documents.
    if not created and not raw:
        Product.objects.filter(cooperative=instance).refresh_search_documents()


def province_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if not created and not raw:
        Product.objects.filter(cooperative__province=instance).refresh_search_documents()
