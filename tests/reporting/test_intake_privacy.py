"""Reporter privacy on the intake pages (SECURITY.md REP-01..REP-06): no address or user agent anywhere, receipts
shown once and stored only hashed, session-only cookies, day-dated report tables, and receipts that look random."""

import logging
import re
import secrets
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core import mail
from django.core.cache import caches
from django.db import models
from django.urls import reverse
from django.utils.log import AdminEmailHandler
from gunicorn.config import Config

from proactive.core.gunicorn_logging import PrivacyLogger
from proactive.reporting import receipts, throttle
from proactive.reporting.enums import ReportType
from proactive.reporting.models import Action, Attachment, Event, Extension, Message, Report
from proactive.reporting.services import intake as intake_services
from tests.factories.documents import image_bytes, pdf_bytes, upload
from tests.reporting.support import WHAT, arrange_centre

pytestmark = pytest.mark.django_db

FILE = reverse("report:file")
FOLLOW = reverse("report:follow")
FORWARDED_FOR = "203.0.113.77"
REMOTE = "198.51.100.23"


@pytest.fixture(autouse=True)
def _fresh_windows():
    throttle.reset_all()
    yield
    throttle.reset_all()


def form_data(centre, **overrides):
    data = {"report_type": ReportType.NEGLECT, "unit": str(centre.transport_dept.pk), "what": WHAT}
    data.update(overrides)
    return data


def receipt_in(html: str) -> str:
    found = re.search(r'id="receipt">([\d ]{19})<', html)
    assert found is not None, "no receipt on the page"
    return found.group(1).replace(" ", "")


# --- Database, logs, files and mail: where request metadata could end up -----------------------------------------


def _text_columns():
    kinds = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField, models.BinaryField)
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, kinds)]
        if fields and model._meta.managed:
            yield model, [f.attname for f in fields]


def database_hits(needles: list[str]) -> list[str]:
    """Every (table, column) whose stored value contains one of ``needles`` (text as stored, bytes as bytes)."""
    hits = []
    for model, columns in _text_columns():
        for row in model._base_manager.values_list(*columns):
            for column, value in zip(columns, row, strict=True):
                if value is None:
                    continue
                raw = bytes(value) if isinstance(value, (bytes, memoryview)) else str(value).encode()
                hits += [f"{model._meta.db_table}.{column}: {n}" for n in needles if n.encode() in raw]
    return hits


def storage_hits(root: Path, needles: list[str]) -> list[str]:
    hits = []
    for path in root.rglob("*") if root.exists() else []:
        if path.is_file():
            data = path.read_bytes()
            hits += [f"{path}: {n}" for n in needles if n.encode() in data]
    return hits


def log_hits(records, needles: list[str]) -> list[str]:
    hits = []
    for record in records:
        parts = [record.getMessage(), repr(vars(record)), record.exc_text or ""]
        request = getattr(record, "request", None)
        if request is not None:
            parts.append(repr(getattr(request, "META", {})))
        text = "\n".join(parts)
        hits += [f"{record.name}: {n}" for n in needles if n in text]
    return hits


def mail_hits(needles: list[str]) -> list[str]:
    hits = []
    for message in mail.outbox:
        text = "\n".join(
            [
                str(message.subject),
                str(message.body),
                repr(getattr(message, "alternatives", [])),
                repr(message.extra_headers),
            ]
        )
        hits += [f"mail to {message.to}: {n}" for n in needles if n in text]
    return hits


def test_no_address_or_user_agent_is_recorded_anywhere(
    client, settings, tmp_path, caplog, monkeypatch, django_capture_on_commit_callbacks
):
    centre = arrange_centre()
    user_agent = f"CANARY-UA-{uuid.uuid4()}"
    needles = [FORWARDED_FOR, REMOTE, user_agent]
    meta = {
        "HTTP_X_FORWARDED_FOR": FORWARDED_FOR,
        "HTTP_X_REAL_IP": FORWARDED_FOR,
        "HTTP_FORWARDED": f"for={FORWARDED_FOR}",
        "HTTP_USER_AGENT": user_agent,
        "REMOTE_ADDR": REMOTE,
    }
    # Django's error e-mails carry request.META: send them here to check them.
    settings.ADMINS = ["admins@example.com"]
    admin_mail = AdminEmailHandler()
    logging.getLogger("django.request").addHandler(admin_mail)
    caplog.set_level(logging.DEBUG)
    client.raise_request_exception = False
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert client.get(reverse("report:home"), **meta).status_code == 200
            assert client.get(FILE, **meta).status_code == 200
            data = form_data(centre)
            data["attachments"] = [upload("사진.jpg", image_bytes("JPEG"), "image/jpeg")]
            filed = client.post(FILE, data, **meta)
            assert filed.status_code == 200
            receipt = receipt_in(filed.content.decode())
            assert client.post(FILE, form_data(centre, what="짧음"), **meta).status_code == 400
            assert client.post(FOLLOW, {"receipt": "9999 9999 9999 9999"}, **meta).status_code == 400
            assert client.post(FOLLOW, {"receipt": receipt}, **meta).status_code == 200
            reply = {
                "receipt": receipt,
                "action": "reply",
                "text": "추가 자료를 보냅니다.",
                "attachments": [upload("회신.pdf", pdf_bytes(), "application/pdf")],
            }
            assert client.post(FOLLOW, reply, **meta).status_code == 200

            def broken(report):
                raise RuntimeError("the report view failed")

            monkeypatch.setattr(intake_services, "touch", broken)
            assert client.post(FOLLOW, {"receipt": receipt}, **meta).status_code == 500
    finally:
        logging.getLogger("django.request").removeHandler(admin_mail)

    assert Report.objects.count() == 1
    assert Attachment.objects.count() == 2
    assert any(r.levelno >= logging.ERROR and r.name == "django.request" for r in caplog.records)  # the 500
    assert any("[Django] ERROR" in m.subject for m in mail.outbox)  # the error e-mail was written
    assert database_hits(needles) == []
    assert log_hits(caplog.records, needles) == []
    assert storage_hits(tmp_path / "private", needles) == []
    assert mail_hits(needles) == []
    for cache in caches.all():
        stored = repr(getattr(cache, "_cache", {}))  # the in-memory backends' contents
        assert not any(needle in stored for needle in needles), cache
    # The abuse counters hold only times: nobody's address, nothing from a cookie.
    for window in throttle._windows.values():
        assert all(isinstance(event, float) for event in window.events)


@pytest.mark.parametrize(
    ("path", "blanked"),
    [("/report/follow/", True), ("/report", True), ("/report/new/", True), ("/mileage/", False)],
)
def test_gunicorn_access_log_blanks_the_reporter_on_report_pages_only(path, blanked):
    user_agent = f"CANARY-UA-{uuid.uuid4()}"
    logger = PrivacyLogger(Config())
    request = SimpleNamespace(
        headers=[("X-FORWARDED-FOR", FORWARDED_FOR), ("USER-AGENT", user_agent), ("REFERER", "https://x.example/")]
    )
    response = SimpleNamespace(status="200 OK", headers=[("Content-Type", "text/html")], sent=10)
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": REMOTE,
        "HTTP_USER_AGENT": user_agent,
        "HTTP_REFERER": "https://x.example/",
        "HTTP_X_FORWARDED_FOR": FORWARDED_FOR,
    }
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    keys = ["h", "a", "f", "{x-forwarded-for}i", "{user-agent}i", "{remote_addr}e", "{http_x_forwarded_for}e"]
    # The way gunicorn formats its access log line (``access_log_format`` with %-style atoms).
    log_format = '%(h)s %(u)s "%(r)s" %(s)s "%(f)s" "%(a)s" %({x-forwarded-for}i)s %({remote_addr}e)s'
    line = log_format % atoms  # noqa: UP031
    if blanked:
        assert {key: atoms[key] for key in keys} == dict.fromkeys(keys, "-")
        assert not any(needle in line for needle in (FORWARDED_FOR, REMOTE, user_agent))
        assert path in line
        assert " 200 " in line
    else:
        assert (atoms["h"], atoms["a"], atoms["{x-forwarded-for}i"]) == (REMOTE, user_agent, FORWARDED_FOR)


# --- Cookies and tables ------------------------------------------------------------------------------------------


def test_cookies_set_on_report_pages_end_with_the_browser_session(client):
    centre = arrange_centre()
    responses = [client.get(FILE), client.post(FILE, form_data(centre))]
    client.force_login(centre.citizen)
    responses.append(client.post(FILE + "?named=1", form_data(centre)))  # a message for the next page: a cookie
    responses.append(client.get(reverse("report:mine")))
    cookies = [morsel for response in responses for morsel in response.cookies.values()]
    assert cookies, "the pages set a CSRF cookie at least"
    for morsel in cookies:
        assert (morsel.key, morsel["expires"], morsel["max-age"]) == (morsel.key, "", "")


@pytest.mark.parametrize("model", [Report, Message, Attachment, Event, Extension, Action])
def test_report_tables_hold_dates_only_and_no_request_metadata(model):
    fields = model._meta.concrete_fields
    assert [f.name for f in fields if isinstance(f, (models.DateTimeField, models.TimeField))] == []
    suspicious = re.compile(r"(^|_)(ip|address|agent|session|user_agent|remote|host)($|_)")
    assert [f.name for f in fields if suspicious.search(f.name)] == []
    assert [f.name for f in fields if isinstance(f, models.GenericIPAddressField)] == []


# --- Receipts ----------------------------------------------------------------------------------------------------


def test_the_receipt_is_only_in_the_post_response_body(client, tmp_path, django_capture_on_commit_callbacks):
    centre = arrange_centre()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FILE, form_data(centre))
    html = response.content.decode()
    receipt = receipt_in(html)
    forms = [receipt, receipts.display(receipt), "-".join(receipts.display(receipt).split())]
    assert html.count(receipts.display(receipt)) == 1
    assert response["Cache-Control"] == "no-store"
    assert not any(f in str(response.headers) for f in forms)
    assert not any(f in morsel.value for morsel in response.cookies.values() for f in forms)
    assert "receipt" not in response.get("Location", "")
    assert database_hits(forms) == []
    assert storage_hits(tmp_path / "private", forms) == []
    assert mail_hits(forms) == []
    # Handlers may be told that a report arrived; nothing is ever sent to the reporter.
    handler_addresses = {centre.handler.email, centre.colleague.email}
    assert all(set(message.to) <= handler_addresses for message in mail.outbox)
    assert Report.objects.get().receipt_hash == receipts.receipt_hash(receipt)


def test_receipts_do_not_collide_and_their_digits_are_uniform():
    count = 100_000
    made = [receipts.new_receipt() for _ in range(count)]
    assert len(set(made)) == count
    assert all(len(r) == 16 and r.isdigit() for r in made)
    digits = Counter("".join(made))
    expected = count * 16 / 10
    chi_square = sum((digits[str(d)] - expected) ** 2 / expected for d in range(10))
    assert chi_square < 27.88, chi_square  # 9 degrees of freedom, p = 0.001


def test_the_chi_square_check_would_catch_a_biased_generator():
    biased = [f"{secrets.randbelow(10**15):015d}0" for _ in range(10_000)]
    digits = Counter("".join(biased))
    expected = len(biased) * 16 / 10
    assert sum((digits[str(d)] - expected) ** 2 / expected for d in range(10)) > 27.88
