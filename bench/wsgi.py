"""WSGI entry for bench/throughput.sh: the production app with bench/trivial_urls.py as URLconf.

The trivial view runs through the same middleware on the same server, so req/s of a page divided
by req/s of the trivial view is a fair ratio; it never exists in the deployed site.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_fair.settings")

import django  # noqa: E402

django.setup(set_prefix=False)

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402

settings.ROOT_URLCONF = "trivial_urls"
application = WSGIHandler()
