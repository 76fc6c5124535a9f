from django.urls import path

from cooperatives.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("unlinked/", views.UnlinkedAccountView.as_view(), name="unlinked"),
    path("cooperatives/<slug:slug>/profile/", views.ProfileUpdateView.as_view(), name="profile"),
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
    path("products/<int:pk>/photos/", views.ProductPhotosView.as_view(), name="product-photos"),
    path("photos/<int:pk>/", views.PhotoUpdateView.as_view(), name="photo-edit"),
    path("photos/<int:pk>/move/", views.PhotoMoveView.as_view(), name="photo-move"),
    path("photos/<int:pk>/delete/", views.PhotoDeleteView.as_view(), name="photo-delete"),
]
