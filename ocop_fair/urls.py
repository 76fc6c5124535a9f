import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path, reverse
from django.views.generic import RedirectView, TemplateView

from catalog.sitemaps import SITEMAPS
from ocop_fair import views as project_views
from ocop_fair.login_forms import LoginForm
from ocop_fair.page_versions import LISTING, SITEMAP, view_depends_on
from portal import views as portal_views


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        sitemap_url = self.request.build_absolute_uri("/sitemap.xml")
        return super().get_context_data(sitemap_url=sitemap_url, **kwargs)


class MovedAdminPageView(RedirectView):
    """Admin pages of the enquiries, which moved from the cooperatives app to trade: links in
    organisers' bookmarks and in e-mails sent before the move still open the page."""

    permanent = True

    def get_redirect_url(self, *args, model, rest, **kwargs):
        query = self.request.META.get("QUERY_STRING", "")
        return f"{reverse('admin:index')}trade/{model}/{rest}" + (f"?{query}" if query else "")


# A lost database (OperationalError, InterfaceError) gets the friendly 503 page.
handler500 = "ocop_fair.views.server_error"

urlpatterns = [
    # No language prefix and never cached: load balancers and systemd poll it.
    path("healthz", project_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "sitemap.xml",
        view_depends_on(LISTING, SITEMAP)(sitemaps.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        view_depends_on(LISTING, SITEMAP)(sitemaps.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", RobotsView.as_view(), name="robots"),
]

# Vietnamese at /…, English at /en/…
urlpatterns += i18n_patterns(
    # Before admin/: the organisers' dashboard is an admin page of its own.
    path("admin/dashboard/", include("trade.dashboard_urls")),
    re_path(
        r"^admin/cooperatives/(?P<model>enquiry|enquirynotification)/(?P<rest>.*)$",
        MovedAdminPageView.as_view(),
    ),
    path("admin/", admin.site.urls),
    # Login, logout, password change and reset (templates/registration/, the site's design);
    # after logging in, each role lands on its own pages.
    path(
        "accounts/login/",
        portal_views.RoleLoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    # The cooperative staff's pages (dashboard, profile, products, photos, enquiry inbox).
    path("staff/", include("portal.urls")),
    # The public site; the three apps' paths are disjoint, so their order does not matter.
    path("", include("catalog.urls")),
    path("", include("cooperatives.urls")),
    path("", include("trade.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Development and `make serve` only; in production nginx or object storage serves media.
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", project_views.media_file
        )
    ]
