"""WSGI entry point (gunicorn ocop_fair.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_fair.settings")

application = get_wsgi_application()
