"""Enquiry rate limits that fit a fair, counted in the shared cache (Redis in production).

A buyer is recognised by what they send (phone, e-mail, session), not by their address: at the
fair hundreds of buyers share the venue Wi-Fi or a carrier's NAT. The address only has a high
ceiling, against one machine posting with made-up contacts. The figures are in settings.py and
explained in the README.
"""

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache

from ocop_fair.client_ip import client_ip


def _key(*parts: str) -> str:
    # Hashed: e-mail addresses may hold characters a cache key must not, and no contact detail
    # is kept in the cache in clear.
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"enquiry-rate:{digest}"


def _count(key: str) -> int:
    """Add one to the counter of the current window and return it."""
    window = settings.ENQUIRY_RATE_WINDOW_SECONDS
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def enquiry_address_limited(request) -> bool:
    """Count a submission (sent or refused) against the client's address; True over the ceiling."""
    count = _count(_key("address", client_ip(request) or "unknown"))
    return count > settings.ENQUIRY_RATE_LIMIT_PER_ADDRESS


def enquiry_sender_limited(
    request, *, phone: str, email: str, cooperative_ids: Iterable[int]
) -> bool:
    """Count a valid submission against its sender and targets; True once any limit is passed."""
    senders = [("phone", phone), ("email", email.strip().lower())]
    if request.session.session_key:
        senders.append(("session", request.session.session_key))
    senders = [(kind, value) for kind, value in senders if value]
    cooperative_ids = list(cooperative_ids)
    # Every counter is counted, even past the first refusal: a flood is seen on each of them.
    over_sender = [
        _count(_key(kind, value)) > settings.ENQUIRY_RATE_LIMIT for kind, value in senders
    ]
    over_cooperative = [
        _count(_key(kind, value, "cooperative", str(pk)))
        > settings.ENQUIRY_RATE_LIMIT_PER_COOPERATIVE
        for kind, value in senders
        for pk in cooperative_ids
    ]
    return any(over_sender) or any(over_cooperative)
