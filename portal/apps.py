from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The cooperative staff's pages: no models of its own, only views over the domain apps."""

    name = "portal"
    verbose_name = _("Cooperative staff portal")
