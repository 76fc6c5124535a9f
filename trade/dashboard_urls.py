"""The organisers' dashboard, mounted at /admin/dashboard/ before the admin site (ocop_fair/urls.py)."""

from django.urls import path

from trade.views.dashboard import dashboard_view

app_name = "dashboard"

urlpatterns = [path("", dashboard_view, name="index")]
