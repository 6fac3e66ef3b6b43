"""gunicorn's access log without the reporter (SECURITY.md REP-04).

``--logger-class proactive.core.gunicorn_logging.PrivacyLogger``: for requests to the public reporting pages
(``/report/…``) the remote address, the forwarded-for chain, the user agent and the referrer are written as ``-``.
Other requests are logged as gunicorn always does (staff access records live in the database, with reasons).
"""

from gunicorn.glogging import Logger

from proactive.reporting.middleware import is_reporter_path

_BLANKED_ATOMS = ("h", "a", "f", "u")


class PrivacyLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if is_reporter_path(environ.get("PATH_INFO", "") or ""):
            for key in _BLANKED_ATOMS:
                atoms[key] = "-"
            for key in list(atoms):
                request_header = key.startswith("{") and key.endswith("}i")
                from_environ = key.startswith(("{remote_", "{http_")) and key.endswith("}e")  # the same, via environ
                if request_header or from_environ:
                    atoms[key] = "-"
        return atoms
