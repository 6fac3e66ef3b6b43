"""Screens of the reporting centre's intake area: the public pages under ``/report/`` (namespace ``report:``).

- ``home``: what passive administration is (and is not), how reporters are protected, and the ways in.
- ``file_report``: the report form, anonymous by default; ``?named=1`` for a named report (verified citizens and
  officials, signed in). An anonymous report's receipt is shown once, in the body of the POST response: never in a
  URL, a cookie, a header or an e-mail.
- ``follow``: a reporter types the receipt and sees the report's status page in the POST response; the reply form
  on that page posts the receipt back in a hidden field, and every POST checks it again. Wrong receipts, whatever
  the reason (malformed, unknown, expired), get the same answer after the same work, and are rate limited for
  everyone together (``throttle``: nothing about the requester is kept).
- ``mine`` and ``mine_detail``: a named reporter's own reports, with the same status view and reply form.

ReporterPrivacyMiddleware has stripped the address and the user agent before these views run; nothing here logs
or stores request metadata (SECURITY.md REP-04).
"""

import math
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from rules.contrib.views import permission_required

from proactive.core.exceptions import DomainError
from proactive.reporting import receipts, throttle
from proactive.reporting.enums import ReportState, ReportType
from proactive.reporting.forms.intake import (
    MAX_FILES,
    RECEIPT_MAX,
    TYPE_EXPLANATIONS,
    ReceiptForm,
    ReplyForm,
    ReportForm,
)
from proactive.reporting.models import Report
from proactive.reporting.queries import intake as queries
from proactive.reporting.services import intake as services
from proactive.web.navigation import MenuItem, add_menu_items
from proactive.web.pagination import paginate
from proactive.web.refusals import refused

FILE_NAMED = "reporting.file_named_report"
VIEW_OWN = "reporting.view_own_report"
PER_PAGE = 20
S = ReportState

# What each state means for the reporter, and what happens next (the staff labels are in ``enums``).
NEXT_STEPS: dict[str, Any] = {
    S.RECEIVED: gettext_lazy(
        "The audit office will first check whether this is passive administration. If it is, they investigate it; "
        "if not, they send it to the department responsible to be handled as an ordinary complaint."
    ),
    S.INVESTIGATING: gettext_lazy(
        "The audit office is looking into what you reported. They may ask you questions here, so please check "
        "back from time to time."
    ),
    S.SUBSTANTIATED: gettext_lazy(
        "The investigation found passive administration. The audit office is now deciding what action to take."
    ),
    S.UNSUBSTANTIATED: gettext_lazy(
        "The investigation did not find passive administration. The audit office will close the report; its "
        "explanation appears in the messages below."
    ),
    S.ACTION_TAKEN: gettext_lazy("Action was taken about what you reported. The report will be closed soon."),
    S.FORWARDED: gettext_lazy(
        "This was not treated as passive administration. It was sent on to be handled as an ordinary complaint; "
        "the reasons appear in the messages below."
    ),
    S.CLOSED: gettext_lazy("Handling is finished. The outcome is shown below."),
}


def register() -> None:
    """Notification kinds and menu items of this area (called from ReportingConfig.ready)."""
    services.register_intake_notification_kinds()
    add_menu_items(
        "reporting",
        [
            MenuItem(gettext_lazy("Report passive administration"), "report:home"),
            MenuItem(gettext_lazy("Follow a report with a receipt"), "report:follow"),
            MenuItem(gettext_lazy("My reports"), "report:mine", FILE_NAMED),
        ],
    )


def _english() -> bool:
    return (get_language() or "ko").startswith("en")


def _too_many(response: HttpResponse, seconds: int) -> HttpResponse:
    response["Retry-After"] = str(seconds)
    return response


def _minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def _types() -> list[dict[str, Any]]:
    return [{"value": value, "label": label, "text": TYPE_EXPLANATIONS[value]} for value, label in ReportType.choices]


# --- The centre's front page ---------------------------------------------------------------------------------


@require_GET
def home(request):
    return render(
        request,
        "reporting/intake/home.html",
        {"types": _types()[:4], "can_file_named": request.user.has_perm(FILE_NAMED)},
    )


# --- Filing --------------------------------------------------------------------------------------------------


def _sign_in_links() -> dict[str, str]:
    target = reverse("report:file") + "?named=1"
    return {
        "official_login": f"{reverse('accounts:login')}?{urlencode({'next': target})}",
        "citizen_login": f"{reverse('accounts:citizen-start')}?{urlencode({'next': target})}",
    }


def _render_form(request, form: ReportForm, *, named: bool, status: int = 200, **extra: Any) -> HttpResponse:
    context = {
        "form": form,
        "named": named,
        "types": _types(),
        "max_files": MAX_FILES,
        **extra,
    }
    return render(request, "reporting/intake/file.html", context, status=status)


@require_http_methods(["GET", "POST"])
def file_report(request):
    """The report form. Anyone may file anonymously; ``?named=1`` needs a signed-in verified citizen or official."""
    named = request.GET.get("named") == "1"
    posted = request.method == "POST"
    if named and not request.user.is_authenticated:
        return render(request, "reporting/intake/sign_in.html", _sign_in_links(), status=403 if posted else 200)
    if named and not request.user.has_perm(FILE_NAMED):
        return render(request, "reporting/intake/named_refused.html", status=403)
    english = _english()
    if not posted:
        return _render_form(request, ReportForm(named=named, english=english), named=named)

    form = ReportForm(request.POST, request.FILES, request=request, named=named, english=english)
    window = None if named else throttle.window("anonymous_reports")
    if window is not None:
        wait = window.retry_after()
        if wait:
            form.is_valid()  # show the field errors too, so nothing needs a second round trip
            return _too_many(
                _render_form(request, form, named=named, status=429, too_many_minutes=_minutes(wait)), wait
            )
    if form.is_valid():
        if window is not None:
            window.hit()
        try:
            filed = services.file_report(actor=request.user if named else None, named=named, **form.service_kwargs())
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            if named:
                messages.success(request, _("Your report was received. You can follow it here, in My reports."))
                return redirect("report:mine-detail", filed.report.pk)
            assert filed.receipt is not None
            return render(request, "reporting/intake/filed.html", {"receipt": receipts.display(filed.receipt)})
    return _render_form(request, form, named=named, status=413 if form.upload_rejected else 400)


# --- Following a report with the receipt ---------------------------------------------------------------------


def _status_context(report: Report, **extra: Any) -> dict[str, Any]:
    view = queries.reporter_view(report)
    context = {
        "view": view,
        "report": report,
        "next_step": NEXT_STEPS.get(report.state, ""),
        "show_due": report.state == S.INVESTIGATING and report.due_on is not None,
        "finished": report.state in (S.CLOSED, S.FORWARDED),
        "max_files": MAX_FILES,
        **extra,
    }
    context["wait_minutes"] = _minutes(context["wait"]) if context.get("wait") else 0
    return context


def _follow_form_page(request, form: ReceiptForm, *, status: int, **extra: Any) -> HttpResponse:
    return render(request, "reporting/intake/follow.html", {"form": form, **extra}, status=status)


@require_http_methods(["GET", "POST"])
def follow(request):
    """Open a report with its receipt. The status page is the POST's answer; nothing goes into a URL or cookie."""
    if request.method == "GET":
        return _follow_form_page(request, ReceiptForm(), status=200)
    failures = throttle.window("receipt_failures")
    wait = failures.retry_after()
    typed = (request.POST.get("receipt") or "")[:RECEIPT_MAX]
    if wait:
        form = ReceiptForm(initial={"receipt": typed})
        return _too_many(_follow_form_page(request, form, status=429, too_many_seconds=wait), wait)
    report = services.find_by_receipt(typed)  # the same hashing work for every answer
    if report is None:
        failures.hit()
        form = ReceiptForm(initial={"receipt": typed})
        return _follow_form_page(request, form, status=400, not_found=True)
    services.touch(report)
    receipt = receipts.normalise(typed) or ""
    reply_form, status, sent, wait = ReplyForm(), 200, False, 0
    if request.POST.get("action") == "reply":
        reply_form, status, sent, wait = _reply(request, report)
    context = _status_context(report, reply_form=reply_form, receipt=receipt, sent=sent, wait=wait)
    response = render(request, "reporting/intake/status.html", context, status=status)
    return _too_many(response, wait) if wait else response


def _reply(request, report: Report) -> tuple[ReplyForm, int, bool, int]:
    """Handle the reply form: (form to show, status, sent?, seconds to wait when too many messages are sent)."""
    form = ReplyForm(request.POST, request.FILES, request=request)
    window = throttle.window("reporter_messages")
    wait = window.retry_after()
    if wait:
        form.is_valid()
        return form, 429, False, wait
    if form.is_valid():
        window.hit()
        try:
            services.reporter_reply(
                report=report, text=form.cleaned_data["text"], files=form.cleaned_data["attachments"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return ReplyForm(), 200, True, 0
    return form, 413 if form.upload_rejected else 400, False, 0


# --- A named reporter's own reports --------------------------------------------------------------------------


@login_required
@permission_required(FILE_NAMED, raise_exception=True)
@require_GET
def mine(request):
    context = paginate(request, queries.my_reports(request.user), PER_PAGE)
    return render(request, "reporting/intake/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mine_detail(request, pk: int):
    report = queries.get_named_report(pk)
    if report is None or not request.user.has_perm(VIEW_OWN, report):
        raise Http404
    services.touch(report)
    reply_form, status, wait = ReplyForm(), 200, 0
    if request.method == "POST":
        reply_form, status, sent, wait = _reply(request, report)
        if sent:
            messages.success(request, _("Your message was sent to the audit office."))
            return redirect("report:mine-detail", report.pk)
    context = _status_context(report, reply_form=reply_form, named=True, wait=wait)
    response = render(request, "reporting/intake/status.html", context, status=status)
    return _too_many(response, wait) if wait else response
