"""The admin login's throttle (django-axes): who the client is and what a locked-out
client is told. Configured in settings ("Login throttling")."""

import ipaddress
import math

from axes.helpers import get_cool_off
from django.template.response import TemplateResponse

from inventory.interest.ratelimit import client_ip as rate_limit_client_ip


def client_ip(request):
    """The client's address by the rate limit's rule (``TRUSTED_PROXY_HEADER``),
    an IPv6 address as its /64 network, since one subscriber usually has all of it.

    None when there is no valid address (axes stores it in an IP address column).
    """
    try:
        address = ipaddress.ip_address(rate_limit_client_ip(request))
    except ValueError:
        return None
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def lockout_response(request, original_response=None, credentials=None):
    """A translated page with HTTP 429 and Retry-After, instead of axes' text."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    response = TemplateResponse(
        request,
        "website/login_locked_out.html",
        {"minutes": max(math.ceil(seconds / 60), 1)},
        status=429,
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response.render()
