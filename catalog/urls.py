from django.urls import path

from catalog import views, views_fairs, views_signs

app_name = "catalog"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("products/", views.ProductListView.as_view(), name="product-list"),
    path("products/<slug:slug>/", views.ProductDetailView.as_view(), name="product-detail"),
    path(
        "cooperatives/<slug:slug>/",
        views.CooperativeDetailView.as_view(),
        name="cooperative-detail",
    ),
    path("provinces/<slug:slug>/", views.ProvinceDetailView.as_view(), name="province-detail"),
    path(
        "fairs/<slug:slug>/exhibitors/",
        views_fairs.FairExhibitorListView.as_view(),
        name="fair-exhibitors",
    ),
    # Printable A4 signs for a fair's booths: the cooperative, its products and valid stars.
    path("fairs/<slug:slug>/signs/", views_signs.BoothSignsView.as_view(), name="booth-signs"),
]
