"""The sitemaps crawlers read: /sitemap.xml is an index of sections, each in pages of bounded size.

One sitemap of everything held 47,600 product addresses (two languages) at 23,800 products:
7 MB built in 3 s, and more addresses than the protocol's 50,000 a file once the cooperatives
were added. Each section is now one kind of page in one language ("products-vi", "products-en"),
so a page of it is one slice of one query: at most PAGE_SIZE addresses, whatever the fair's size.
(Django's i18n=True would load every item for every page, to pair it with each language.)
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from catalog.models import Product
from catalog.selectors import with_published_products
from cooperatives.models import Cooperative, Fair, Province
from ocop_fair.cache import CatalogueCountPaginator, catalogue_memo
from ocop_fair.page_versions import LISTING, SITEMAP

PAGE_SIZE = 1000


class CatalogueSitemap(Sitemap):
    limit = PAGE_SIZE

    def __init__(self, language: str):
        self.language = language

    @property
    def paginator(self):
        # Each section's COUNT(*) once per catalogue version, as the catalogue's (17 ms for the
        # products at 23,800, asked by the index and by every page).
        return CatalogueCountPaginator(self._items(), self.limit)

    def get_urls(self, *args, **kwargs):
        with translation.override(self.language):  # /… in Vietnamese, /en/… in English
            return super().get_urls(*args, **kwargs)


class ProductSitemap(CatalogueSitemap):
    changefreq = "weekly"

    def items(self):
        return Product.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, product):
        return product.updated_at

    def get_latest_lastmod(self):
        # For the index: one aggregate, not Django's default of reading every product, and once
        # per sitemap version (every product save replaces it: updated_at moves).
        return catalogue_memo(
            "sitemap-products-lastmod",
            lambda: self.items().aggregate(latest=Max("updated_at"))["latest"],
            tags=(LISTING, SITEMAP),
        )


class CooperativeSitemap(CatalogueSitemap):
    changefreq = "monthly"

    def items(self):
        return with_published_products(Cooperative.objects.active()).order_by("pk").only("slug")


class ProvinceSitemap(CatalogueSitemap):
    changefreq = "monthly"

    def items(self):
        return Province.objects.order_by("display_order").only("slug")


class FairSitemap(CatalogueSitemap):
    """Each fair's page, exhibitors, floor plan and programme: past fairs keep theirs."""

    changefreq = "weekly"
    PAGES = (
        "cooperatives:fair-detail",
        "catalog:fair-exhibitors",
        "cooperatives:fair-floor-plan",
        "cooperatives:fair-programme",
    )

    @property
    def paginator(self):
        # A few fairs a year: no count to share. (A save of a fair replaces every page version.)
        return Paginator(self._items(), self.limit)

    def items(self):
        fairs = Fair.objects.order_by("-starts_on", "pk").only("slug")
        return [(fair.slug, name) for fair in fairs for name in self.PAGES]

    def location(self, item):
        slug, name = item
        return reverse(name, kwargs={"slug": slug})


SITEMAPS = {
    f"{section}-{language}": sitemap(language)
    for section, sitemap in (
        ("products", ProductSitemap),
        ("cooperatives", CooperativeSitemap),
        ("provinces", ProvinceSitemap),
        ("fairs", FairSitemap),
    )
    for language, _name in settings.LANGUAGES
}
