"""The current fair for the site's header, read only when a template uses it."""

from django.utils.functional import SimpleLazyObject

from cooperatives.selectors import current_fair_of


def current_fair_context(request) -> dict:
    # Lazy: a page that never shows the header (a CSV, a QR code) costs no query.
    return {"header_fair": SimpleLazyObject(lambda: current_fair_of(request))}
