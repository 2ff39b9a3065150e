"""HTTP response headers that Django 5.2 does not set by itself."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send a Content-Security-Policy that allows no third-party origin.

    Django 5.2 has no built-in CSP (it arrives in Django 6.0). The admin gets a
    policy of its own because Wagtail's admin still relies on inline script.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIXES)
            response["Content-Security-Policy"] = (
                settings.CSP_ADMIN if admin else settings.CSP_PUBLIC
            )
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response
