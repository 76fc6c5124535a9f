from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cooperatives"
    verbose_name = _("Cooperatives and fairs")
