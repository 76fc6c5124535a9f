from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class OcopFairConfig(AppConfig):
    """Project-wide wiring that needs the app registry: the page cache's change signals."""

    name = "ocop_fair"
    verbose_name = "OCOP Fair"

    def ready(self):
        from ocop_fair.cache import on_catalogue_row_changed

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(on_catalogue_row_changed, dispatch_uid=f"page-cache-{id(signal)}")


class AxesConfig(AxesAppConfig):
    """django-axes, named in the admin's menu in the organisers' language (it has no name)."""

    verbose_name = _("Login lockouts")


class OcopAdminConfig(AdminConfig):
    """Installed instead of "django.contrib.admin", so that admin.site is an OcopAdminSite."""

    default_site = "ocop_fair.admin_site.OcopAdminSite"
