"""A visitor's shortlist of products and cooperatives, kept in the session (no login).

Pages served from the anonymous cache must not depend on a session, so nothing here creates or
even reads one unless the visitor already has a session cookie.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch

from catalog.models import Product
from cooperatives.models import BoothAssignment, Cooperative, booth_code_sort_key
from ocop_fair.guards import parse_id

SESSION_KEY = "shortlist"
MAX_ITEMS = 60


@dataclass
class Shortlist:
    product_ids: list[int] = field(default_factory=list)
    cooperative_ids: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.product_ids) + len(self.cooperative_ids)

    def ids(self, kind: str) -> list[int]:
        return self.product_ids if kind == "product" else self.cooperative_ids

    def add(self, kind: str, pk: int) -> bool:
        """Add pk; return False when the shortlist is full."""
        ids = self.ids(kind)
        if pk in ids:
            return True
        if len(self) >= MAX_ITEMS:
            return False
        ids.append(pk)
        return True

    def remove(self, kind: str, pk: int) -> None:
        ids = self.ids(kind)
        if pk in ids:
            ids.remove(pk)

    def as_query(self) -> str:
        """The share link's query string: plain ids, nothing personal."""
        parts = []
        if self.product_ids:
            parts.append("p=" + ".".join(map(str, self.product_ids)))
        if self.cooperative_ids:
            parts.append("c=" + ".".join(map(str, self.cooperative_ids)))
        return "&".join(parts)

    @classmethod
    def from_query(cls, query) -> "Shortlist":
        """Read a share link's ids, ignoring anything that is not a positive whole number."""
        shortlist = cls()
        for kind, key in (("product", "p"), ("cooperative", "c")):
            for raw in query.get(key, "")[:2000].split("."):
                pk = parse_id(raw)
                if pk is not None:
                    shortlist.add(kind, pk)
        return shortlist


def has_session(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def shortlist_from_request(request) -> Shortlist:
    """The visitor's shortlist; empty, without touching the session, for a visitor without one."""
    if not has_session(request):
        return Shortlist()
    stored = request.session.get(SESSION_KEY) or {}
    return Shortlist(
        product_ids=[pk for pk in stored.get("products", []) if isinstance(pk, int)],
        cooperative_ids=[pk for pk in stored.get("cooperatives", []) if isinstance(pk, int)],
    )


def shortlist_save(request, shortlist: Shortlist) -> None:
    request.session[SESSION_KEY] = {
        "products": shortlist.product_ids,
        "cooperatives": shortlist.cooperative_ids,
    }


def shortlist_context(request):
    """Template context processor: the shortlist, lazily, for the header link and page buttons."""
    return {"shortlist": _LazyShortlist(request)}


class _LazyShortlist:
    # Read the session only when a template actually looks at the shortlist.
    def __init__(self, request):
        self._request = request
        self._value = None

    def _get(self) -> Shortlist:
        if self._value is None:
            self._value = shortlist_from_request(self._request)
        return self._value

    def __len__(self):
        return len(self._get())

    @property
    def product_ids(self):
        return self._get().product_ids

    @property
    def cooperative_ids(self):
        return self._get().cooperative_ids


@dataclass
class ShortlistStop:
    """One cooperative to visit: its booths at the current fair and the products listed for it."""

    cooperative: Cooperative
    booths: list = field(default_factory=list)
    products: list = field(default_factory=list)
    listed_itself: bool = False

    @property
    def sort_key(self):
        # Booths in natural order (A2 before A10); cooperatives without a booth last, by name.
        if self.booths:
            return (0, booth_code_sort_key(self.booths[0].code), self.cooperative.name_sort)
        return (1, booth_code_sort_key(""), self.cooperative.name_sort)


def shortlist_stops(shortlist: Shortlist) -> list[ShortlistStop]:
    """Return the shortlist as visit stops ordered by booth, in three queries."""
    products = list(
        Product.objects.published()
        .filter(pk__in=shortlist.product_ids)
        .only(
            "pk",
            "name",
            "slug",
            "ocop_stars",
            "ocop_valid_until",
            "ocop_possibly_valid_until",
            "ocop_recognition_year",
            "ocop_recognition_decision",
            "cooperative_id",
        )
        .order_by("name_sort")
    )
    cooperative_ids = {p.cooperative_id for p in products} | set(shortlist.cooperative_ids)
    current_assignments = BoothAssignment.objects.filter(
        booth__fair__is_current=True
    ).select_related("booth")
    cooperatives = (
        Cooperative.objects.active()
        .filter(pk__in=cooperative_ids)
        .select_related("province")
        .prefetch_related(
            Prefetch("booth_assignments", queryset=current_assignments, to_attr="current")
        )
    )
    stops = {}
    for cooperative in cooperatives:
        booths = sorted(
            (a.booth for a in cooperative.current), key=lambda b: booth_code_sort_key(b.code)
        )
        stops[cooperative.pk] = ShortlistStop(
            cooperative=cooperative,
            booths=booths,
            listed_itself=cooperative.pk in shortlist.cooperative_ids,
        )
    for product in products:
        if product.cooperative_id in stops:
            stops[product.cooperative_id].products.append(product)
    return sorted(stops.values(), key=lambda stop: stop.sort_key)
