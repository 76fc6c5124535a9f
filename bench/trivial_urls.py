"""The site's URLs plus one trivial view, for the throughput baseline (bench/throughput.sh only)."""

from django.http import HttpResponse
from django.urls import path

from ocop_fair.urls import handler500  # noqa: F401
from ocop_fair.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial", trivial), *site_urlpatterns]
