from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalog"
    verbose_name = _("Product catalogue")

    def ready(self):
        from catalog import page_tags, signals
        from cooperatives.models import Cooperative, Province

        # Search documents hold these names (catalog.models.Product.search_document); a rename
        # from anywhere (admin, staff portal, import) must reach the products' documents.
        post_save.connect(signals.cooperative_saved, sender=Cooperative)
        post_save.connect(signals.province_saved, sender=Province)
        # Which cached pages each catalogue row appears on (docs/caching.md).
        page_tags.register_all()
