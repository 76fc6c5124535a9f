from django.urls import path

from portal import enquiry_views, photo_views, views

app_name = "portal"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("unlinked/", views.UnlinkedAccountView.as_view(), name="unlinked"),
    path("cooperatives/<slug:slug>/profile/", views.ProfileUpdateView.as_view(), name="profile"),
    path(
        "cooperatives/<slug:slug>/products/",
        views.CooperativeProductsView.as_view(),
        name="product-list",
    ),
    path(
        "cooperatives/<slug:slug>/products/add/",
        views.ProductCreateView.as_view(),
        name="product-add",
    ),
    path("products/<int:pk>/", views.ProductUpdateView.as_view(), name="product-edit"),
    path(
        "products/<int:pk>/visibility/",
        views.ProductVisibilityView.as_view(),
        name="product-visibility",
    ),
    path(
        "products/<int:pk>/photos/", photo_views.ProductPhotosView.as_view(), name="product-photos"
    ),
    path("photos/<int:pk>/", photo_views.PhotoUpdateView.as_view(), name="photo-edit"),
    path("photos/<int:pk>/move/", photo_views.PhotoMoveView.as_view(), name="photo-move"),
    path("photos/<int:pk>/delete/", photo_views.PhotoDeleteView.as_view(), name="photo-delete"),
    # The enquiry inbox: buyers' enquiries to the user's cooperatives.
    path("enquiries/", enquiry_views.EnquiryInboxView.as_view(), name="enquiry-inbox"),
    path("enquiries/export.csv", enquiry_views.EnquiryExportView.as_view(), name="enquiry-export"),
    path(
        "enquiries/<str:reference>/",
        enquiry_views.EnquiryDetailView.as_view(),
        name="enquiry-detail",
    ),
]
