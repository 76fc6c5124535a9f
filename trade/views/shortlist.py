"""The visitor's shortlist and visit plan, and the wholesale enquiry sent from it."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from catalog.models import Product
from cooperatives.floor_plan import floor_plan
from cooperatives.models import Cooperative
from cooperatives.selectors import current_fair
from ocop_fair.guards import parse_id
from trade.enquiries import enquiry_fan_out, enquiry_routes
from trade.shortlist import (
    Shortlist,
    shortlist_from_request,
    shortlist_save,
    shortlist_stops,
)
from trade.views.enquiries import BuyerFormMixin

KINDS = {"product": Product.objects.published(), "cooperative": Cooperative.objects.active()}


DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) of a URL, the default port spelled out; None if it is not one."""
    parts = urlsplit(url)
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:  # a port that is not a number, or out of range
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname, port


def _same_site(request) -> bool:
    """False when the browser says the POST came from a page of another origin."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return True  # privacy tools strip both; SameSite=Lax still protects the session
    # Scheme, host and port, as browsers define an origin: http:// on an https site is another.
    ours = _origin(f"{request.scheme}://{request.get_host()}")
    return ours is not None and _origin(source) == ours


def _referer_path(request) -> str:
    referer = request.headers.get("Referer", "")
    ours = _origin(f"{request.scheme}://{request.get_host()}")
    if not referer or ours is None or _origin(referer) != ours:
        return ""
    parts = urlsplit(referer)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _back(request, fallback: str) -> str:
    # Only a path of this site: redirect() would read "abc" as a view name (a 500), and
    # url_has_allowed_host_and_scheme alone lets such a word through.
    # A product card has no "next" (one cached card serves every page that lists it): back to
    # the page the button was on, when the browser names it and it is on this site.
    target = request.POST.get("next", "") or _referer_path(request)
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# csrf_exempt, on purpose: the buttons sit on product and cooperative pages that the anonymous
# page cache shares between visitors, so they cannot carry a per-visitor CSRF token. A forged
# cross-site POST gains nothing: the session cookie is SameSite=Lax, so such a request arrives
# without the victim's session and can only change a new, empty one. As a second guard,
# _same_site refuses requests whose Origin or Referer names another site.
@csrf_exempt
@require_POST
def shortlist_toggle(request):
    """Add an item to, or remove it from, the visitor's shortlist, then go back."""
    if not _same_site(request):
        return HttpResponseForbidden(gettext("This request came from another site."))
    kind, action = request.POST.get("kind"), request.POST.get("action")
    pk = parse_id(request.POST.get("id"))
    if kind not in KINDS or action not in ("add", "remove") or pk is None:
        return HttpResponseForbidden(gettext("This request is not valid."))
    item = get_object_or_404(KINDS[kind], pk=pk)
    shortlist = shortlist_from_request(request)
    if action == "remove":
        shortlist.remove(kind, item.pk)
        messages.info(request, gettext("Removed from your shortlist: %(name)s") % {"name": item})
    elif shortlist.add(kind, item.pk):
        messages.success(request, gettext("Added to your shortlist: %(name)s") % {"name": item})
    else:
        messages.error(request, gettext("Your shortlist is full: remove something first."))
    shortlist_save(request, shortlist)
    return HttpResponseRedirect(_back(request, item.get_absolute_url()))


@csrf_exempt  # the shared link's page may come from the anonymous cache (see shortlist_toggle)
@require_POST
def shortlist_keep(request):
    """Make a shared shortlist this visitor's own."""
    if not _same_site(request):
        return HttpResponseForbidden(gettext("This request came from another site."))
    shortlist_save(request, Shortlist.from_query(request.POST))
    messages.success(request, gettext("The shared list is now your shortlist."))
    return redirect("trade:shortlist")


# never_cache: the page shows one visitor's session; no shared cache may keep it.
@method_decorator(never_cache, name="dispatch")
class ShortlistView(TemplateView):
    """The visit plan: stops ordered by booth, the floor plan with them highlighted, a share link."""

    template_name = "shortlist/shortlist.html"
    shared = False

    def get_shortlist(self) -> Shortlist:
        return shortlist_from_request(self.request)

    def get_context_data(self, **kwargs):
        shortlist = self.get_shortlist()
        stops = shortlist_stops(shortlist)
        fair = current_fair()
        codes = [booth.code for stop in stops for booth in stop.booths]
        plan = floor_plan(fair, highlights=codes) if fair and codes else None
        query = shortlist.as_query()
        share_url = self.request.build_absolute_uri(reverse("trade:shortlist-shared"))
        return super().get_context_data(
            stops=stops,
            plan=plan,
            fair=fair,
            shared=self.shared,
            share_query=query,
            share_url=f"{share_url}?{query}" if query else "",
            **kwargs,
        )


class SharedShortlistView(ShortlistView):
    """Someone's shortlist, reproduced from the ids in the link."""

    shared = True

    def get_shortlist(self) -> Shortlist:
        return Shortlist.from_query(self.request.GET)


@method_decorator(never_cache, name="dispatch")
class WholesaleEnquiryView(BuyerFormMixin, FormView):
    """One enquiry from the buyer to every cooperative on the shortlist."""

    template_name = "shortlist/wholesale_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.stops = shortlist_stops(shortlist_from_request(request))
        if not self.stops:
            messages.info(request, gettext("Add products or cooperatives to your shortlist first."))
            return redirect("trade:shortlist")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # Said before sending: which cooperatives have no one to receive it online.
        routes = enquiry_routes(stop.cooperative for stop in self.stops)
        return super().get_context_data(
            stops=[(stop, routes[stop.cooperative.pk]) for stop in self.stops], **kwargs
        )

    def target_cooperative_ids(self) -> list[int]:
        return [stop.cooperative.pk for stop in self.stops]

    def form_valid(self, form):
        enquiries = enquiry_fan_out(
            products=[product for stop in self.stops for product in stop.products],
            cooperatives=[stop.cooperative for stop in self.stops],
            buyer=form.buyer(),
        )
        return redirect("trade:enquiry-sent", reference=enquiries[0].batch_reference)
