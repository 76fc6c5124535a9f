from django.contrib import messages
from django.core.paginator import InvalidPage
from django.http import Http404
from django.views.generic import DetailView, ListView, TemplateView

from catalog import selectors
from catalog.filters import ProductFilter
from catalog.models import Product
from catalog.structured_data import product_json_ld
from cooperatives.floor_plan import mini_map
from cooperatives.models import Province
from cooperatives.selectors import current_fair_of
from ocop_fair import page_versions
from ocop_fair.cache import CatalogueCountPaginator, catalogue_memo
from ocop_fair.page_versions import LISTING, SEARCH, depends_on

PAGE_SIZE = 24
PRODUCERS_PER_PAGE = 60


class HomeView(TemplateView):
    template_name = "catalog/home.html"

    def get_context_data(self, **kwargs):
        fair = current_fair_of(self.request)
        depends_on(self.request, LISTING)
        return super().get_context_data(
            # The page leads with the current fair: its status, days and hours, venue.
            fair=fair,
            fair_days=list(fair.days.all()) if fair else [],
            # Counts over every product: computed once per catalogue version (docs/benchmarks.md).
            provinces=catalogue_memo(
                "home-provinces", lambda: list(selectors.provinces_with_counts())
            ),
            groups=catalogue_memo("home-groups", selectors.top_groups_with_products),
            featured=selectors.featured_products(),
            **kwargs,
        )


class ProductListView(ListView):
    template_name = "catalog/product_list.html"
    context_object_name = "products"
    paginate_by = PAGE_SIZE
    # COUNT(*) over every matching product, once per catalogue version (docs/benchmarks.md).
    paginator_class = CatalogueCountPaginator

    def get_queryset(self):
        depends_on(self.request, LISTING)
        if self.request.GET.get("q"):  # results found by their summaries too
            depends_on(self.request, SEARCH)
        # Only the page's products are loaded as cards (paginate_queryset).
        self.filterset = ProductFilter(
            self.request.GET,
            queryset=Product.objects.published(),
            fair=current_fair_of(self.request),
        )
        queryset = self.filterset.qs
        for warning in self.filterset.ignored_filter_messages():
            messages.warning(self.request, warning)
        return queryset

    def paginate_queryset(self, queryset, page_size):
        try:
            paginator, page, _, is_paginated = super().paginate_queryset(queryset, page_size)
        except InvalidPage as error:  # a non-number page is a 404 too, never a 500
            raise Http404(str(error)) from error
        page.object_list = selectors.cards_by_key(page.object_list)
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        return super().get_context_data(filterset=self.filterset, **kwargs)


class ProductDetailView(DetailView):
    template_name = "catalog/product_detail.html"
    context_object_name = "product"

    def get_queryset(self):
        return selectors.product_detail_queryset()

    def get_context_data(self, **kwargs):
        product = self.object
        # Its cooperative's tag covers the cooperative's name, booths, shop links and the cards
        # of the other products shown beside it.
        depends_on(
            self.request,
            page_versions.product(product.pk),
            page_versions.cooperative(product.cooperative_id),
        )
        images = selectors.product_gallery(product)
        pack_options = list(product.pack_options.all())
        certifications = list(product.certifications.all())
        # The award the page leads with: the latest one with stars, else the latest recognition.
        award = next((c for c in certifications if c.stars), None) or next(
            iter(certifications), None
        )
        return super().get_context_data(
            images=images,
            award=award,
            earlier_awards=[c for c in certifications if c is not award],
            pack_options=pack_options,
            shop_links=selectors.shop_links_of(product.cooperative),
            booths=selectors.current_booths(product.cooperative),
            other_products=selectors.other_products(product),
            json_ld=product_json_ld(
                product=product, images=images, pack_options=pack_options, request=self.request
            ),
            **kwargs,
        )


class CooperativeDetailView(DetailView):
    template_name = "catalog/cooperative_detail.html"
    context_object_name = "cooperative"

    def get_queryset(self):
        return selectors.cooperative_detail_queryset()

    def get_context_data(self, **kwargs):
        cooperative = self.object
        depends_on(self.request, page_versions.cooperative(cooperative.pk))
        products = selectors.cooperative_products(cooperative)
        booths = selectors.current_booths(cooperative)
        booth_map = None
        if booths:
            fair = booths[0].booth.fair
            codes = [a.booth.code for a in booths if a.booth.fair_id == fair.pk]
            booth_map = mini_map(fair, codes)
        return super().get_context_data(
            products=products,
            booths=booths,
            booth_map=booth_map,
            **kwargs,
        )


class ProvinceDetailView(DetailView):
    template_name = "catalog/province_detail.html"
    context_object_name = "province"
    model = Province

    def get_context_data(self, **kwargs):
        province = self.object
        depends_on(self.request, LISTING)
        products = selectors.best_products_of(province, PAGE_SIZE)
        # A province of a national fair has hundreds of producers: a page of them at a time.
        producers = CatalogueCountPaginator(selectors.producers_of(province), PRODUCERS_PER_PAGE)
        try:
            producers_page = producers.page(self.request.GET.get("page") or 1)
        except InvalidPage as error:  # a non-number page is a 404 too, never a 500
            raise Http404(str(error)) from error
        producers_page.object_list = selectors.with_product_counts(producers_page.object_list)
        return super().get_context_data(
            products=products,
            producers_page=producers_page,
            fair=current_fair_of(self.request),  # the province note says which names it used
            **kwargs,
        )
