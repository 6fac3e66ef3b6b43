"""Request helpers used by views (never by services)."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's IP address for staff access records (안전조치 §8).

    With PROACTIVE_TRUSTED_PROXY_COUNT proxies in front, take the address the outermost trusted proxy saw.
    Never call this on anonymous-reporter endpoints: those must not record where a reporter came from.
    """
    count = settings.PROACTIVE_TRUSTED_PROXY_COUNT
    if count:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
