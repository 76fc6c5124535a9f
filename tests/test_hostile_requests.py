"""No 5xx anywhere: every URL pattern of the project walked with hostile input, on either database.

Each pattern is filled with real objects, then each path segment in turn is replaced by a hostile
value (NUL, Unicode digits and letters that str.isdigit() or int() misread, 10 KB), and the
query carries every parameter the code or the page reads, hostile, one value at a time and
repeated. The forms found on the non-admin pages are posted back with hostile fields. Done as an
anonymous visitor, as a cooperative's staff member and as an organiser.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from catalog.filters import ProductFilter
from catalog.services import certification_record
from cooperatives.enquiry_forms import EnquiryFilterForm
from tests.factories import (
    BoothAssignmentFactory,
    CertificationFactory,
    EnquiryFactory,
    FairFactory,
    MembershipFactory,
    PackOptionFactory,
    ProductFactory,
    ProductImageFactory,
    ShopLinkFactory,
)

HOSTILE = {
    "nul": "B1\x00",
    "superscript two": "²",
    "circled one": "①",
    "arabic-indic three": "٣",
    "letters": "abc",
    "10 KB": "7" * 10_240,
}
# Query parameters the code reads from request.GET (grep "request.GET"), besides those its
# pages link to; the admin's own, where an unknown name only sends back to the list ("?e=1").
READ_PARAMETERS = {"page", "p", "c", "product", "booth", "csv", "q", "next"}
READ_PARAMETERS |= set(ProductFilter.base_filters) | set(EnquiryFilterForm.base_fields)
ADMIN_PARAMETERS = {"q", "o", "p", "e", "_popup", "_to_field", "_changelist_filters"}
# The admin's views are the same code for every model: each model's URL gets two of the hostile
# values, in turn, so that each kind of admin view still meets every value across the models.
ADMIN_VALUES_PER_URL = 2
# Form-encoded POSTs of these would end the walk's session or are the admin's (Django's own).
NOT_POSTED = {"logout", "admin:logout"}
# A form with at most this many fields gets each field hostile on its own; larger ones all at once.
SMALL_FORM = 6

PLACEHOLDER = re.compile(r"<(?:\w+:)?(?P<name>\w+)>|\((?:\?P<(?P<group>\w+)>)?[^()]*\)")


@dataclass(frozen=True)
class Route:
    template: str  # "fairs/<slug:slug>/booths/<str:code>/", regex groups kept as written
    name: str  # "cooperatives:booth", or "" for an unnamed pattern

    @property
    def arguments(self) -> list[str]:
        return [
            match["name"] or match["group"] or str(index)
            for index, match in enumerate(PLACEHOLDER.finditer(self.template))
        ]

    def path(self, values: dict[str, str]) -> str:
        names = iter(self.arguments)
        return "/" + PLACEHOLDER.sub(lambda _m: quote(values[next(names)], safe=""), self.template)


def project_routes(patterns=None, prefix="", namespace="") -> list[Route]:
    """Every URL pattern of the project, flattened, with its full route and qualified name."""
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        text = prefix + str(entry.pattern).removeprefix("^").removesuffix("$")
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            routes += project_routes(entry.url_patterns, text, inner)
        else:
            name = ":".join(filter(None, [namespace, entry.name])) if entry.name else ""
            routes.append(Route(text, name))
    return routes


@dataclass
class World:
    """Demo-like rows for every kind of object a URL names, and the walk's users."""

    values: dict[str, dict[str, str]]
    staff: object
    organiser: object


@pytest.fixture
def world(settings, organiser) -> World:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    fair = FairFactory(is_current=True)
    staff = MembershipFactory(user__username="htx_walk").user
    cooperative = staff.memberships.get().cooperative
    ShopLinkFactory(cooperative=cooperative)
    product = ProductFactory(cooperative=cooperative)
    certification_record(
        product=product, stars=4, level="province", decision_date=fair.starts_on.replace(month=1)
    )
    CertificationFactory(product=product, decision_number="9/QĐ-UBND")
    PackOptionFactory(product=product)
    photo = ProductImageFactory(product=product)
    ProductImageFactory(product=product)
    booth = BoothAssignmentFactory(booth__fair=fair, booth__code="B1", cooperative=cooperative)
    enquiry = EnquiryFactory(cooperative=cooperative, batch_reference="BATCH-0001")
    seen = {"username": "htx_walk", "ip_address": "127.0.0.1", "user_agent": "walk"}
    AccessAttempt.objects.create(**seen, http_accept="*/*", failures_since_start=1)
    AccessLog.objects.create(**seen, http_accept="*/*")
    AccessFailureLog.objects.create(**seen)
    uid = urlsafe_base64_encode(force_bytes(staff.pk))
    fair_slug, booth_code = fair.slug, booth.booth.code
    values = {
        "sitemap-<section>.xml": {"section": "products-vi"},
        "accounts/reset/<uidb64>/<token>/": {
            "uidb64": uid,
            "token": default_token_generator.make_token(staff),
        },
        "staff/enquiries/<str:reference>/": {"reference": enquiry.reference},
        "staff/cooperatives/<slug:slug>/profile/": {"slug": cooperative.slug},
        "staff/cooperatives/<slug:slug>/products/add/": {"slug": cooperative.slug},
        **{
            f"staff/products/<int:pk>/{tail}": {"pk": str(product.pk)}
            for tail in ("", "visibility/", "photos/")
        },
        **{
            f"staff/photos/<int:pk>/{tail}": {"pk": str(photo.pk)}
            for tail in ("", "move/", "delete/")
        },
        "products/<slug:slug>/": {"slug": product.slug},
        "cooperatives/<slug:slug>/": {"slug": cooperative.slug},
        "provinces/<slug:slug>/": {"slug": cooperative.province.slug},
        "fairs/<slug:slug>/floor-plan/": {"slug": fair_slug},
        "fairs/<slug:slug>/booths/<str:code>/": {"slug": fair_slug, "code": booth_code},
        "qr/cooperatives/<slug:slug>.<str:fmt>": {"slug": cooperative.slug, "fmt": "png"},
        "fairs/<slug:slug>/booths/<str:code>/qr.<str:fmt>": {
            "slug": fair_slug,
            "code": booth_code,
            "fmt": "svg",
        },
        "fairs/<slug:slug>/signs/": {"slug": fair_slug},
        "fairs/<slug:slug>/assignments.csv": {"slug": fair_slug},
        "fairs/<slug:slug>/directory/": {"slug": fair_slug},
        "cooperatives/<slug:slug>/contact/": {"slug": cooperative.slug},
        "enquiries/sent/<str:reference>/": {"reference": enquiry.batch_reference},
        "media/(?P<path>.*)": {"path": photo.image.name},
        "admin/r/<path:content_type_id>/<path:object_id>/": {
            "content_type_id": str(ContentType.objects.get_for_model(product).pk),
            "object_id": str(product.pk),
        },
        "admin/(?P<app_label>auth|axes|cooperatives|catalog)/": {"app_label": "catalog"},
        "admin/(?P<url>.*)": {"url": "no-such-page/"},
    }
    return World(values=values, staff=staff, organiser=organiser)


ADMIN_MODEL = re.compile(r"admin/(?P<app>\w+)/(?P<model>\w+)/")


def real_values(route: Route, world: World) -> dict[str, str]:
    """The route's arguments filled with objects that exist, so the view gets past its lookup."""
    if not route.arguments:
        return {}
    if route.template in world.values:
        return world.values[route.template]
    match = ADMIN_MODEL.match(route.template)
    assert match, f"no real values for {route.template!r}: add them to the world fixture"
    model = apps.get_model(match["app"], match["model"])
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the world fixture has no {model.__name__}"
    if "history/(" in route.template:  # simple-history's view of one past version
        return {"0": str(obj.pk), "1": str(obj.history.order_by("pk").first().pk)}
    return dict.fromkeys(route.arguments, str(obj.pk))


class FormsAndLinks(HTMLParser):
    """The query names a page links to or asks for, and its POST forms with their values."""

    def __init__(self):
        super().__init__()
        self.query_names: set[str] = set()
        self.post_forms: list[tuple[str, dict[str, str]]] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "a" and "?" in attrs.get("href", ""):
            query = urlsplit(attrs["href"]).query
            self.query_names.update(key for key, _ in parse_qsl(query, keep_blank_values=True))
        elif tag == "form":
            method = attrs.get("method", "get").lower()
            self._form = {"method": method, "action": attrs.get("action", ""), "fields": {}}
        elif self._form is not None and attrs.get("name"):
            name = attrs["name"]
            if tag == "input" and attrs.get("type") not in {"file", "submit", "checkbox", "radio"}:
                self._form["fields"][name] = attrs.get("value", "")
            elif tag == "input" and attrs.get("type") in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._form["fields"][name] = attrs.get("value", "on")
            elif tag == "select":
                self._select = name
                self._form["fields"].setdefault(name, "")
            elif tag == "textarea":
                self._textarea = name
                self._form["fields"][name] = ""
        elif tag == "option" and self._form is not None and self._select:
            fields = self._form["fields"]
            if "selected" in attrs or not fields[self._select]:
                fields[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._form is not None:
            if self._form["method"] == "get":
                self.query_names.update(self._form["fields"])
            else:
                self.post_forms.append((self._form["action"], self._form["fields"]))
            self._form = None


@dataclass
class Walk:
    client: Client
    # The admin answers anyone else with its login page before reading the URL's arguments.
    reaches_admin: bool = False
    failures: list[str] = field(default_factory=list)
    requests: int = 0

    def send(self, method: str, path: str, data=None):
        """One request; a 5xx or an exception is recorded, never raised."""
        self.requests += 1
        try:
            # A savepoint: a query PostgreSQL refuses must not abort the rest of the walk.
            with transaction.atomic():
                response = getattr(self.client, method)(path, data)
        except Exception as error:  # noqa: BLE001 - every failure is reported at the end
            self.failures.append(f"{method.upper()} {path[:120]!r}: {error!r}"[:400])
            return None
        if response.streaming:  # files: read nothing, release the handle
            response.close()
        if response.status_code >= 500:
            self.failures.append(f"{method.upper()} {path[:120]!r}: {response.status_code}")
        return response


def hostile_queries(names: set[str], values: list[str]) -> list[str]:
    ordered = sorted(names)
    queries = [urlencode([(name, value) for name in ordered]) for value in values]
    repeated = [(name, value) for name in ordered for value in ("1", "²", "abc", "")]
    return [*queries, urlencode(repeated)]


ADMIN_VIEW = re.compile(r"^admin/\w+/\w+/")


def value_rotation():
    """Return values_for(route): every hostile value, or the admin's share of them in turn."""
    turns: dict[str, int] = {}
    everything = list(HOSTILE.values())

    def values_for(route: Route) -> list[str]:
        if not ADMIN_VIEW.match(route.template):
            return everything
        kind = ADMIN_VIEW.sub("admin/*/*/", route.template)
        turn = turns[kind] = turns.get(kind, -1) + 1
        start = turn * ADMIN_VALUES_PER_URL
        return [everything[(start + k) % len(everything)] for k in range(ADMIN_VALUES_PER_URL)]

    return values_for


def hostile_posts(fields: dict[str, str]) -> list[dict[str, str]]:
    if len(fields) > SMALL_FORM:
        return [dict.fromkeys(fields, value) for value in HOSTILE.values()]
    return [{**fields, name: value} for name in fields for value in HOSTILE.values()]


def walk_every_url(walk: Walk, world: World) -> None:
    posts: dict[tuple[str, tuple[str, ...]], dict[str, str]] = {}
    values_for = value_rotation()
    for route in project_routes():
        values = real_values(route, world)
        path = route.path(values)
        hostile = values_for(route)
        if route.template.startswith("admin/") and not walk.reaches_admin:
            hostile = hostile[:1]
        for argument in route.arguments:
            for value in hostile:
                walk.send("get", route.path({**values, argument: value}))
        page = walk.send("get", path)
        found = FormsAndLinks()
        if page is not None and "html" in page.get("Content-Type", ""):
            found.feed(page.content.decode())
        is_admin = route.template.startswith("admin/")
        names = (ADMIN_PARAMETERS if is_admin else READ_PARAMETERS) | found.query_names
        for query in hostile_queries(names, hostile):
            walk.send("get", f"{path}?{query}")
        if route.name not in NOT_POSTED and not is_admin:
            for action, fields in found.post_forms:
                posts.setdefault((action or path, tuple(sorted(fields))), fields)
    # Deletions last, so that every other form still finds its object.
    for (action, _names), fields in sorted(posts.items(), key=lambda item: "delete" in item[0][0]):
        if urlsplit(action).path.rstrip("/").endswith("logout"):
            continue
        for data in hostile_posts(fields):
            walk.send("post", action, data)


@pytest.mark.parametrize("who", ["anonymous", "staff", "organiser"])
def test_no_url_answers_a_server_error_to_hostile_input(world, who):
    client = Client()
    user = getattr(world, who, None)
    if user is not None:
        client.force_login(user)
    walk = Walk(client, reaches_admin=user is not None and user.is_staff)

    walk_every_url(walk, world)

    assert not walk.failures, "\n".join(walk.failures)
    # The walk really covered the project: every pattern, several requests each.
    assert walk.requests > 3 * len(project_routes())
