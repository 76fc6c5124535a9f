"""Project-level views: the health check, the error handler and media files in development."""

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.static import serve

logger = logging.getLogger(__name__)

# Raster formats a browser shows inline; anything else (SVG included, it can carry script) downloads.
INLINE_MEDIA_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"})
# Media are data, never a document: no script, no style, no plugin, not even same-origin.
MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; sandbox"


@never_cache
def healthz(request):
    """Answer 200 when the database answers, 503 otherwise (for load balancers and systemd)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("health check: database unavailable", exc_info=True)
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """handler500: a lost database gets the friendly 503 page, anything else Django's 500."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable()
    return defaults.server_error(request)


def database_unavailable():
    # Rendered without the request, so no context processor (the user, the session) can query.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def media_file(request, path):
    """Serve an uploaded file in development with the headers nginx sets in production."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:  # a name the file system refuses (too long): no such file
        raise Http404("No such file.") from error
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CONTENT_SECURITY_POLICY
    if response.get("Content-Type", "").split(";")[0] not in INLINE_MEDIA_TYPES:
        response["Content-Disposition"] = "attachment"
    return response
