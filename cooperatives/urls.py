from django.urls import path

from cooperatives.views import booths, exports, fairs, floor_plan, qr

app_name = "cooperatives"

urlpatterns = [
    path("fairs/", fairs.FairListView.as_view(), name="fair-list"),
    path("fairs/<slug:slug>/", fairs.FairDetailView.as_view(), name="fair-detail"),
    path("fairs/<slug:slug>/programme/", fairs.ProgrammeView.as_view(), name="fair-programme"),
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
    path(
        "fairs/<slug:slug>/assignments.csv",
        exports.fair_assignments_csv,
        name="fair-assignments-csv",
    ),
    path("fairs/<slug:slug>/directory/", exports.fair_directory, name="fair-directory"),
]
