"""Whole-page cache for anonymous visitors, fresh after every edit of what a page shows.

A page is stored under (today's date, language, absolute URL) with the tags it depends on and
their versions when it began to render (ocop_fair/page_versions.py, docs/caching.md); it is
served while those versions are still current, so an edit re-renders exactly the pages that
show it. The date makes pages roll over at midnight, when an OCOP certificate may expire
without any write. Versions and pages live in the cache, so with Redis (REDIS_URL) several app
servers share both.
"""

import hashlib
import logging
from collections.abc import Callable
from time import sleep
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.cache import cc_delim_re
from django.utils.functional import cached_property

from ocop_fair import page_versions

logger = logging.getLogger(__name__)

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The tags of a URL are kept longer than its page: they are what makes a page storable.
TAGS_SECONDS = 24 * 3600
# One render per page and version: the first miss takes a lock for RENDER_LOCK_SECONDS, the
# others look for its page every RENDER_POLL_SECONDS meanwhile, then render anyway.
RENDER_LOCK_SECONDS = 3
RENDER_POLL_SECONDS = 0.02


def catalogue_changed() -> None:
    """Make every cached page and memo stale (a bulk load that bypasses the models' signals)."""
    page_versions.bump_all()


def cache_is_shared() -> bool:
    """True when every process sees one cache (Redis), so a version bump reaches them all."""
    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def catalogue_memo(
    name: str,
    compute: Callable[[], Any],
    *,
    timeout: int = 3600,
    tags: tuple[str, ...] = (page_versions.LISTING,),
) -> Any:
    """Return compute() as of the current listing, computing it once per version of tags."""
    # With per-process local memory another worker's edit would not reach this process's memo.
    if not cache_is_shared():
        return compute()
    try:
        current = page_versions.versions([page_versions.ALL, *tags])
        token = "-".join(current[tag] for tag in sorted(current))
        key = f"memo:{token}:{timezone.localdate().isoformat()}:{name}"
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
    """queryset.count(), computed once per listing and search version for each distinct query."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a condition that can match nothing, e.g. pk__in=[]
        return 0
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    # A search matches summaries too: a summary edit replaces "search", not "listing", and
    # must change the count of the searches it now matches (or no longer matches).
    tags = (page_versions.LISTING, page_versions.SEARCH)
    return catalogue_memo(f"count:{digest}", queryset.count, tags=tags)


class CatalogueCountPaginator(Paginator):
    """A Paginator whose COUNT(*) is computed once per listing version and filter."""

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        return catalogue_count(self.object_list)


class AnonymousPageCacheMiddleware:
    """Serve and store whole pages for cookie-less GET/HEAD requests (PAGE_CACHE_SECONDS).

    A URL's first render only records the tags its page depends on; from the second, the page
    is stored with the versions of those tags read *before* it rendered, so a write committed
    while it rendered always makes it stale. Concurrent misses of one page and version render
    it once: the others wait for its page (_wait_for_render).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self._request_is_shareable(request):
            response = self.get_response(request)
            self._note_edit(request, response)
            return response
        page_key, tags_key = self._keys(request)
        stored = self._cache_call(cache.get_many, [page_key, tags_key])
        if stored is None:  # no cache server: render, and store nothing
            return self.get_response(request)
        known_tags = stored.get(tags_key)
        before = self._cache_call(page_versions.versions, known_tags) if known_tags else None
        wanted = None if before is None else (known_tags, tuple(before[t] for t in known_tags))
        cached = self._current(stored.get(page_key), wanted)
        lock_key = None
        if cached is None and wanted is not None and request.method == "GET":
            lock_key = self._lock_key(page_key, wanted)
            cached, owned = self._wait_for_render(page_key, lock_key, wanted)
            lock_key = lock_key if owned else None
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        try:
            return self._render(request, page_key, tags_key, known_tags, before, seconds)
        finally:
            if lock_key is not None:
                self._cache_call(cache.delete, lock_key)

    def _render(self, request, page_key, tags_key, known_tags, before, seconds):
        response = self.get_response(request)
        if request.method == "GET" and self._response_is_shareable(request, response):
            tags = page_versions.page_tags(request)
            if before is not None and set(tags) <= set(known_tags):
                versions = tuple(before[tag] for tag in tags)
                self._cache_call(cache.set, page_key, (tags, versions, response), seconds)
            if tags != known_tags:
                self._cache_call(cache.set, tags_key, tags, TAGS_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _current(entry, wanted):
        # A stored page is served only under the tags and versions the request read first.
        if entry is None or wanted is None or tuple(entry[:2]) != wanted:
            return None
        return entry[2]

    @staticmethod
    def _lock_key(page_key: str, wanted) -> str:
        # Per version: a render of a page made stale by a write never holds up the fresh one.
        digest = hashlib.sha256(repr(wanted).encode()).hexdigest()[:32]
        return f"page-lock:{page_key}:{digest}"

    def _wait_for_render(self, page_key: str, lock_key: str, wanted):
        """Take the page's render lock (return (None, True)), or wait for the page its holder
        stores (return (page, False)); after RENDER_LOCK_SECONDS, or if the holder stored
        nothing, render without waiting longer (None, False)."""
        for _ in range(round(RENDER_LOCK_SECONDS / RENDER_POLL_SECONDS)):
            # add() is atomic in Redis (SET NX): one request of all those missing gets it.
            if self._cache_call(cache.add, lock_key, 1, RENDER_LOCK_SECONDS) is not False:
                return None, True  # taken, or the cache is down: render
            sleep(RENDER_POLL_SECONDS)
            cached = self._current(self._cache_call(cache.get, page_key), wanted)
            if cached is not None:
                return cached, False
        return None, False

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

    @staticmethod
    def _keys(request) -> tuple[str, str]:
        today = timezone.localdate().isoformat()
        url = request.build_absolute_uri()
        digest = hashlib.sha256(url.encode()).hexdigest()
        return f"page:{today}:{request.LANGUAGE_CODE}:{digest}", f"page-tags:{digest}"

    @staticmethod
    def _note_edit(request, response) -> None:
        # The admin's bulk actions and imports may write with QuerySet.update(), which sends no
        # signal; the staff portal writes only through services and forms, which do.
        if (
            request.method in UNSAFE_METHODS
            and response.status_code < 400
            and "admin" in getattr(request.resolver_match, "namespaces", ())
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            page_versions.bump_all()

    @staticmethod
    def _cache_call(function, *args):
        # The page cache is an optimisation: if Redis is unreachable, render every page instead.
        try:
            return function(*args)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
            return None
