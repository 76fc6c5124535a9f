from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.views.generic import TemplateView

from catalog.signs import booth_signs
from cooperatives.models import Booth, Fair


class BoothSignsView(PermissionRequiredMixin, TemplateView):
    """Organisers print a fair's booth signs (A5, one per booth) or, with ?booth=A1, one sign."""

    template_name = "cooperatives/booth_signs.html"
    # Anonymous visitors go to the admin's login; signed-in users without the right get a 403.
    permission_required = "cooperatives.view_booth"
    login_url = reverse_lazy("admin:login")

    def get_context_data(self, **kwargs):
        fair = get_object_or_404(Fair, slug=self.kwargs["slug"])
        code = self.request.GET.get("booth", "")[: Booth.CODE_MAX_LENGTH].strip()
        signs = booth_signs(fair, code=code)
        if code and not signs:
            raise Http404("No such booth at this fair.")
        return super().get_context_data(fair=fair, signs=signs, booth_code=code, **kwargs)
