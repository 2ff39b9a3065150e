"""WSGI entry point; gunicorn serves ``website.wsgi:application``."""

import os

import django

from website.middleware import RequestGuardWSGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.production")
django.setup(set_prefix=False)

# Django's handler with a request class that cannot be made to decode a query
# string with a codec that is not a text encoding (see website.middleware.Request).
application = RequestGuardWSGIHandler()
