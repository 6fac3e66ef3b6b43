"""The health check. Nothing else lives here: pages belong to their domain app."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """``ok`` when the application is up and its database answers one ``SELECT 1``; 503 otherwise.

    Used by load balancers and the deployment's health probe, and as the benchmark's minimal Django page.
    Reveals nothing about the installation.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        response = HttpResponse("database unavailable", status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "5"
        return response
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
