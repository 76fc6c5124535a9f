"""The call for exhibitors: the public application form and the applicant's private status page."""

from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView

from cooperatives.models import Booth, Fair
from trade.application_forms import ApplicationForm, ProductRowFormSet, applicant_from
from trade.applications import application_create, call_for, status_url
from trade.enquiry_limits import enquiry_address_limited, enquiry_sender_limited
from trade.models import ExhibitorApplication
from trade.views.enquiries import BuyerFormMixin

RATE_LIMITED_MESSAGE = _(
    "Too many applications have been sent in the last few minutes. Please wait a few minutes and "
    "send again."
)


# never_cache: the page carries a CSRF token, so no shared cache may keep it.
@method_decorator(never_cache, name="dispatch")
class ApplicationCreateView(BuyerFormMixin, FormView):
    """A cooperative's application to exhibit, taken only while the call is open."""

    template_name = "applications/application_form.html"
    form_class = ApplicationForm
    closed_template_name = "applications/application_closed.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.fair = get_object_or_404(Fair, slug=kwargs["slug"])
        self.call = call_for(self.fair)

    def dispatch(self, request, *args, **kwargs):
        today = timezone.localdate()
        if self.call is None or not self.call.is_open_on(today):
            context = {
                "fair": self.fair,
                "call": self.call,
                "not_yet": self.call is not None and today < self.call.opens_on,
            }
            return self.response_class(request, self.closed_template_name, context)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form, products = self.get_form(), self.products_formset()
        if enquiry_address_limited(request) or (
            form.is_valid()
            and enquiry_sender_limited(
                request,
                phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"],
                cooperative_ids=[],
            )
        ):
            form.is_valid()
            form.add_error(None, RATE_LIMITED_MESSAGE)
            return self.form_invalid(form, status=429)
        if form.is_valid() and products.is_valid():
            if form.needs_product_pick:
                # A known cooperative: show its catalogue products to tick, then send again.
                return self.render_to_response(self.get_context_data(form=form, pick_step=True))
            return self.form_valid(form)
        return self.form_invalid(form)

    def products_formset(self):
        if not hasattr(self, "_products"):
            if self.request.method == "POST":
                # Distinct numeric ids: a repeated or junk value never counts towards the limit.
                picked = len(
                    {v for v in self.request.POST.getlist("existing_products") if v.isdigit()}
                )
                self._products = ProductRowFormSet(
                    self.request.POST, prefix="products", picked=picked
                )
            else:
                self._products = ProductRowFormSet(prefix="products")
        return self._products

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            fair=self.fair, call=self.call, products=self.products_formset(), **kwargs
        )

    def form_valid(self, form):
        application = application_create(
            fair=self.fair,
            applicant=applicant_from(form, self.products_formset()),
            status_url=lambda app: status_url(self.request, app),
        )
        return redirect(application)


@method_decorator(never_cache, name="dispatch")
class ApplicationStatusView(DetailView):
    """Where an application stands, for whoever holds its private link."""

    template_name = "applications/application_status.html"
    context_object_name = "application"

    def get_object(self, queryset=None):
        return get_object_or_404(
            ExhibitorApplication.objects.select_related("fair", "province").prefetch_related(
                "products__group"
            ),
            token=self.kwargs["token"],
        )

    def get_context_data(self, **kwargs):
        application = self.object
        booths = []
        if (
            application.status == ExhibitorApplication.Status.ACCEPTED
            and application.cooperative_id
        ):
            booths = list(
                Booth.objects.filter(
                    fair=application.fair_id, assignments__cooperative=application.cooperative_id
                )
                .select_related("fair")
                .order_by("code")
            )
        return super().get_context_data(booths=booths, **kwargs)
