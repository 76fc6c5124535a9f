"""The fairs taking exhibitors' applications today, for the "apply for a booth" links on the fair
and home pages (templates/cooperatives/includes/_fair_links.html). Those pages belong to lower
apps that cannot import trade/, so the link's condition reaches them through the context."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from trade.models import CallForExhibitors


def _fairs_taking_applications() -> frozenset[int]:
    today = timezone.localdate()
    return frozenset(
        CallForExhibitors.objects.filter(opens_on__lte=today, closes_on__gte=today).values_list(
            "fair_id", flat=True
        )
    )


def open_calls_context(request) -> dict:
    # Lazy: only a page showing a fair's links pays its one query. Cached pages stay correct as
    # days pass because the page cache is keyed on today's date (ocop_fair/cache.py), and a
    # call's edit replaces every page version (trade/apps.py).
    return {"fairs_taking_applications": SimpleLazyObject(_fairs_taking_applications)}
