"""The cooperative staff's enquiry inbox, mounted at /staff/enquiries/ (ocop_fair/urls.py)."""

from django.urls import path

from cooperatives.views import enquiries

app_name = "enquiries"

urlpatterns = [
    path("", enquiries.EnquiryInboxView.as_view(), name="inbox"),
    path("export.csv", enquiries.EnquiryExportView.as_view(), name="export"),
    path("<str:reference>/", enquiries.EnquiryDetailView.as_view(), name="detail"),
]
