"""Buyers' pages: an enquiry to a cooperative, the shortlist with its wholesale enquiry;
cooperatives' applications to exhibit at a fair."""

from django.urls import path

from trade.views import applications, enquiries, shortlist

app_name = "trade"

urlpatterns = [
    # The form's field names are documented in trade/enquiry_forms.py.
    path(
        "cooperatives/<slug:slug>/contact/",
        enquiries.EnquiryCreateView.as_view(),
        name="enquiry-create",
    ),
    path(
        "enquiries/sent/<str:reference>/", enquiries.EnquirySentView.as_view(), name="enquiry-sent"
    ),
    path(
        "fairs/<slug:slug>/apply/",
        applications.ApplicationCreateView.as_view(),
        name="application-create",
    ),
    path(
        "fairs/applications/<str:token>/",
        applications.ApplicationStatusView.as_view(),
        name="application-status",
    ),
    path("shortlist/", shortlist.ShortlistView.as_view(), name="shortlist"),
    path("shortlist/toggle/", shortlist.shortlist_toggle, name="shortlist-toggle"),
    path("shortlist/shared/", shortlist.SharedShortlistView.as_view(), name="shortlist-shared"),
    path("shortlist/keep/", shortlist.shortlist_keep, name="shortlist-keep"),
    path("shortlist/enquiry/", shortlist.WholesaleEnquiryView.as_view(), name="shortlist-enquiry"),
]
