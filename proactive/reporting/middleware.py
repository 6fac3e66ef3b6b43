"""Reporter privacy on the public reporting pages (``/report/…``; SECURITY.md REP-04, REP-05, VAL-06).

Before anything else sees the request, every header that could identify or fingerprint the reporter is removed:
the address (``REMOTE_ADDR``, ``X-Forwarded-For``, ``Forwarded``, ``X-Real-IP`` …), the user agent and client
hints, and every other header not needed to serve the page. Loggers, error reports and the code further down
cannot record what is no longer there.

On the way out, every cookie set on those pages loses its expiry (a browser-session cookie leaves nothing behind
when the browser closes), and the response is marked ``Cache-Control: no-store`` and ``Referrer-Policy:
same-origin`` (``no-referrer`` would make browsers send ``Origin: null`` with form posts, which CSRF protection
rightly refuses; ``same-origin`` still sends nothing to any other site).

The gunicorn access log is scrubbed the same way (``proactive.core.gunicorn_logging.PrivacyLogger``).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PREFIX = "/report/"

# Headers a reporter page needs; everything else HTTP_* is dropped.
KEPT_HEADERS = frozenset(
    {
        "HTTP_HOST",
        "HTTP_ACCEPT",
        "HTTP_ACCEPT_LANGUAGE",
        "HTTP_ACCEPT_ENCODING",
        "HTTP_COOKIE",
        "HTTP_ORIGIN",
        "HTTP_REFERER",
        "HTTP_X_CSRFTOKEN",
        "HTTP_X_FORWARDED_PROTO",
        "HTTP_CACHE_CONTROL",
        "HTTP_PRAGMA",
        "HTTP_CONNECTION",
        "HTTP_UPGRADE_INSECURE_REQUESTS",
        "HTTP_SEC_FETCH_SITE",
        "HTTP_SEC_FETCH_MODE",
        "HTTP_SEC_FETCH_DEST",
        "HTTP_SEC_FETCH_USER",
    }
)
DROPPED_META = ("REMOTE_ADDR", "REMOTE_HOST", "REMOTE_PORT", "REMOTE_USER")
NEUTRAL_ADDRESS = "0.0.0.0"  # noqa: S104  (a placeholder, never a real reporter's address)


def is_reporter_path(path: str) -> bool:
    return path == PREFIX.rstrip("/") or path.startswith(PREFIX)


def scrub(meta: dict) -> None:
    """Remove identifying request metadata from a WSGI environ / ``request.META`` in place."""
    for key in list(meta):
        if key.startswith("HTTP_") and key not in KEPT_HEADERS and not key.startswith("HTTP_HX_"):
            del meta[key]
    for key in DROPPED_META:
        meta.pop(key, None)
    meta["REMOTE_ADDR"] = NEUTRAL_ADDRESS


class ReporterPrivacyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_reporter_path(request.path_info):
            return self.get_response(request)
        scrub(request.META)
        environ = getattr(request, "environ", None)
        if isinstance(environ, dict) and environ is not request.META:
            scrub(environ)
        response = self.get_response(request)
        for morsel in response.cookies.values():
            morsel["expires"] = ""
            morsel["max-age"] = ""
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
        return response
