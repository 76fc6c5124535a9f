"""Buyers' enquiries: the public form and confirmation, and the cooperative staff's inbox."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from catalog.models import Product
from cooperatives.enquiries import (
    ENQUIRY_CSV_FIELDS,
    enquiry_create,
    enquiry_deliveries,
    enquiry_route,
    enquiry_set_status,
)
from cooperatives.enquiry_forms import EnquiryFilterForm, EnquiryForm, EnquiryStatusForm
from cooperatives.enquiry_limits import enquiry_address_limited, enquiry_sender_limited
from cooperatives.models import Cooperative, Enquiry
from ocop_fair.admin_csv import csv_columns, csv_download
from ocop_fair.guards import parse_id

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
        return redirect("cooperatives:enquiry-sent", reference=enquiry.reference)


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


# --- Staff inbox -----------------------------------------------------------------------------


class CooperativeStaffMixin(LoginRequiredMixin):
    """Logged-in staff of at least one cooperative; others are refused (403)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.cooperatives = Cooperative.objects.editable_by(request.user)
            if not self.cooperatives.exists():
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def filter_form(self):
        return EnquiryFilterForm(
            self.request.GET or None,
            cooperatives=self.cooperatives.order_by("name_sort"),
        )

    def enquiries(self):
        # Isolation is in the queryset: another cooperative's enquiry is simply not found.
        return Enquiry.objects.for_user(self.request.user).select_related("cooperative")


class EnquiryInboxView(CooperativeStaffMixin, ListView):
    template_name = "enquiries/inbox.html"
    context_object_name = "enquiries"
    paginate_by = 25

    def get_queryset(self):
        self.form = self.filter_form()
        return self.form.filter(self.enquiries().prefetch_related("products"))

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(filter_form=self.form, query=query.urlencode(), **kwargs)


class EnquiryDetailView(CooperativeStaffMixin, DetailView):
    template_name = "enquiries/detail.html"
    context_object_name = "enquiry"
    slug_field = slug_url_kwarg = "reference"

    def get_queryset(self):
        return self.enquiries().prefetch_related("products")

    def get_context_data(self, **kwargs):
        form = kwargs.pop("status_form", None) or EnquiryStatusForm(
            initial={"status": self.object.status}
        )
        return super().get_context_data(status_form=form, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = EnquiryStatusForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(status_form=form), status=400)
        enquiry_set_status(enquiry=self.object, status=form.cleaned_data["status"])
        messages.success(request, gettext("The status has been saved."))
        return redirect(self.object.get_absolute_url())


class EnquiryExportView(CooperativeStaffMixin, View):
    """The inbox as it is filtered, as a CSV file Excel opens as UTF-8."""

    def get(self, request, *args, **kwargs):
        columns = csv_columns(Enquiry, ENQUIRY_CSV_FIELDS)
        rows = self.filter_form().filter(self.enquiries()).values_list(*(c[0] for c in columns))
        # Times in the fair's time zone, as staff read them, not UTC.
        created = [path for path, _h, _f in columns].index("created_at")
        rows = (
            (
                *row[:created],
                timezone.localtime(row[created]).strftime("%d/%m/%Y %H:%M"),
                *row[created + 1 :],
            )
            for row in rows
        )
        return csv_download(f"enquiries-{timezone.localdate():%Y-%m-%d}.csv", columns, rows)
