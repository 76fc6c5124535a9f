"""QR codes of a cooperative's page and of a booth's stable address, as SVG or PNG files."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from cooperatives import qr
from cooperatives.models import Booth, Cooperative

FORMATS = {
    "svg": (qr.svg_bytes, "image/svg+xml"),
    "png": (qr.png_bytes, "image/png"),
}
# A code only changes with SITE_URL or a slug; a day of caching spares the CPU at print time.
MAX_AGE = 24 * 60 * 60


def _qr_response(url: str, fmt: str, name: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Unknown QR code format.")
    render, content_type = FORMATS[fmt]
    disposition = content_disposition_header(as_attachment=False, filename=f"qr-{name}.{fmt}")
    return HttpResponse(
        render(url), content_type=content_type, headers={"Content-Disposition": disposition}
    )


@require_safe
@cache_control(public=True, max_age=MAX_AGE)
def cooperative_qr(request, slug: str, fmt: str):
    """The QR code of an active cooperative's public page."""
    cooperative = get_object_or_404(Cooperative.objects.active(), slug=slug)
    return _qr_response(qr.public_url(cooperative), fmt, cooperative.slug)


@require_safe
@cache_control(public=True, max_age=MAX_AGE)
def booth_qr(request, slug: str, code: str, fmt: str):
    """The QR code of a booth's stable address (it follows the booth's later assignments)."""
    booth = get_object_or_404(
        Booth.objects.select_related("fair"), fair__slug=slug, code__iexact=code
    )
    return _qr_response(qr.public_url(booth), fmt, f"{booth.fair.slug}-{booth.code}")
