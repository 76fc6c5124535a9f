"""Whole-page cache for anonymous visitors, keyed on a catalogue version that every edit changes.

A cached page is stored under (catalogue version, today's date, language, absolute URL). Any save
or delete of a catalogue or cooperative row, and any successful unsafe request by a signed-in
user (the admin, the staff portal, bulk actions that use QuerySet.update()), replaces the version,
so the very next request renders afresh; the date makes pages roll over at midnight, when an OCOP
certificate may expire without any write. Version and pages live in the cache, so with Redis
(REDIS_URL) several app servers share both.
"""

import hashlib
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.cache import cc_delim_re
from django.utils.functional import cached_property

logger = logging.getLogger(__name__)

VERSION_KEY = "catalogue-version"
# Apps whose rows appear on public pages: a change to any of their models changes the version.
CATALOGUE_APPS = frozenset({"catalog", "cooperatives"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def catalogue_version() -> str:
    """Return the current catalogue version, creating one if the cache has none (or lost it)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh random token never matches a page stored under an older one.
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def catalogue_changed() -> None:
    """Replace the catalogue version now and again when the current transaction commits."""
    _bump_version()
    # A request that rendered the old data before the commit may have stored it under the
    # version just set: the second bump, after commit, makes that page unreachable too.
    transaction.on_commit(_bump_version)


def _bump_version() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:  # the cache server is down: pages are not served from it either
        logger.exception("could not change the catalogue version")


def cache_is_shared() -> bool:
    """True when every process sees one cache (Redis), so a version bump reaches them all."""
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def catalogue_memo(name: str, compute: Callable[[], Any], *, timeout: int = 3600) -> Any:
    """Return compute() as of the current catalogue version, computing it once per version."""
    # With per-process local memory another worker's edit would not reach this process's memo.
    if not cache_is_shared():
        return compute()
    try:
        key = f"memo:{catalogue_version()}:{timezone.localdate().isoformat()}:{name}"
        value = cache.get(key)
    except Exception:  # no cache server: compute every time rather than fail
        logger.warning("catalogue memo unavailable", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout)
        except Exception:
            logger.warning("catalogue memo unavailable", exc_info=True)
    return value


def catalogue_count(queryset: QuerySet) -> int:
    """queryset.count(), computed once per catalogue version for each distinct query."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a condition that can match nothing, e.g. pk__in=[]
        return 0
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    return catalogue_memo(f"count:{digest}", queryset.count)


class CatalogueCountPaginator(Paginator):
    """A Paginator whose COUNT(*) is computed once per catalogue version and filter."""

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        return catalogue_count(self.object_list)


def on_catalogue_row_changed(sender, **kwargs) -> None:
    """Signal receiver (post_save, post_delete, m2m_changed) for catalogue models."""
    if sender._meta.app_label in CATALOGUE_APPS:
        catalogue_changed()


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for cookie-less GET/HEAD requests (PAGE_CACHE_SECONDS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self._request_is_shareable(request):
            response = self.get_response(request)
            self._note_edit(request, response)
            return response
        key = self._page_key(request)
        cached = self._cache_call(cache.get, key) if key else None
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if key and request.method == "GET" and self._response_is_shareable(request, response):
            self._cache_call(cache.set, key, response, seconds)
            response["X-Page-Cache"] = "miss"
        return response

    def _request_is_shareable(self, request) -> bool:
        # Without a session cookie the visitor is anonymous and has no shortlist or messages.
        # The CSRF and language cookies do not change what a page shows.
        harmless = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
        return request.method in ("GET", "HEAD") and set(request.COOKIES) <= harmless

    @staticmethod
    def _response_is_shareable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        # A page carrying a CSRF token is personal (the token pairs with the visitor's cookie).
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        directives = {
            d.split("=")[0].strip().lower()
            for d in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        return not directives & {"private", "no-store", "no-cache"}

    def _page_key(self, request) -> str | None:
        version = self._cache_call(catalogue_version)
        if version is None:
            return None
        today = timezone.localdate().isoformat()
        url = request.build_absolute_uri()
        digest = hashlib.sha256(url.encode()).hexdigest()
        return f"page:{version}:{today}:{request.LANGUAGE_CODE}:{digest}"

    @staticmethod
    def _note_edit(request, response) -> None:
        # Admin actions and imports may write with QuerySet.update(), which sends no signal.
        if (
            request.method in UNSAFE_METHODS
            and response.status_code < 400
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            catalogue_changed()

    @staticmethod
    def _cache_call(function, *args):
        # The page cache is an optimisation: if Redis is unreachable, render every page instead.
        try:
            return function(*args)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
            return None
