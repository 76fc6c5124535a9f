from django.urls import path

from catalog import views

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
]
