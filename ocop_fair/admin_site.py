"""The project's admin site: Django's, with a bounded login and every admin hardened against odd ids."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ocop_fair.admin_mixins import OddIdsMixin
from ocop_fair.login_forms import AdminLoginForm


class OcopAdminSite(admin.AdminSite):
    site_header = _("OCOP Fair administration")
    site_title = _("OCOP Fair admin")
    index_title = _("Fair and catalogue management")
    # The username bounded as the model bounds it (ocop_fair/login_forms.py).
    login_form = AdminLoginForm

    def register(self, model_or_iterable, admin_class=None, **options):
        # Third-party admins (auth, axes) get the mixin too, without each being re-registered.
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, OddIdsMixin):
            admin_class = type(admin_class.__name__, (OddIdsMixin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)
