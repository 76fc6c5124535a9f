from django.urls import path

from catalog import views, views_shortlist

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
    path("shortlist/", views_shortlist.ShortlistView.as_view(), name="shortlist"),
    path("shortlist/toggle/", views_shortlist.shortlist_toggle, name="shortlist-toggle"),
    path(
        "shortlist/shared/", views_shortlist.SharedShortlistView.as_view(), name="shortlist-shared"
    ),
    path("shortlist/keep/", views_shortlist.shortlist_keep, name="shortlist-keep"),
    path(
        "shortlist/enquiry/",
        views_shortlist.WholesaleEnquiryView.as_view(),
        name="shortlist-enquiry",
    ),
]
