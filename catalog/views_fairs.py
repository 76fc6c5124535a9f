"""A fair's public exhibitor list (catalog: its filters need the products)."""

from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from catalog.fair_exhibitors import fair_exhibitors_filtered
from cooperatives.models import Fair
from cooperatives.selectors import with_fair_booths

EXHIBITORS_PER_PAGE = 60


class FairExhibitorListView(ListView):
    """A fair's exhibitors A–Z with their booths, by province and product group."""

    template_name = "catalog/fair_exhibitors.html"
    context_object_name = "exhibitors"
    paginate_by = EXHIBITORS_PER_PAGE

    def get_queryset(self):
        self.fair = get_object_or_404(Fair, slug=self.kwargs["slug"])
        queryset, self.form = fair_exhibitors_filtered(fair=self.fair, data=self.request.GET)
        return queryset

    def paginate_queryset(self, queryset, page_size):
        try:
            paginator, page, _, is_paginated = super().paginate_queryset(queryset, page_size)
        except InvalidPage as error:  # a non-number page is a 404 too, never a 500
            raise Http404(str(error)) from error
        page.object_list = with_fair_booths(page.object_list, fair=self.fair)
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        return super().get_context_data(fair=self.fair, form=self.form, **kwargs)
