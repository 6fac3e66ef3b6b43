"""KRDS-styled error pages. They must render even when the database is unavailable."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string


def _render(request, status: int, template: str):
    try:
        return render(request, template, status=status)
    except Exception:  # the shell needs the database; fall back to the bare page
        return HttpResponse(render_to_string("errors/bare.html", {"status": status}), status=status)


def bad_request(request, exception=None):
    return _render(request, 400, "errors/400.html")


def permission_denied(request, exception=None):
    return _render(request, 403, "errors/403.html")


def page_not_found(request, exception=None):
    return _render(request, 404, "errors/404.html")


def server_error(request):
    return _render(request, 500, "errors/500.html")


def csrf_failure(request, reason=""):
    return _render(request, 403, "errors/403_csrf.html")
