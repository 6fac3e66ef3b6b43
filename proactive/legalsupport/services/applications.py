"""Applications for legal support (DOMAIN.md §4.8): drafts, submission, fact-finding, tabling before the committee,
the committee's decision, closing, cancellation with a refund, withdrawal, comments and files.

**Workflow** (``workflow.APPLICATION_TRANSITIONS``, applied only by ``transition_application``; the named wrappers
below all go through it)::

    draft ─submit─▶ submitted ─facts checked─▶ facts_checked ─tabled─▶ before_committee
    before_committee ─committee: approved─▶ approved ─settled─▶ closed
    before_committee ─committee: denied─▶ denied
    approved | closed ─support obtained falsely─▶ cancelled (refund due) ─refund received─▶ closed
    submitted | facts_checked ─withdrawn─▶ withdrawn

Rules of the proceedings (MOIS standard guideline 2019; the 2025 amendments):

- **Who applies**: the official, for themselves (retired officials included, DOMAIN.md §4.8), or the protection
  officer (면책보호관) on behalf of any official on the officials register, which is how a retired official
  without a sign-in account applies. ``official_retired`` records the official's status when the application is
  made and when it is submitted.
- **Criminal trial**: support for the trial stage can be claimed only once the acquittal is final (2025): a
  trial-stage application is refused at submission without the day the acquittal became final (and a database
  check refuses it too).
- **Fact-finding**: the accountable officer's report (findings, private interest, intent or gross negligence,
  recommendation) is due ``LegalSupportSettings.fact_finding_days`` (business or calendar days) after submission;
  extensions need a reason and a later date; overdue fact-findings are flagged daily
  (``flag_overdue_applications``).
- **Caps**: the secretariat proposes the amount when it tables the application: at most the amount requested and
  at most the stage's cap (``LegalSupportSettings.cap_for``; none for a civil suit by default). The committee
  approves or denies the proposal; its approval is refused if the amount is over the cap by then (the settings
  may have changed), with a message the committee sees. Should the committee's resolution change the amount, the
  secretariat records it afterwards (``set_approved_amount``: within the cap, never below what was paid).
- **Decision**: numbered ``법률-2026-0001`` in a per-year series, issued as a PDF after commit
  (``services.decisions``); the official and the filer are told.
- **Cancellation**: support obtained falsely is cancelled with the reason and a refund due (what was paid, or a
  lower amount set); once the refund is received in full, the application is closed.

Every step needs its permission (``rules``), never a superuser's; locks the application row; records an audit
event ``legalsupport.<step>`` and a timeline entry; and notifies after commit.
"""

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import partial
from typing import Any, cast

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from proactive.accounts.enums import OfficialStatus, Role
from proactive.accounts.models import Official
from proactive.audit.services import diff, record_event, snapshot
from proactive.core import deadlines
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.core.register import providers
from proactive.core.workflow import TransitionTable, check_transition
from proactive.documents.services import store_upload
from proactive.legalsupport.enums import (
    ApplicationState,
    Outcome,
    Recommendation,
    Stage,
    SupportKind,
)
from proactive.legalsupport.models import (
    Application,
    Comment,
    Event,
    Extension,
    FactFinding,
    LegalSupportSettings,
    RelatedAnswer,
)
from proactive.legalsupport.queries import overdue_applications, role_users
from proactive.legalsupport.rules import APPLICATION_PURPOSE
from proactive.legalsupport.services import common
from proactive.legalsupport.services.common import (
    ATTACHMENT_KINDS,
    MAX_FILES,
    MAX_REASON,
    accountable_officers,
    log,
    parties,
    require,
    secretariat,
    tell,
    today,
    won,
)
from proactive.legalsupport.workflow import APPLICATION_TRANSITIONS, BY_COMMITTEE
from proactive.notifications.services import notify

S = ApplicationState
AGENDA_KIND = "legal_support"

CREATE = "legalsupport.create_application"
ON_BEHALF = "legalsupport.apply_on_behalf"
EDIT = "legalsupport.edit_application"
WITHDRAW_PERMISSION = "legalsupport.withdraw_application"
COMMENT = "legalsupport.comment_application"
ADD_FILE = "legalsupport.add_application_file"
EXTEND = "legalsupport.extend_fact_finding"
SET_AMOUNT = "legalsupport.set_approved_amount"
CANCEL = "legalsupport.cancel_application"

# What the applicant writes; the rest (state, numbers, dates, decisions) is set by the services.
DRAFT_FIELDS = [
    "stage",
    "authority",
    "case_number",
    "acquittal_final_on",
    "act",
    "proactive_reason",
    "facts",
    "wants_lawyer_fee",
    "wants_litigation_costs",
    "wants_opinion",
    "wants_referral",
    "amount_requested",
]
TEXT_LIMITS = {"authority": 200, "case_number": 100, "act": 10_000, "proactive_reason": 10_000, "facts": 10_000}
SUPPORT_FIELDS = {
    SupportKind.LAWYER_FEE: "wants_lawyer_fee",
    SupportKind.LITIGATION_COSTS: "wants_litigation_costs",
    SupportKind.OPINION: "wants_opinion",
    SupportKind.REFERRAL: "wants_referral",
}
# Files may be added while someone still works on the application.
FILE_STATES = frozenset({S.SUBMITTED, S.FACTS_CHECKED, S.BEFORE_COMMITTEE, S.APPROVED, S.CANCELLED})


class IncompleteApplicationError(DomainError):
    """Submission refused: ``missing`` lists (field, message) of what is still missing."""

    def __init__(self, message: str, *, missing: list[tuple[str, str]]) -> None:
        super().__init__(message, code="incomplete")
        self.missing = missing


def _deny_superuser(actor: Any) -> None:
    if getattr(actor, "is_superuser", False):
        raise PermissionDeniedError(_("System administrators have no access to legal-support applications."))


def _later(message: Any, **values: Any) -> Any:
    """``message % values``, rendered when shown (in the recipient's language), not now."""
    return lazy(lambda: str(message) % values, str)()


# --- Drafts --------------------------------------------------------------------------------------------------


def _clean_draft(data: dict[str, Any]) -> dict[str, Any]:
    """The draft fields present in ``data``, checked one by one (completeness is checked at submission)."""
    cleaned: dict[str, Any] = {}
    for name in DRAFT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "stage":
            if value not in Stage.values:
                raise DomainError(_("Please choose the proceeding."), code="stage_required")
        elif name in TEXT_LIMITS:
            value = str(value or "").strip()
            if len(value) > TEXT_LIMITS[name]:
                raise DomainError(
                    _("The text is too long (at most %(count)s characters).") % {"count": f"{TEXT_LIMITS[name]:,}"},
                    code="too_long",
                )
        elif name.startswith("wants_"):
            value = bool(value)
        elif name == "amount_requested":
            value = common.amount(value or 0, required_message="", code="amount_required", allow_zero=True)
        elif name == "acquittal_final_on" and value is not None and value > today():
            raise DomainError(_("The acquittal cannot become final in the future."), code="acquittal_future")
        cleaned[name] = value
    return cleaned


def _store_files(actor: Any, application: Application, uploaded: Sequence[Any]) -> list:
    if len(uploaded) > MAX_FILES:
        raise DomainError(_("Attach at most %(count)d files at a time.") % {"count": MAX_FILES}, code="too_many_files")
    documents = [
        store_upload(actor=actor, uploaded_file=f, purpose=APPLICATION_PURPOSE, allowed=ATTACHMENT_KINDS)
        for f in uploaded
    ]
    if documents:
        application.files.add(*documents)
    return documents


def answers_for(official: Official) -> list:
    """The official's own earlier answers in the register of past answers (committee opinions, pre-consulting
    answers), from every provider, newest first. None without a sign-in account (the register knows people by
    their accounts)."""
    user = getattr(official, "user", None)
    if user is None:
        return []
    entries = [entry for provider in providers() for entry in provider.requested_by(official_user=user)]
    return sorted(entries, key=lambda e: e.answered_on, reverse=True)


def _link_answers(application: Application, keys: Iterable[str]) -> int:
    """Replace the application's linked answers by the entries named ``kind:pk`` in ``keys``. Only the
    official's own answers (``answers_for``) can be linked. Returns how many are linked."""
    wanted = set(keys)
    entries = {f"{e.kind}:{e.pk}": e for e in answers_for(application.official)} if wanted else {}
    unknown = wanted - entries.keys()
    if unknown:
        raise DomainError(_("Only the official's own earlier answers can be linked."), code="answer_unknown")
    application.related_answers.exclude(
        pk__in=[r.pk for r in application.related_answers.all() if f"{r.kind}:{r.entry_pk}" in wanted]
    ).delete()
    have = {f"{r.kind}:{r.entry_pk}" for r in application.related_answers.all()}
    for key in sorted(wanted - have):
        entry = entries[key]
        RelatedAnswer.objects.create(
            application=application,
            kind=entry.kind,
            kind_label=str(entry.kind_label)[:100],
            entry_pk=entry.pk,
            number=entry.number[:40],
            title=entry.title[:300],
            url=entry.url[:300],
            answered_on=entry.answered_on,
        )
    return len(wanted)


def official_by_employee_no(employee_no: str) -> Official | None:
    return Official.objects.select_related("unit").filter(employee_no=(employee_no or "").strip()).first()


@transaction.atomic
def create_application(
    *,
    actor: Any,
    data: dict[str, Any],
    official: Official | None = None,
    files: Sequence[Any] = (),
    related: Iterable[str] = (),
) -> Application:
    """Start a draft application. ``official`` is the actor's own official record unless the actor is a
    protection officer applying on someone's behalf (any official on the register, retired ones included).

    Raises ``PermissionDeniedError`` (not an official, or ``official`` is someone else and the actor is not a
    protection officer) or ``DomainError`` (a field refused). Side effects: the files stored as documents of
    purpose ``legalsupport.application``; the linked earlier answers; audit event ``legalsupport.drafted``;
    timeline entry.
    """
    _deny_superuser(actor)
    own = getattr(actor, "official", None)
    if official is None or (own is not None and official.pk == own.pk):
        require(actor, CREATE)
        if own is None:
            raise PermissionDeniedError(_("Only officials on the officials register can apply for legal support."))
        official = own
    else:
        require(actor, ON_BEHALF)
    cleaned = _clean_draft(data)
    if "stage" not in cleaned:
        raise DomainError(_("Please choose the proceeding."), code="stage_required")
    application = Application(
        official=official,
        filed_by=actor,
        official_retired=official.status == OfficialStatus.RETIRED,
        state=S.DRAFT,
        **cleaned,
    )
    application.save()
    stored = _store_files(actor, application, files)
    linked = _link_answers(application, related)
    data_out = {
        "official": official.pk,
        "on_behalf": official.pk != getattr(own, "pk", None),
        "retired": application.official_retired,
        "files": len(stored),
        "answers": linked,
    }
    record_event(actor=actor, verb="legalsupport.drafted", target=application, data=data_out)
    log(application, "drafted", actor=actor)
    return application


@transaction.atomic
def update_draft(
    *,
    actor: Any,
    application: Application,
    data: dict[str, Any],
    files: Sequence[Any] = (),
    related: Iterable[str] | None = None,
    remove_files: Iterable[Any] = (),
) -> Application:
    """Change a draft: its fields, new files, files removed, the linked earlier answers (``None`` keeps them).

    Raises ``PermissionDeniedError`` unless the actor is the official or the filer and it is still a draft.
    Side effects: audit event ``legalsupport.draft_changed`` with the diff (when anything changed).
    """
    _deny_superuser(actor)
    locked = Application.objects.select_for_update().select_related("official").get(pk=application.pk)
    require(actor, EDIT, locked)
    cleaned = _clean_draft(data)
    before = snapshot(locked, DRAFT_FIELDS)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.official_retired = locked.official.status == OfficialStatus.RETIRED
    changes = diff(locked, before, DRAFT_FIELDS)
    locked.save()
    removed = [str(pk) for pk in remove_files]
    if removed:
        locked.files.remove(*locked.files.filter(pk__in=removed))
    stored = _store_files(actor, locked, files)
    linked = None if related is None else _link_answers(locked, related)
    if changes or stored or removed or related is not None:
        record_event(
            actor=actor,
            verb="legalsupport.draft_changed",
            target=locked,
            changes=changes,
            data={"files_added": len(stored), "files_removed": len(removed), "answers": linked},
        )
    return locked


def missing_for_submission(application: Application) -> list[tuple[str, str]]:
    """(field, message) of everything still missing before the application can be submitted."""
    missing: list[tuple[str, str]] = []
    if not application.act.strip():
        missing.append(("act", _("Describe the act concerned.")))
    if not application.proactive_reason.strip():
        missing.append(("proactive_reason", _("Explain why the act was proactive administration.")))
    if not application.facts.strip():
        missing.append(("facts", _("Describe the facts of the proceeding.")))
    if not application.support_kinds:
        missing.append(("support_kinds", _("Choose at least one kind of support.")))
    paid_kinds = application.wants_lawyer_fee or application.wants_litigation_costs
    if paid_kinds and not application.amount_requested:
        missing.append(("amount_requested", _("Give the amount requested for the lawyer's fee or the costs.")))
    if application.stage == Stage.CRIMINAL_TRIAL and application.acquittal_final_on is None:
        missing.append(
            (
                "acquittal_final_on",
                _(
                    "Support for the trial stage can be claimed only once the acquittal is final: give the day "
                    "the acquittal became final."
                ),
            )
        )
    return missing


# --- The one transition function -----------------------------------------------------------------------------


def transition_application(
    *, actor: Any, application: Application, to: str, by_committee: bool = False, **details: Any
) -> Application:
    """Move ``application`` to ``to`` under ``APPLICATION_TRANSITIONS``: lock it, check the table and the actor's
    permission (or, for the committee's moves, that the committee is the one deciding: ``by_committee``), apply
    the step's ``details`` (see the wrappers), then record the audit event and the timeline entry and queue the
    notifications after commit.

    Raises ``PermissionDeniedError``, ``InvalidTransitionError`` (not possible from the current state) or
    ``DomainError`` (a detail missing or refused); then nothing changes. Returns the application as written.
    """
    if not by_committee:
        _deny_superuser(actor)
    with transaction.atomic():
        locked = Application.objects.select_for_update().select_related("official", "filed_by").get(pk=application.pk)
        current = locked.state
        table = cast(TransitionTable, APPLICATION_TRANSITIONS)
        permission = table.get(current, {}).get(to)
        if by_committee:
            if permission != BY_COMMITTEE:
                raise InvalidTransitionError(
                    _("This step is not possible from the current state."), code="invalid_transition"
                )
        else:
            if permission == BY_COMMITTEE:
                raise PermissionDeniedError(_("Only the committee decides this step."))
            check_transition(
                cast(TransitionTable, APPLICATION_TRANSITIONS), obj=locked, current=current, to=to, actor=actor
            )
        step = _STEPS[(S(current), S(to))]
        verb, data, after_commit = step(actor, locked, **details)
        locked.state = to
        locked.save()
        record_event(
            actor=actor,
            verb=f"legalsupport.{verb}",
            target=locked,
            changes={"state": [str(current), str(to)]},
            data=data,
        )
        log(locked, verb, actor=actor, data=data)
        for send in after_commit:
            transaction.on_commit(send)
    return locked


Step = Callable[..., tuple[str, dict[str, Any], list[Callable[[], Any]]]]


def _next_receipt_number(year: int) -> str:
    prefix = f"{year}-"
    last = Application.objects.filter(receipt_number__startswith=prefix).aggregate(last=Max("receipt_number"))["last"]
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def _submit(actor: Any, application: Application) -> tuple:
    final_on = application.acquittal_final_on
    if application.stage == Stage.CRIMINAL_TRIAL and final_on is not None and final_on > today():
        raise DomainError(_("The acquittal cannot become final in the future."), code="acquittal_future")
    missing = missing_for_submission(application)
    if missing:
        raise IncompleteApplicationError(
            _("The application is not complete yet: %(items)s") % {"items": " ".join(m for _f, m in missing)},
            missing=missing,
        )
    settings = LegalSupportSettings.current()
    day = today()
    application.receipt_number = _next_receipt_number(day.year)
    application.submitted_on = day
    application.due_on = deadlines.add_days(day, settings.fact_finding_days, business=settings.business_days)
    application.official_retired = application.official.status == OfficialStatus.RETIRED
    data = {
        "receipt_number": application.receipt_number,
        "stage": application.stage,
        "amount_requested": application.amount_requested,
        "due_on": application.due_on.isoformat(),
        "retired": application.official_retired,
    }
    recipients = accountable_officers(application) + [p for p in parties(application) if p.pk != actor.pk]
    title = gettext_lazy("A legal-support application was submitted")
    return (
        "submitted",
        data,
        [partial(tell, recipients, kind=common.KIND_SUBMITTED, title=title, application=application, actor=actor)],
    )


def _withdraw(actor: Any, application: Application, *, reason: str = "") -> tuple:
    application.withdrawal_reason = common.text(
        reason, required_message=_("Please give the reason for withdrawing."), code="reason_required", limit=MAX_REASON
    )
    application.withdrawn_on = today()
    title = gettext_lazy("A legal-support application was withdrawn")
    return (
        "withdrawn",
        {},
        [
            partial(
                tell,
                accountable_officers(application),
                kind=common.KIND_CLOSED,
                title=title,
                application=application,
                actor=actor,
            )
        ],
    )


def _check_facts(
    actor: Any,
    application: Application,
    *,
    findings: str = "",
    private_interest: bool | None = None,
    intent_or_gross_negligence: bool | None = None,
    recommendation: str = "",
    recommended_amount: int | None = None,
) -> tuple:
    findings = common.text(findings, required_message=_("Please write the findings."), code="findings_required")
    if private_interest is None:
        raise DomainError(_("Say whether a private interest was found."), code="private_interest_required")
    if intent_or_gross_negligence is None:
        raise DomainError(_("Say whether intent or gross negligence was found."), code="intent_required")
    if recommendation not in Recommendation.values:
        raise DomainError(_("Please choose the recommendation to the committee."), code="recommendation_required")
    if recommended_amount is not None:
        recommended_amount = common.amount(
            recommended_amount, required_message="", code="amount_required", allow_zero=True
        )
    if recommendation == Recommendation.DENY:
        recommended_amount = None
    day = today()
    FactFinding.objects.create(
        application=application,
        findings=findings,
        private_interest=bool(private_interest),
        intent_or_gross_negligence=bool(intent_or_gross_negligence),
        recommendation=recommendation,
        recommended_amount=recommended_amount,
        completed_on=day,
        checked_by=actor,
    )
    application.facts_checked_on = day
    data = {
        "recommendation": recommendation,
        "private_interest": bool(private_interest),
        "intent_or_gross_negligence": bool(intent_or_gross_negligence),
        "on_time": application.due_on is None or day <= application.due_on,
    }
    title = gettext_lazy("A legal-support application is ready for the committee")
    return (
        "facts_checked",
        data,
        [
            partial(
                tell,
                secretariat(application),
                kind=common.KIND_FACTS_CHECKED,
                title=title,
                application=application,
                actor=actor,
            )
        ],
    )


def check_cap(*, stage: str, amount: int, settings: LegalSupportSettings | None = None) -> None:
    """Refuse an amount over the cap of ``stage`` with a message that says both figures."""
    cap = (settings or LegalSupportSettings.current()).cap_for(stage)
    if cap is not None and amount > cap:
        raise DomainError(
            _(
                "%(amount)s is over the cap for %(stage)s: the committee may approve at most %(cap)s. The "
                "application may ask for more, but the support stops at the cap."
            )
            % {"amount": won(amount), "stage": Stage(stage).label, "cap": won(cap)},
            code="over_cap",
        )


def _check_stage(application: Application, stage: str) -> str:
    if stage not in Stage.values:
        raise DomainError(_("Please choose the proceeding."), code="stage_required")
    if stage == Stage.CRIMINAL_TRIAL and application.acquittal_final_on is None:
        raise DomainError(
            _("Support for the trial stage can be claimed only once the acquittal is final."),
            code="acquittal_not_final",
        )
    return stage


def _table(actor: Any, application: Application, *, proposed_amount: Any = None, stage: str = "") -> tuple:
    from proactive.committee.services.agenda import table_item  # noqa: PLC0415  (the committee's contract)

    stage = _check_stage(application, stage or application.stage)
    proposed = common.amount(
        proposed_amount,
        required_message=_("Please give the amount proposed to the committee."),
        code="amount_required",
        allow_zero=True,
    )
    if proposed > application.amount_requested:
        raise DomainError(
            _("The committee cannot be asked for more than the application requests (%(amount)s).")
            % {"amount": won(application.amount_requested)},
            code="over_requested",
        )
    check_cap(stage=stage, amount=proposed)
    application.proposed_amount = proposed
    application.proposed_stage = stage
    application.tabled_on = today()
    item = table_item(actor=actor, kind=AGENDA_KIND, subject_id=application.pk, title=agenda_title(application))
    return "tabled", {"proposed_amount": proposed, "stage": stage, "agenda_item": item.pk}, []


def agenda_title(application: Application) -> str:
    """The agenda item's title (in Korean, as the committee's papers are): number, proceeding, official."""
    from django.utils import translation  # noqa: PLC0415

    with translation.override("ko"):
        stage = str(Stage(application.stage).label)
        return f"적극행정 법률 지원 신청 {application.receipt_number} · {stage} · {application.official.name}"


def _decision_fields(application: Application, item: Any, outcome: str) -> None:
    from proactive.legalsupport.services.decisions import next_decision_number  # noqa: PLC0415  (layer below)

    day = item.decided_on or today()
    application.decision_outcome = outcome
    application.decided_on = day
    application.decision_resolution = (item.resolution or "").strip()
    application.committee_number = item.decision_number or ""
    meeting = getattr(item, "meeting", None)
    application.decision_meeting = f"{meeting.number} {meeting.title}"[:250] if meeting is not None else ""
    application.decision_number = next_decision_number(day.year)


def _after_decision(application: Application, actor: Any) -> list:
    from proactive.legalsupport.services.decisions import queue_rendering  # noqa: PLC0415  (layer below)

    title = gettext_lazy("The committee decided on your legal-support application")
    staff_title = gettext_lazy("The committee decided on a legal-support application")
    return [
        partial(queue_rendering, application.pk, "decision"),
        partial(tell, parties(application), kind=common.KIND_DECIDED, title=title, application=application),
        partial(
            tell,
            accountable_officers(application),
            kind=common.KIND_DECIDED,
            title=staff_title,
            application=application,
        ),
    ]


def _approve(actor: Any, application: Application, *, item: Any = None) -> tuple:
    stage = application.proposed_stage or application.stage
    amount = application.proposed_amount or 0
    check_cap(stage=stage, amount=amount)
    application.approved_stage = stage
    application.approved_amount = amount
    _decision_fields(application, item, Outcome.APPROVED)
    data = {
        "decision_number": application.decision_number,
        "approved_amount": amount,
        "stage": stage,
        "agenda_item": getattr(item, "pk", None),
    }
    return "approved", data, _after_decision(application, actor)


def _deny(actor: Any, application: Application, *, item: Any = None) -> tuple:
    _decision_fields(application, item, Outcome.DENIED)
    data = {"decision_number": application.decision_number, "agenda_item": getattr(item, "pk", None)}
    return "denied", data, _after_decision(application, actor)


def _off_the_agenda(actor: Any, application: Application, *, item: Any = None) -> tuple:
    application.tabled_on = None
    return "taken_off_agenda", {"agenda_item": getattr(item, "pk", None)}, []


def _close(actor: Any, application: Application, *, note: str = "") -> tuple:
    note = str(note or "").strip()
    if len(note) > MAX_REASON:
        raise DomainError(
            _("The text is too long (at most %(count)s characters).") % {"count": f"{MAX_REASON:,}"}, code="too_long"
        )
    application.closing_note = note
    application.closed_on = today()
    title = gettext_lazy("Your legal-support application was closed")
    data = {"approved_amount": application.approved_amount, "paid": application.paid_total}
    return (
        "closed",
        data,
        [
            partial(
                tell, parties(application), kind=common.KIND_CLOSED, title=title, application=application, actor=actor
            )
        ],
    )


def _cancel(actor: Any, application: Application, *, reason: str = "", refund_due: Any = None) -> tuple:
    from proactive.legalsupport.services.decisions import queue_rendering  # noqa: PLC0415  (layer below)

    if application.cancelled_on is not None:
        raise InvalidTransitionError(_("This support has already been cancelled."), code="already_cancelled")
    reason = common.text(
        reason,
        required_message=_("Please give the reason for the cancellation."),
        code="reason_required",
        limit=MAX_REASON,
    )
    if refund_due is None or refund_due == "":
        due = application.paid_total
    else:
        due = common.amount(refund_due, required_message="", code="amount_required", allow_zero=True)
    if due > application.paid_total:
        raise DomainError(
            _("The refund cannot be more than what was paid (%(amount)s).") % {"amount": won(application.paid_total)},
            code="refund_over_paid",
        )
    application.cancelled_on = today()
    application.cancellation_reason = reason
    application.refund_due = due
    application.closed_on = None
    title = gettext_lazy("Your legal support was cancelled and a refund is due")
    sends = [
        partial(queue_rendering, application.pk, "cancellation"),
        partial(
            tell, parties(application), kind=common.KIND_CANCELLED, title=title, application=application, actor=actor
        ),
    ]
    return "cancelled", {"refund_due": due, "paid": application.paid_total}, sends


def _refunded(actor: Any, application: Application) -> tuple:
    application.closed_on = today()
    title = gettext_lazy("Your legal-support application was closed")
    data = {"refund_due": application.refund_due, "refund_received": application.refund_received}
    return (
        "refunded",
        data,
        [
            partial(
                tell, parties(application), kind=common.KIND_CLOSED, title=title, application=application, actor=actor
            )
        ],
    )


_STEPS: dict[tuple[str, str], Step] = {
    (S.DRAFT, S.SUBMITTED): _submit,
    (S.SUBMITTED, S.FACTS_CHECKED): _check_facts,
    (S.SUBMITTED, S.WITHDRAWN): _withdraw,
    (S.FACTS_CHECKED, S.WITHDRAWN): _withdraw,
    (S.FACTS_CHECKED, S.BEFORE_COMMITTEE): _table,
    (S.BEFORE_COMMITTEE, S.APPROVED): _approve,
    (S.BEFORE_COMMITTEE, S.DENIED): _deny,
    (S.BEFORE_COMMITTEE, S.FACTS_CHECKED): _off_the_agenda,
    (S.APPROVED, S.CLOSED): _close,
    (S.APPROVED, S.CANCELLED): _cancel,
    (S.CLOSED, S.CANCELLED): _cancel,
    (S.CANCELLED, S.CLOSED): _refunded,
}


# --- Named steps (they only call transition_application) ----------------------------------------------------


def submit_application(*, actor: Any, application: Application) -> Application:
    """Submit a complete draft to the accountable officer; the fact-finding deadline starts today."""
    return transition_application(actor=actor, application=application, to=S.SUBMITTED)


def withdraw_application(*, actor: Any, application: Application, reason: str) -> Application:
    """The official (or the filer) withdraws the application before it goes to the committee."""
    return transition_application(actor=actor, application=application, to=S.WITHDRAWN, reason=reason)


def record_fact_finding(
    *,
    actor: Any,
    application: Application,
    findings: str,
    private_interest: bool | None,
    intent_or_gross_negligence: bool | None,
    recommendation: str,
    recommended_amount: int | None = None,
) -> Application:
    """The accountable officer's fact-finding report; the secretariat is told the application can be tabled."""
    return transition_application(
        actor=actor,
        application=application,
        to=S.FACTS_CHECKED,
        findings=findings,
        private_interest=private_interest,
        intent_or_gross_negligence=intent_or_gross_negligence,
        recommendation=recommendation,
        recommended_amount=recommended_amount,
    )


def table_application(*, actor: Any, application: Application, proposed_amount: Any, stage: str = "") -> Application:
    """The secretariat puts the application before the committee with the amount proposed (within the cap)."""
    return transition_application(
        actor=actor, application=application, to=S.BEFORE_COMMITTEE, proposed_amount=proposed_amount, stage=stage
    )


def close_application(*, actor: Any, application: Application, note: str = "") -> Application:
    """The accountable officer closes an approved application once the support is settled."""
    return transition_application(actor=actor, application=application, to=S.CLOSED, note=note)


def cancel_support(*, actor: Any, application: Application, reason: str, refund_due: Any = None) -> Application:
    """Cancel support obtained falsely (from an approved or a settled application): the refund due is what was
    paid unless a lower amount is set. With nothing to refund, the application is closed at once."""
    with transaction.atomic():
        cancelled = transition_application(
            actor=actor, application=application, to=S.CANCELLED, reason=reason, refund_due=refund_due
        )
        if cancelled.refund_due == 0:
            cancelled = transition_application(actor=actor, application=cancelled, to=S.CLOSED)
    return cancelled


# --- The committee's side (committee.agenda.AgendaKind "legal_support") --------------------------------------


def item_for(application: Application) -> Any:
    """The application's agenda item still waiting or on an agenda, if any."""
    from proactive.committee.queries import open_item_of  # noqa: PLC0415  (the committee's read)

    return open_item_of(AGENDA_KIND, application.pk)


def on_committee_decided(*, actor: Any, item: Any) -> None:
    """Called by ``committee.services.agenda.decide_item`` inside its transaction: approve or deny."""
    application = Application.objects.get(pk=item.subject_id)
    to = S.APPROVED if item.outcome == Outcome.APPROVED else S.DENIED
    transition_application(actor=actor, application=application, to=to, by_committee=True, item=item)


def on_committee_withdrawn(*, actor: Any, item: Any) -> None:
    """The item was taken off the committee's list: the application waits to be tabled again."""
    application = Application.objects.filter(pk=item.subject_id).first()
    if application is not None and application.state == S.BEFORE_COMMITTEE:
        transition_application(actor=actor, application=application, to=S.FACTS_CHECKED, by_committee=True, item=item)


# --- Outside the state machine -------------------------------------------------------------------------------


@transaction.atomic
def extend_fact_finding(*, actor: Any, application: Application, new_due_on: date | None, reason: str) -> Extension:
    """Move the fact-finding's due date later, with a reason (an ``Extension`` row). Only while the facts are
    being checked. Side effects: audit event ``legalsupport.deadline_extended``; timeline entry."""
    _deny_superuser(actor)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    require(actor, EXTEND, locked)
    if locked.state != S.SUBMITTED:
        raise DomainError(
            _("The deadline can be extended only while the facts are being checked."), code="not_extendable"
        )
    reason = common.text(
        reason, required_message=_("Please give the reason for the extension."), code="reason_required", limit=500
    )
    if new_due_on is None:
        raise DomainError(_("Please choose the new due date."), code="due_on_required")
    previous = locked.due_on
    if previous is not None and new_due_on <= previous:
        raise DomainError(
            _("The new due date must be later than the current one (%(date)s).") % {"date": previous.isoformat()},
            code="not_later",
        )
    if new_due_on <= today():
        raise DomainError(_("The new due date must be in the future."), code="not_future")
    extension = Extension.objects.create(
        application=locked,
        previous_due_on=previous or locked.submitted_on or today(),
        due_on=new_due_on,
        reason=reason,
        granted_by=actor,
        granted_on=today(),
    )
    locked.due_on = new_due_on
    locked.save(update_fields=["due_on", "updated_at"])
    data = {"from": previous.isoformat() if previous else None, "to": new_due_on.isoformat(), "reason": reason}
    record_event(
        actor=actor,
        verb="legalsupport.deadline_extended",
        target=locked,
        changes={"due_on": [data["from"], data["to"]]},
        data={"reason": reason},
    )
    log(locked, "deadline_extended", actor=actor, data=data)
    return extension


@transaction.atomic
def set_approved_amount(*, actor: Any, application: Application, amount: Any, reason: str) -> Application:
    """The secretariat records the amount the committee's resolution approved, when it differs from the proposal:
    within the stage's cap, not more than requested and not below what was already paid; with a reason.

    Side effects: audit event ``legalsupport.amount_set``; timeline entry; the decision PDF issued again after
    commit; the official and the filer are told.
    """
    from proactive.legalsupport.services.decisions import queue_rendering  # noqa: PLC0415  (layer below)

    _deny_superuser(actor)
    locked = Application.objects.select_for_update().select_related("official", "filed_by").get(pk=application.pk)
    require(actor, SET_AMOUNT, locked)
    if locked.state != S.APPROVED:
        raise InvalidTransitionError(
            _("The approved amount can be changed only while the support is approved and not settled."),
            code="not_approved",
        )
    reason = common.text(
        reason, required_message=_("Please give the reason for the change."), code="reason_required", limit=MAX_REASON
    )
    new = common.amount(
        amount, required_message=_("Please give the approved amount."), code="amount_required", allow_zero=True
    )
    check_cap(stage=locked.approved_stage or locked.stage, amount=new)
    if new > locked.amount_requested:
        raise DomainError(
            _("The committee cannot be asked for more than the application requests (%(amount)s).")
            % {"amount": won(locked.amount_requested)},
            code="over_requested",
        )
    if new < locked.paid_total:
        raise DomainError(
            _("The approved amount cannot be less than what has already been paid (%(amount)s).")
            % {"amount": won(locked.paid_total)},
            code="below_paid",
        )
    previous = locked.approved_amount
    if new == previous:
        return locked
    locked.approved_amount = new
    locked.save(update_fields=["approved_amount", "updated_at"])
    record_event(
        actor=actor,
        verb="legalsupport.amount_set",
        target=locked,
        changes={"approved_amount": [previous, new]},
        data={"reason": reason},
    )
    log(locked, "amount_set", actor=actor, data={"from": previous, "to": new, "reason": reason})
    title = gettext_lazy("The approved amount of your legal support was corrected")
    transaction.on_commit(partial(queue_rendering, locked.pk, "decision"))
    transaction.on_commit(
        partial(tell, parties(locked), kind=common.KIND_DECIDED, title=title, application=locked, actor=actor)
    )
    return locked


@transaction.atomic
def record_refund(
    *, actor: Any, application: Application, amount: Any, received_on: date | None, reference: str = ""
) -> Application:
    """Record a refund received on cancelled support (in one or more instalments). Once the whole refund due is
    received the application is closed. Side effects: audit event ``legalsupport.refund_recorded``; timeline
    entry; then the closing step (``refunded``)."""
    _deny_superuser(actor)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    require(actor, CANCEL, locked)
    if locked.state != S.CANCELLED:
        raise InvalidTransitionError(_("A refund can be recorded only on cancelled support."), code="not_cancelled")
    received = common.amount(amount, required_message=_("Please give the amount received."), code="amount_required")
    if received > locked.refund_outstanding:
        raise DomainError(
            _("That is more than the refund still due (%(amount)s).") % {"amount": won(locked.refund_outstanding)},
            code="refund_over_due",
        )
    if received_on is None:
        raise DomainError(_("Please give the day the refund was received."), code="date_required")
    if received_on > today():
        raise DomainError(_("The refund cannot be received in the future."), code="date_future")
    reference = str(reference or "").strip()[:100]
    locked.refund_received += received
    locked.refund_received_on = received_on
    locked.refund_reference = reference
    locked.save(update_fields=["refund_received", "refund_received_on", "refund_reference", "updated_at"])
    data = {"amount": received, "received_on": received_on.isoformat(), "reference": reference}
    record_event(actor=actor, verb="legalsupport.refund_recorded", target=locked, data=data)
    log(locked, "refund_recorded", actor=actor, data=data)
    if locked.refund_outstanding == 0:
        return transition_application(actor=actor, application=locked, to=S.CLOSED)
    return locked


@transaction.atomic
def add_comment(*, actor: Any, application: Application, text: str) -> Comment:
    """A comment everyone who reads the application sees (the official, the filer, the staff). Side effects:
    audit event ``legalsupport.comment_added`` (without the text); timeline entry; the others are told."""
    _deny_superuser(actor)
    locked = Application.objects.select_for_update().select_related("official", "filed_by").get(pk=application.pk)
    require(actor, COMMENT, locked)
    body = common.text(text, required_message=_("Please write a comment."), code="comment_required", limit=5_000)
    comment = Comment.objects.create(application=locked, author=actor, text=body)
    record_event(actor=actor, verb="legalsupport.comment_added", target=locked, data={"comment": comment.pk})
    log(locked, "commented", actor=actor)
    recipients = parties(locked) + accountable_officers(locked)
    unique = list({u.pk: u for u in recipients}.values())
    title = gettext_lazy("A new comment on a legal-support application")
    transaction.on_commit(partial(tell, unique, kind=common.KIND_COMMENT, title=title, application=locked, actor=actor))
    return comment


@transaction.atomic
def add_files(*, actor: Any, application: Application, files: Sequence[Any]) -> list:
    """Further files after submission (the official, the filer or the protection officer), while the
    application is open. Side effects: documents stored; audit event ``legalsupport.files_added``; timeline."""
    _deny_superuser(actor)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    require(actor, ADD_FILE, locked)
    if locked.state not in FILE_STATES:
        raise DomainError(_("Files can no longer be added to this application."), code="files_closed")
    if not files:
        raise DomainError(_("Please choose a file."), code="file_required")
    stored = _store_files(actor, locked, files)
    record_event(
        actor=actor, verb="legalsupport.files_added", target=locked, data={"documents": [str(d.pk) for d in stored]}
    )
    log(locked, "files_added", actor=actor, data={"count": len(stored)})
    return stored


# --- Deadlines -----------------------------------------------------------------------------------------------


@transaction.atomic
def flag_overdue_applications(*, on: date | None = None) -> int:
    """Tell the accountable officers how many fact-findings are past their due date, once a day.

    An application counts once per day: flagging writes an ``overdue_flagged`` timeline entry dated today, and
    one already flagged today is skipped, so running it twice a day sends nothing the second time. Each
    accountable officer gets one notification per run, linking to the overdue filter of the queue.
    Returns the number of applications flagged.
    """
    day = on or today()
    flagged_today = Event.objects.filter(verb="overdue_flagged", at__date=day).values("application_id")
    applications = list(overdue_applications(day).exclude(pk__in=flagged_today))
    for application in applications:
        data = {"due_on": application.due_on.isoformat() if application.due_on else None}
        log(application, "overdue_flagged", data=data)
        record_event(actor=None, verb="legalsupport.overdue_flagged", target=application, data={"on": day.isoformat()})
    if applications:
        count = len(applications)
        title = _later(
            ngettext_lazy(
                "%(count)d legal-support fact-finding is overdue",
                "%(count)d legal-support fact-findings are overdue",
                count,
            ),
            count=count,
        )
        officers = role_users(Role.ACCOUNTABLE_OFFICER)
        transaction.on_commit(partial(_tell_overdue, officers, title))
    return len(applications)


def _tell_overdue(officers: list, title: Any) -> None:
    url = reverse("legalsupport:queue") + "?overdue=on"
    for officer in officers:
        notify(recipient=officer, kind=common.KIND_OVERDUE, title=title, url=url)
