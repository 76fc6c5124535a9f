"""Version keys of what a cached page shows, kept in the shared cache (docs/caching.md).

A public page declares the tags it depends on while it renders (`depends_on`): "listing" for
the pages that list products, "search" for search results (they match the summaries too),
"sitemap" for the sitemaps (they date every product's last edit), "product:<pk>" and
"cooperative:<pk>" for a product's and a cooperative's own pages, "fair" for the floor plan. Each tag has a version in the cache; a write
replaces the versions of the tags it touches (`bump`), so exactly the pages that show the row
render afresh. Every page also depends on "all", which broad changes replace (a province or a
product group renamed, a booth or fair edited, an admin bulk write); a page that declares
nothing depends on "any", which every write replaces. Versions live in the cache, never in
process memory, so with Redis every app server sees a bump at once.
"""

import functools
import logging
import uuid
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

ALL = "all"
ANY = "any"
LISTING = "listing"
SEARCH = "search"
SITEMAP = "sitemap"
FAIR = "fair"
# Apps whose rows appear on public pages; a model of theirs without a tagger replaces "all".
PUBLIC_APPS = frozenset({"catalog", "cooperatives"})

_TAGGERS: dict[type, Callable[[object], Iterable[str]]] = {}


def product(pk) -> str:
    return f"product:{pk}"


def cooperative(pk) -> str:
    return f"cooperative:{pk}"


def _key(tag: str) -> str:
    return f"pv:{tag}"


def versions(tags: Iterable[str]) -> dict[str, str]:
    """Return the current version of each tag, creating those the cache has not (or lost)."""
    tags = list(tags)
    found = cache.get_many([_key(tag) for tag in tags])
    missing = [tag for tag in tags if _key(tag) not in found]
    if missing:
        for tag in missing:
            # add(): two servers creating the same version at once agree on the first one.
            cache.add(_key(tag), uuid.uuid4().hex, None)
        found.update(cache.get_many([_key(tag) for tag in missing]))
    return {tag: found.get(_key(tag)) for tag in tags}


def bump(tags: Iterable[str]) -> None:
    """Replace the versions of tags (and "any") now and again when the transaction commits."""
    tags = frozenset(tags) | {ANY}
    _set_new_versions(tags)
    # A request that read the old rows before the commit may have stored its page under the
    # versions just set: the second bump, after the commit, makes that page unreachable too.
    transaction.on_commit(lambda: _set_new_versions(tags))


def bump_all() -> None:
    """Replace the version every cached page depends on: for writes too broad to follow."""
    bump({ALL})


def _set_new_versions(tags: frozenset[str]) -> None:
    try:
        cache.set_many({_key(tag): uuid.uuid4().hex for tag in tags}, None)
    except Exception:  # the cache server is down: pages are not served from it either
        logger.exception("could not change the page versions of %s", sorted(tags))


def depends_on(request, *tags: str) -> None:
    """Declare that the page being rendered for request shows rows of these tags."""
    declared = getattr(request, "page_tags", None)
    request.page_tags = (declared or frozenset()) | frozenset(tags)


def view_depends_on(*tags: str) -> Callable:
    """Decorate a function view (e.g. a contrib one) whose page shows rows of these tags."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            depends_on(request, *tags)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def page_tags(request) -> tuple[str, ...]:
    """The tags of the page just rendered, sorted; "any" when the view declared none."""
    declared = getattr(request, "page_tags", None)
    return tuple(sorted((declared if declared is not None else {ANY}) | {ALL}))


def register(model: type, tagger: Callable[[object], Iterable[str]]) -> None:
    """Make a save or delete of model replace the versions of tagger(instance)."""
    _TAGGERS[model] = tagger


def on_row_changed(sender, instance, **kwargs) -> None:
    """Signal receiver (post_save, post_delete): bump the tags of the pages the row is on."""
    if sender._meta.app_label not in PUBLIC_APPS:
        return
    if getattr(sender, "instance_type", None) is not None:
        return  # a django-simple-history row: the change it records sends its own signal
    tagger = _TAGGERS.get(sender)
    bump(tagger(instance) if tagger is not None else {ALL})


def on_m2m_changed(sender, **kwargs) -> None:
    """Signal receiver (m2m_changed): no public relation is many-to-many yet, so bump "all"."""
    if sender._meta.app_label in PUBLIC_APPS:
        bump_all()
