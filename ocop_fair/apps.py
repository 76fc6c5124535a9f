from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class OcopFairConfig(AppConfig):
    """Project-wide wiring that needs the app registry: the page versions' change signals."""

    name = "ocop_fair"
    verbose_name = "OCOP Fair"

    def ready(self):
        from ocop_fair.page_versions import on_m2m_changed, on_row_changed

        # Each app registers which pages its rows appear on (catalog/page_tags.py…).
        for signal in (post_save, post_delete):
            signal.connect(on_row_changed, dispatch_uid=f"page-versions-{id(signal)}")
        m2m_changed.connect(on_m2m_changed, dispatch_uid="page-versions-m2m")


class AxesConfig(AxesAppConfig):
    """django-axes, named in the admin's menu in the organisers' language (it has no name)."""

    verbose_name = _("Login lockouts")


class OcopAdminConfig(AdminConfig):
    """Installed instead of "django.contrib.admin", so that admin.site is an OcopAdminSite."""

    default_site = "ocop_fair.admin_site.OcopAdminSite"
