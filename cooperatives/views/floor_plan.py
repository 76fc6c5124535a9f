from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from cooperatives.floor_plan import floor_plan
from cooperatives.models import Booth, Fair
from cooperatives.selectors import current_fair
from ocop_fair.page_versions import FAIR, depends_on

# Booths found by a search listed above the map; the others are marked on it and in its list.
RESULTS_LISTED = 20


class FloorPlanView(TemplateView):
    """The fair's floor plan: an SVG map drawn on the server, its entrance, stage and other spaces,
    a list of booths by zone, and a booth search that works without JavaScript (?find=; not ?q=,
    which the header's product search would show back)."""

    template_name = "cooperatives/floor_plan.html"

    def get_fair(self) -> Fair:
        if "slug" in self.kwargs:
            return get_object_or_404(Fair, slug=self.kwargs["slug"])
        fair = current_fair()
        if fair is None:
            raise Http404("No current fair.")
        return fair

    def get_context_data(self, **kwargs):
        depends_on(self.request, FAIR)
        highlight = self.request.GET.get("booth", "")[: Booth.CODE_MAX_LENGTH].strip()
        query = self.request.GET.get("find", "")
        plan = floor_plan(self.get_fair(), highlight=highlight, query=query, with_spaces=True)
        shown = plan.matches[:RESULTS_LISTED]
        return super().get_context_data(
            plan=plan,
            fair=plan.fair,
            highlight=highlight,
            matches_shown=shown,
            matches_more=len(plan.matches) - len(shown),
            **kwargs,
        )
