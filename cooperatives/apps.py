from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperativesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cooperatives"
    verbose_name = _("Cooperatives and fairs")

    def ready(self):
        from cooperatives import page_tags

        # Which cached pages each cooperative-side row appears on (docs/caching.md).
        page_tags.register_all()
