import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from catalog.sitemaps import SITEMAPS
from cooperatives.portal import views as portal_views
from ocop_fair import views as project_views
from ocop_fair.login_forms import LoginForm


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        sitemap_url = self.request.build_absolute_uri("/sitemap.xml")
        return super().get_context_data(sitemap_url=sitemap_url, **kwargs)


# A lost database (OperationalError, InterfaceError) gets the friendly 503 page.
handler500 = "ocop_fair.views.server_error"

urlpatterns = [
    # No language prefix and never cached: load balancers and systemd poll it.
    path("healthz", project_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
]

# Vietnamese at /…, English at /en/…
urlpatterns += i18n_patterns(
    # Before admin/: the organisers' dashboard is an admin page of its own.
    path("admin/dashboard/", include("cooperatives.dashboard_urls")),
    path("admin/", admin.site.urls),
    # Login, logout, password change and reset (templates/registration/, the site's design);
    # after logging in, each role lands on its own pages.
    path(
        "accounts/login/",
        portal_views.RoleLoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    # Before the staff portal's staff/: the enquiry inbox of cooperative staff.
    path("staff/enquiries/", include("cooperatives.enquiry_urls")),
    # The cooperative staff portal (dashboard, profile, products, photos).
    path("staff/", include("cooperatives.portal.urls")),
    path("", include("catalog.urls")),
    path("", include("cooperatives.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Development and `make serve` only; in production nginx or object storage serves media.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", project_views.media_file
        )
    ]
