"""Guards against hostile requests: NUL bytes refused, ids read strictly, private pages marked.

PostgreSQL refuses text containing NUL, so such a value reaching a query is a 500; no URL,
query, cookie or header of this site ever needs one. Ids come from URLs and forms as text:
str.isdigit() accepts "²" and "①", which int() refuses, so they are read here, once.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.cache import cc_delim_re, patch_cache_control
from django.utils.translation import gettext

# 18 ASCII digits always fit a bigint (2**63 - 1 has 19 digits).
MAX_ID_DIGITS = 18


def parse_id(value) -> int | None:
    """Return value as a positive id when it is 1 to 18 ASCII digits, None otherwise."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ID_DIGITS:
        return None
    if not (value.isascii() and value.isdigit()):
        return None
    return int(value) or None


def _has_nul(request) -> bool:
    if "\x00" in request.path_info:
        return True
    if any("\x00" in key or "\x00" in value for key, value in request.COOKIES.items()):
        return True
    if any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
    ):
        return True
    return any(
        key.startswith("HTTP_") and "\x00" in str(value) for key, value in request.META.items()
    )


class RefuseNulMiddleware:
    """Answer 400 to any request whose path, query, cookies or headers contain a NUL byte."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            # Plain text, rendered without the session or the database (the cookie may be the NUL).
            return HttpResponseBadRequest(
                gettext("This address is not valid."), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Mark "Cache-Control: private, no-store" every response that is personal.

    Personal: it carries a CSRF token (paired with this visitor's cookie), or it was made for a
    signed-in user, unless the view declared it public (QR codes, the same for everyone).
    Installed outside the anonymous page cache, which already refuses both kinds of page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or (
            self._signed_in(request) and not self._declared_public(response)
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _signed_in(request) -> bool:
        # Without a session cookie nobody is signed in: no need to load a session to know it.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated

    @staticmethod
    def _declared_public(response) -> bool:
        directives = cc_delim_re.split(response.get("Cache-Control", ""))
        return "public" in {d.split("=")[0].strip().lower() for d in directives}
