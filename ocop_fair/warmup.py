"""Warm a new app process up before it takes requests, so no visitor pays its first-hit costs.

Django does much of its set-up lazily, on the first request that needs it: importing the URLconf
(and with it every view, form and filter module), building the reverse-URL table (once per
language, since the URLs are translated), reading the translation catalogues, compiling each
template (kept by the cached template loader), connecting to the cache and making the media
storage's client. Measured on the demo
fair, the first product page of a new gunicorn worker cost 230–246 ms of CPU against 20 ms for
the next (docs/benchmarks.md, "Cold start"). `warm_up()` does all of that without a request and
without touching the database; gunicorn calls it in each worker once the application is loaded
(`post_worker_init` in gunicorn.conf.py).
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver, reverse
from django.utils import translation

logger = logging.getLogger(__name__)

# Template folders of the pages visitors and staff see (not the admin's own, compiled on use).
SKIPPED_TEMPLATE_FOLDERS = ("admin", "simple_history")


def visitor_templates() -> list[str]:
    """Names of the project's own templates, bar the admin's."""
    names = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(folder.rglob("*.html")):
            name = path.relative_to(folder).as_posix()
            if not name.startswith(tuple(f"{skip}/" for skip in SKIPPED_TEMPLATE_FOLDERS)):
                names.append(name)
    return names


def warm_up() -> dict[str, float]:
    """Do the lazy first-request work now; return the milliseconds each step took.

    Never raises: a step that fails is logged and left to the first request, as before.
    """
    steps = {
        "urls": lambda: get_resolver().url_patterns,
        "reverse": _reverse_in_every_language,
        "templates": lambda: [_compile(name) for name in visitor_templates()],
        "cache": lambda: cache.get("warm-up"),
        # The media storage's client (boto3's for S3) is made on the first photo URL.
        "storage": lambda: default_storage.url("warm-up.jpg"),
    }
    took = {}
    for name, step in steps.items():
        started = time.perf_counter()
        try:
            step()
        except Exception:
            logger.warning("warm-up step %s failed", name, exc_info=True)
        took[name] = (time.perf_counter() - started) * 1000
    return took


def _reverse_in_every_language() -> None:
    # reverse() builds the resolver's table for the active language (and loads its catalogue).
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reverse("catalog:home")


def _compile(name: str) -> None:
    try:
        get_template(name)
    except (TemplateDoesNotExist, TemplateSyntaxError):
        # A fragment that is not a template on its own (or is broken): its page will say so.
        logger.warning("warm-up could not compile %s", name, exc_info=True)
