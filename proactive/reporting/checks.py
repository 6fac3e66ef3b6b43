"""System check: the reporting centre cannot seal reports without a valid key (``PROACTIVE_REPORT_KEYS``)."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def report_keys_configured(app_configs, **kwargs):
    from proactive.reporting.crypto import configured_keys

    try:
        configured_keys()
    except ImproperlyConfigured as exc:
        return [
            checks.Error(
                str(exc),
                hint="Set PROACTIVE_REPORT_KEYS to a base64url-encoded 32-byte key (python -c 'import base64, os; "
                "print(base64.urlsafe_b64encode(os.urandom(32)).decode())').",
                id="reporting.E001",
            )
        ]
    return []
