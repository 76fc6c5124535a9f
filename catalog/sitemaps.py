from django.contrib.sitemaps import Sitemap

from catalog.models import Product
from cooperatives.models import Cooperative, Province


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    i18n = True  # one entry per language: /… and /en/…

    def items(self):
        return Product.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, product):
        return product.updated_at


class CooperativeSitemap(Sitemap):
    changefreq = "monthly"
    i18n = True

    def items(self):
        return (
            Cooperative.objects.active()
            .filter(products__status="published")
            .distinct()
            .order_by("pk")
            .only("slug")
        )


class ProvinceSitemap(Sitemap):
    changefreq = "monthly"
    i18n = True

    def items(self):
        return Province.objects.order_by("display_order").only("slug")


SITEMAPS = {
    "products": ProductSitemap,
    "cooperatives": CooperativeSitemap,
    "provinces": ProvinceSitemap,
}
