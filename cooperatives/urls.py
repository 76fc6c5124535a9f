from django.urls import path

from cooperatives.views import booths, enquiries, exports, floor_plan, qr, signs

app_name = "cooperatives"

urlpatterns = [
    path("floor-plan/", floor_plan.FloorPlanView.as_view(), name="floor-plan"),
    path(
        "fairs/<slug:slug>/floor-plan/",
        floor_plan.FloorPlanView.as_view(),
        name="fair-floor-plan",
    ),
    path("fairs/<slug:slug>/booths/<str:code>/", booths.booth_redirect, name="booth"),
    # QR codes: fmt is "svg" or "png" (anything else is a 404).
    path("qr/cooperatives/<slug:slug>.<str:fmt>", qr.cooperative_qr, name="cooperative-qr"),
    path("fairs/<slug:slug>/booths/<str:code>/qr.<str:fmt>", qr.booth_qr, name="booth-qr"),
    path("fairs/<slug:slug>/signs/", signs.BoothSignsView.as_view(), name="booth-signs"),
    path(
        "fairs/<slug:slug>/assignments.csv",
        exports.fair_assignments_csv,
        name="fair-assignments-csv",
    ),
    path("fairs/<slug:slug>/directory/", exports.fair_directory, name="fair-directory"),
    # Buyers' enquiries; the form's field names are documented in cooperatives/enquiry_forms.py.
    path(
        "cooperatives/<slug:slug>/contact/",
        enquiries.EnquiryCreateView.as_view(),
        name="enquiry-create",
    ),
    path(
        "enquiries/sent/<str:reference>/",
        enquiries.EnquirySentView.as_view(),
        name="enquiry-sent",
    ),
]
