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
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.db import transaction
from django.test import Client

from catalog.fair_exhibitors import ExhibitorFilterForm
from catalog.filters import ProductFilter
from tests.url_walk import Route, World, build_world, project_routes, real_values
from trade.enquiry_forms import EnquiryFilterForm

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
READ_PARAMETERS |= set(ExhibitorFilterForm.base_fields)
ADMIN_PARAMETERS = {"q", "o", "p", "e", "_popup", "_to_field", "_changelist_filters"}
# The admin's views are the same code for every model: each model's URL gets two of the hostile
# values, in turn, so that each kind of admin view still meets every value across the models.
ADMIN_VALUES_PER_URL = 2
# Form-encoded POSTs of these would end the walk's session or are the admin's (Django's own).
NOT_POSTED = {"logout", "admin:logout"}
# A form with at most this many fields gets each field hostile on its own; larger ones all at once.
SMALL_FORM = 6


@pytest.fixture
def world(settings, organiser) -> World:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world(organiser)


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
        if response.streaming:
            # Read to the end: the test client then closes the file, keeping the connection.
            response.getvalue()
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
