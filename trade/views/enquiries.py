"""Buyers' enquiries: the public form and its confirmation."""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from catalog.models import Product
from cooperatives.models import Cooperative
from ocop_fair.guards import parse_id
from trade.enquiries import (
    enquiry_create,
    enquiry_deliveries,
    enquiry_route,
)
from trade.enquiry_forms import EnquiryForm
from trade.enquiry_limits import enquiry_address_limited, enquiry_sender_limited
from trade.models import Enquiry

RATE_LIMITED_MESSAGE = _(
    "Too many enquiries have been sent in the last few minutes. Please wait a few minutes and "
    "send again, or call the cooperative directly."
)


class BuyerFormMixin:
    """Spam checks shared by the single and the wholesale enquiry forms."""

    form_class = EnquiryForm

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        # The address ceiling counts every post; the sender limits only those that name one.
        if enquiry_address_limited(request) or (
            form.is_valid()
            and enquiry_sender_limited(
                request,
                phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"],
                cooperative_ids=self.target_cooperative_ids(),
            )
        ):
            form.is_valid()
            form.add_error(None, RATE_LIMITED_MESSAGE)
            return self.form_invalid(form, status=429)
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def target_cooperative_ids(self) -> list[int]:
        """The cooperatives this enquiry reaches, each counted by the per-cooperative limit."""
        raise NotImplementedError

    def form_invalid(self, form, status=200):
        # What the buyer typed is kept; only the hidden time stamp is renewed.
        form.refresh_started()
        return self.render_to_response(self.get_context_data(form=form), status=status)


# never_cache: the page carries a CSRF token, so no shared cache may keep it.
@method_decorator(never_cache, name="dispatch")
class EnquiryCreateView(BuyerFormMixin, FormView):
    """A buyer's enquiry to one cooperative, optionally about one of its products."""

    template_name = "enquiries/enquiry_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.cooperative = get_object_or_404(
            Cooperative.objects.active().select_related("province"), slug=kwargs["slug"]
        )
        product_id = parse_id(request.GET.get("product"))
        self.product = (
            Product.objects.published().filter(cooperative=self.cooperative, pk=product_id).first()
            if product_id is not None
            else None
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cooperative=self.cooperative,
            product=self.product,
            route=enquiry_route(self.cooperative),
            **kwargs,
        )

    def target_cooperative_ids(self) -> list[int]:
        return [self.cooperative.pk]

    def form_valid(self, form):
        enquiry = enquiry_create(
            cooperative=self.cooperative,
            products=[self.product] if self.product else [],
            buyer=form.buyer(),
        )
        return redirect("trade:enquiry-sent", reference=enquiry.reference)


@method_decorator(never_cache, name="dispatch")
class EnquirySentView(TemplateView):
    """The buyer's confirmation: the reference to quote, and who will answer."""

    template_name = "enquiries/enquiry_sent.html"

    def get_context_data(self, **kwargs):
        reference = kwargs.pop("reference").upper()
        enquiries = list(
            Enquiry.objects.filter(Q(reference=reference) | Q(batch_reference=reference))
            .select_related("cooperative")
            .prefetch_related("notifications")
            .order_by("cooperative__name_sort")
        )
        if not enquiries:
            raise Http404("No such enquiry.")
        deliveries = enquiry_deliveries(enquiries)
        organisers = {
            "phone": settings.OCOP_ORGANISERS_PHONE,
            "email": settings.OCOP_ORGANISERS_EMAIL,
        }
        # The reference is worth quoting only to someone the buyer can actually reach.
        reachable = any(organisers.values()) or any(
            e.cooperative.phone or e.cooperative.email for e in enquiries
        )
        return super().get_context_data(
            reference=reference,
            deliveries=deliveries,
            anyone_notified=any(d.reached_anyone for d in deliveries),
            organisers=organisers if any(organisers.values()) else None,
            reachable=reachable,
            **kwargs,
        )
