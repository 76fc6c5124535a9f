"""The visitor's address, derived once from the trusted proxies in front of the app.

Every use goes through client_ip(): the enquiry limits, django-axes (AXES_CLIENT_IP_CALLABLE)
and the log lines. With N proxies in front (OCOP_TRUSTED_PROXY_COUNT), each one appending the
address it saw to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for), the client is the N-th
address from the right of the chain "X-Forwarded-For, REMOTE_ADDR": whatever a client writes
into the header itself ends up further left and is never read.
"""

import ipaddress

from django.conf import settings
from ipware import get_client_ip

# Where the result is kept on the request, so the chain is read once per request.
_ATTRIBUTE = "_ocop_client_ip"


def client_ip(request) -> str | None:
    """Return the client's address as our own proxies saw it, or None when there is none."""
    if not hasattr(request, _ATTRIBUTE):
        setattr(request, _ATTRIBUTE, _derive(request))
    return getattr(request, _ATTRIBUTE)


def _address(value: str) -> str | None:
    # django-axes stores it in a GenericIPAddressField: PostgreSQL's inet refuses anything else
    # (a request built in a test, a Unix socket's empty REMOTE_ADDR).
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _derive(request) -> str | None:
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies == 0:
        # Nobody in front: a client's X-Forwarded-For is its own invention.
        return remote
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
    return address or remote
