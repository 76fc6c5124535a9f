"""The project's admin site: Django's, with every registered admin hardened against odd ids."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from ocop_fair.admin_mixins import OddIdsMixin


class OcopAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        # Third-party admins (auth, axes) get the mixin too, without each being re-registered.
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, OddIdsMixin):
            admin_class = type(admin_class.__name__, (OddIdsMixin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)


class OcopAdminConfig(AdminConfig):
    """Installed instead of "django.contrib.admin", so that admin.site is an OcopAdminSite."""

    default_site = "ocop_fair.admin_site.OcopAdminSite"
