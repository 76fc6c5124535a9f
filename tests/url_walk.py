"""Every URL pattern of the project, and real objects to fill each one's arguments with.

Shared by the walks that check every URL (tests/test_hostile_requests.py, tests/test_guards.py).
A new URL pattern without values here fails those tests, so none is left unwalked.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from catalog.services import certification_record
from tests.factories import (
    ApplicationProductFactory,
    BoothAssignmentFactory,
    CallForExhibitorsFactory,
    CertificationFactory,
    EnquiryFactory,
    FairDayFactory,
    FairExhibitorFactory,
    FairFactory,
    MembershipFactory,
    PackOptionFactory,
    ProductFactory,
    ProductImageFactory,
    ProgrammeItemFactory,
    ShopLinkFactory,
)

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


def project_routes() -> list[Route]:
    """Every URL pattern of the project, flattened, with its full route and qualified name."""
    # The Vietnamese routes, without a language prefix, whatever an earlier request activated.
    with translation.override(settings.LANGUAGE_CODE):
        return _routes(get_resolver().url_patterns, "", "")


def _routes(patterns, prefix, namespace) -> list[Route]:
    routes = []
    for entry in patterns:
        text = prefix + str(entry.pattern).removeprefix("^").removesuffix("$")
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            routes += _routes(entry.url_patterns, text, inner)
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


def build_world(organiser) -> World:
    """Create one of everything a URL of the project names; the values that fill each route."""
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
    FairExhibitorFactory(fair=fair, cooperative=cooperative)
    FairDayFactory(fair=fair)
    ProgrammeItemFactory(fair=fair)
    enquiry = EnquiryFactory(cooperative=cooperative, batch_reference="BATCH-0001")
    CallForExhibitorsFactory(fair=fair)
    application = ApplicationProductFactory(application__fair=fair).application
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
        "staff/cooperatives/<slug:slug>/products/": {"slug": cooperative.slug},
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
        "fairs/<slug:slug>/": {"slug": fair_slug},
        "fairs/<slug:slug>/programme/": {"slug": fair_slug},
        "fairs/<slug:slug>/exhibitors/": {"slug": fair_slug},
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
        "fairs/<slug:slug>/apply/": {"slug": fair_slug},
        "fairs/applications/<str:token>/": {"token": application.token},
        "enquiries/sent/<str:reference>/": {"reference": enquiry.batch_reference},
        "media/(?P<path>.*)": {"path": photo.image.name},
        "admin/r/<path:content_type_id>/<path:object_id>/": {
            "content_type_id": str(ContentType.objects.get_for_model(product).pk),
            "object_id": str(product.pk),
        },
        "admin/(?P<app_label>auth|axes|cooperatives|catalog|trade)/": {"app_label": "catalog"},
        "admin/(?P<url>.*)": {"url": "no-such-page/"},
        # Enquiries' admin pages from before they moved to the trade app (ocop_fair/urls.py).
        "admin/cooperatives/(?P<model>enquiry|enquirynotification)/(?P<rest>.*)": {
            "model": "enquiry",
            "rest": f"{enquiry.pk}/change/",
        },
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
    assert match, f"no real values for {route.template!r}: add them to build_world"
    model = apps.get_model(match["app"], match["model"])
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"build_world makes no {model.__name__}"
    if "history/(" in route.template:  # simple-history's view of one past version
        return {"0": str(obj.pk), "1": str(obj.history.order_by("pk").first().pk)}
    return dict.fromkeys(route.arguments, str(obj.pk))
