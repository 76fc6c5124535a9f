"""The public pages of the fairs: the list of fairs, a fair's page and its programme."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from cooperatives.models import Fair
from cooperatives.selectors import fairs_for_listing, programme_by_day

FAIRS_PER_PAGE = 20


class FairListView(ListView):
    """Every fair, the current one first: past fairs keep their pages."""

    template_name = "cooperatives/fair_list.html"
    context_object_name = "fairs"
    paginate_by = FAIRS_PER_PAGE

    def get_queryset(self):
        return fairs_for_listing()


class FairDetailView(DetailView):
    """A fair: its status, days and hours, venue, and links to its exhibitors, map and programme."""

    template_name = "cooperatives/fair_detail.html"
    context_object_name = "fair"
    model = Fair

    def get_context_data(self, **kwargs):
        fair = self.object
        return super().get_context_data(
            days=list(fair.days.all()),
            exhibitor_count=fair.exhibitors.filter(cooperative__is_active=True).count(),
            programme=programme_by_day(fair=fair),
            **kwargs,
        )


class ProgrammeView(DetailView):
    """A fair's programme, day by day."""

    template_name = "cooperatives/programme.html"
    context_object_name = "fair"

    def get_object(self, queryset=None):
        return get_object_or_404(Fair, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=programme_by_day(fair=self.object), **kwargs)
