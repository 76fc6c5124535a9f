"""The visitor's address, derived once from the trusted proxies in front of the app.

Every use goes through client_ip(): the enquiry limits, django-axes (AXES_CLIENT_IP_CALLABLE)
and the log lines. With TRUSTED_PROXY_COUNT = N proxies (OCOP_TRUSTED_PROXY_COUNT), each one appending the address it
saw to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for), the client is the N-th address
from the right of the chain "X-Forwarded-For, REMOTE_ADDR": whatever a client writes into the
header itself ends up further left and is never read.
"""

from django.conf import settings
from ipware import get_client_ip

# Where the result is kept on the request, so the chain is read once per request.
_ATTRIBUTE = "_ocop_client_ip"


def client_ip(request) -> str:
    """Return the client's address as our own proxies saw it ("unknown" if there is none)."""
    cached = getattr(request, _ATTRIBUTE, None)
    if cached is None:
        cached = _derive(request)
        setattr(request, _ATTRIBUTE, cached)
    return cached


def _derive(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies == 0:
        # Nobody in front: a client's X-Forwarded-For is its own invention.
        return remote or "unknown"
    # REMOTE_ADDR is the last proxy; the header holds the client then the N - 1 proxies before
    # it. Not strict: extra (forged) entries on the left are allowed and skipped, and so are
    # tokens that are not addresses.
    address, _routable = get_client_ip(
        request,
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    # No usable header: the request did not come through the proxies (a health check on the
    # machine itself); its own address is the best there is.
    return address or remote or "unknown"
