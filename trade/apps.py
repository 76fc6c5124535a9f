from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _call_changed(sender, **kwargs) -> None:
    from ocop_fair import page_versions

    # The fair and home pages show "apply for a booth" while a call is open: rare edits, so
    # every cached page renders afresh rather than tracking which pages show the link.
    page_versions.bump_all()


class TradeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trade"
    verbose_name = _("Trade connection")

    def ready(self):
        from trade.models import CallForExhibitors

        post_save.connect(_call_changed, sender=CallForExhibitors, dispatch_uid="call-changed")
        post_delete.connect(_call_changed, sender=CallForExhibitors, dispatch_uid="call-deleted")
