"""The cooperative staff's enquiry inbox: list, detail with status, CSV export (/staff/enquiries/)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.views.generic import DetailView, ListView, View

from cooperatives.models import Cooperative
from ocop_fair.admin_csv import csv_columns, csv_download
from trade.enquiries import ENQUIRY_CSV_FIELDS, enquiry_set_status
from trade.enquiry_forms import EnquiryFilterForm, EnquiryStatusForm
from trade.models import Enquiry


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
