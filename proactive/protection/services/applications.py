"""Exemption applications (면책 신청): drafting with the protection officer, linking earlier answers, evidence,
submission in time, screening by the audit office (DOMAIN.md §4.7).

**Workflow** (``workflow.APPLICATION_TRANSITIONS``, applied only by ``transition_application``)::

    draft ─submit─▶ submitted ─screen─▶ under_review ─board (services.board)─▶ exempted | mitigated | denied
                    submitted ─screen─▶ returned ─resubmit─▶ submitted
                    submitted | returned ─screen─▶ rejected                                     [end]
    draft | submitted | returned ─withdraw─▶ withdrawn                                          [end]

- **Start** (``start_application``): the official concerned or their department head, **before the finding's
  disposition** and **by the application deadline** (``Concerned.apply_by``). One live application per official
  and finding. A protection officer is assigned at once (the least busy one) and the official's earlier answers
  on the same matter are linked (``services.links``).
- **Draft**: the grounds (facts, public interest, reasonableness, no intent or gross negligence, no major
  procedural defect, transparency), the no-private-interest declaration, the head's opinion (heads only), evidence
  files, the linked answers (the applicant confirms or unticks). The assigned protection officer comments and
  suggests text; the applicant may take a suggestion over.
- **Submit**: every ground but transparency written and the declaration made; the first submission by the
  application deadline and before the disposition (a late one is refused with the date); a resubmission after a
  return by the completion deadline. The audit office is notified; the screening is due within the configured days.
- **Screen** (audit office): accept (complete and in time → the board; the decision is due within the configured
  days), return for completion (what is missing; a completion deadline), or reject (not admissible, with reasons).
- **Withdraw**: the applicant's side, until the screening accepted it.

Every step writes an audit event ``protection.<verb>`` and an entry on the application's timeline; notifications go
out after commit.
"""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.enums import Role
from proactive.accounts.queries import has_role
from proactive.audit.services import record_event
from proactive.core.exceptions import DomainError
from proactive.core.workflow import TransitionTable, check_transition
from proactive.documents.services import store_upload
from proactive.notifications.services import notify
from proactive.protection.enums import (
    DEAD_STATES,
    DECIDED_STATES,
    EDITABLE_STATES,
    GROUND_FIELDS,
    ApplicantKind,
    ApplicationState,
    Deadline,
    Ground,
)
from proactive.protection.models import (
    ApplicationFile,
    Concerned,
    ExemptionApplication,
    Extension,
    LinkedAnswer,
    OfficerComment,
)
from proactive.protection.queries import audit_officers_for, heads_of, least_busy_officer, user_of
from proactive.protection.rules import heads_unit
from proactive.protection.rules.documents import EVIDENCE_PURPOSE
from proactive.protection.services import links as link_service
from proactive.protection.services.audits import later
from proactive.protection.services.common import (
    KIND_ASSIGNED,
    KIND_COMMENT,
    KIND_SCREENED,
    KIND_SUBMITTED,
    MAX_REASON,
    application_url,
    clean_text,
    current_settings,
    deny_superuser,
    due,
    log,
    may,
    require,
    today,
)
from proactive.protection.workflow import APPLICATION_TRANSITIONS

S = ApplicationState
APPLY = "protection.apply_for_exemption"
EDIT = "protection.edit_application"
COMMENT = "protection.comment_on_application"
OPINION = "protection.give_officer_opinion"
ASSIGN = "protection.assign_officer"
SCREEN = "protection.screen_application"
# The grounds an application must argue before it is submitted (transparency may be relaxed for urgent action).
REQUIRED_GROUNDS = (
    Ground.FACTS,
    Ground.PUBLIC_INTEREST,
    Ground.REASONABLENESS,
    Ground.NO_GROSS_NEGLIGENCE,
    Ground.PROCEDURE,
)
MAX_FILES = 20
EXTENDABLE = {Deadline.SCREENING: S.SUBMITTED, Deadline.COMPLETION: S.RETURNED, Deadline.REVIEW: S.UNDER_REVIEW}
DUE_FIELD = {
    Deadline.SCREENING: "screening_due_on",
    Deadline.COMPLETION: "completion_due_on",
    Deadline.REVIEW: "review_due_on",
}


def _lock(application: ExemptionApplication) -> ExemptionApplication:
    return (
        ExemptionApplication.objects.select_for_update()
        .select_related("concerned__finding__audit__audited_unit", "concerned__official__unit")
        .get(pk=application.pk)
    )


def _admissible(concerned: Concerned, *, on: date) -> None:
    """Refuse an application after the finding's disposition or after the application deadline."""
    finding = concerned.finding
    if finding.disposed_on is not None:
        raise DomainError(
            _(
                "The disposition of this finding was recorded on %(date)s: an exemption can only be asked for before "
                "the disposition."
            )
            % {"date": finding.disposed_on.isoformat()},
            code="after_disposition",
        )
    if on > concerned.apply_by:
        raise DomainError(
            _(
                "The application period ended on %(date)s (%(days)s after the audit's last day). Ask the audit office "
                "for an extension if you had a good reason not to apply in time."
            )
            % {"date": concerned.apply_by.isoformat(), "days": _days_text()},
            code="too_late",
        )


def _days_text() -> str:
    rules = current_settings()
    if rules.application_business_days:
        return _("%(count)d business days") % {"count": rules.application_days}
    return _("%(count)d days") % {"count": rules.application_days}


# --- Starting and drafting -----------------------------------------------------------------------------------


def start_application(*, actor: Any, concerned: Concerned) -> ExemptionApplication:
    """Open a draft for ``concerned`` (see the module docstring). Returns the draft.

    Raises ``PermissionDeniedError`` (neither the official nor their department head) or ``DomainError`` (after the
    disposition, after the deadline, an application already open). Side effects: the draft with the protection
    officer assigned and the same-matter answers linked, audit event ``protection.application_started``, the
    officer notified.
    """
    deny_superuser(actor)
    with transaction.atomic():
        locked = (
            Concerned.objects.select_for_update()
            .select_related("finding__audit", "official__unit")
            .get(pk=concerned.pk)
        )
        require(actor, APPLY, locked)
        _admissible(locked, on=today())
        if locked.applications.exclude(state__in=DEAD_STATES).exists():
            raise DomainError(
                _("An application for this finding is already open; continue that one."), code="already_open"
            )
        own = getattr(actor, "official_id", None) == locked.official_id
        officer = least_busy_officer()
        try:
            with transaction.atomic():
                application = ExemptionApplication.objects.create(
                    concerned=locked,
                    applicant=actor,
                    applicant_kind=ApplicantKind.SELF if own else ApplicantKind.HEAD,
                    protection_officer=officer,
                )
        except IntegrityError as exc:  # two clicks at once: the constraint keeps one
            raise DomainError(
                _("An application for this finding is already open; continue that one."), code="already_open"
            ) from exc
        linked = _link(application, [c for c in link_service.candidates(locked) if c.matched], actor=actor)
        record_event(
            actor=actor,
            verb="protection.application_started",
            target=application,
            data={"concerned": locked.pk, "officer": officer.pk if officer else None, "linked": linked},
        )
        log(application, "started", actor=actor, data={"linked": linked})
        if officer is not None:
            _notify_later(
                officer, KIND_ASSIGNED, gettext_lazy("An exemption application was assigned to you"), application, actor
            )
    return application


def _link(application: ExemptionApplication, chosen: Iterable[link_service.Candidate], *, actor: Any) -> list[str]:
    numbers = []
    for candidate in chosen:
        entry = candidate.entry
        LinkedAnswer.objects.get_or_create(
            application=application,
            kind=entry.kind,
            subject_pk=entry.pk,
            defaults={
                "kind_label": str(entry.kind_label)[:100],
                "number": entry.number[:40],
                "title": entry.title[:300],
                "summary": entry.summary,
                "answered_on": entry.answered_on,
                "url": entry.url[:300],
                "matched": candidate.matched,
                "linked_by": actor,
            },
        )
        numbers.append(entry.number)
    return numbers


def _notify_later(recipient: Any, kind: str, title: Any, application: ExemptionApplication, actor: Any) -> None:
    if recipient is None:
        return
    url = application_url(application)
    transaction.on_commit(lambda: notify(recipient=recipient, kind=kind, title=title, url=url, actor=actor))


def _require_editable(actor: Any, application: ExemptionApplication) -> None:
    require(actor, EDIT, application)
    if application.state not in EDITABLE_STATES:
        raise DomainError(_("The application can no longer be changed."), code="not_editable")


@transaction.atomic
def update_application(*, actor: Any, application: ExemptionApplication, data: dict[str, Any]) -> ExemptionApplication:
    """Save the draft's grounds and declaration (``data`` keys: the ``Ground`` values, ``no_private_interest``, and
    ``head_opinion`` — taken only from a department head of the official). Side effects: audit event
    ``protection.application_changed`` listing the changed fields (not their text); nothing when nothing changed."""
    locked = _lock(application)
    _require_editable(actor, locked)
    changed = []
    for name in GROUND_FIELDS:
        if name in data:
            value = clean_text(data[name])
            if value != getattr(locked, name):
                setattr(locked, name, value)
                changed.append(name)
    if "no_private_interest" in data and bool(data["no_private_interest"]) != locked.no_private_interest:
        locked.no_private_interest = bool(data["no_private_interest"])
        changed.append("no_private_interest")
    if "head_opinion" in data and heads_unit(actor, locked.concerned.official):
        value = clean_text(data["head_opinion"], limit=5_000)
        if value != locked.head_opinion:
            locked.head_opinion = value
            changed.append("head_opinion")
    if changed:
        locked.save()
        record_event(actor=actor, verb="protection.application_changed", target=locked, data={"fields": changed})
        log(locked, "changed", actor=actor, data={"fields": changed})
    return locked


@transaction.atomic
def set_links(*, actor: Any, application: ExemptionApplication, keys: Iterable[str]) -> list[LinkedAnswer]:
    """Keep as links exactly the answers whose keys (``kind:pk``) are in ``keys``: ticked ones are copied from the
    register, unticked ones removed. A link already copied stays as it was copied, even if its provider no longer
    lists it. Side effects: audit event ``protection.links_changed`` with the numbers added and removed."""
    locked = _lock(application)
    _require_editable(actor, locked)
    wanted = set(keys)
    existing = {link.key: link for link in locked.links.all()}
    removed = [link.number for key, link in existing.items() if key not in wanted]
    locked.links.exclude(pk__in=[link.pk for key, link in existing.items() if key in wanted]).delete()
    fresh = [c for c in link_service.candidates(locked.concerned) if c.key in wanted and c.key not in existing]
    added = _link(locked, fresh, actor=actor)
    if added or removed:
        record_event(
            actor=actor,
            verb="protection.links_changed",
            target=locked,
            data={"added": added, "removed": removed},
        )
        log(locked, "links_changed", actor=actor, data={"added": added, "removed": removed})
    return list(locked.links.all())


@transaction.atomic
def add_file(
    *, actor: Any, application: ExemptionApplication, uploaded_file: Any, description: str = ""
) -> ApplicationFile:
    """Attach an evidence file (a private document of purpose ``protection.evidence``, read by whoever may read the
    application). At most ``MAX_FILES``. Side effects: the Document, audit event ``protection.file_added``."""
    locked = _lock(application)
    _require_editable(actor, locked)
    if locked.files.count() >= MAX_FILES:
        raise DomainError(_("An application can have at most %(count)d files.") % {"count": MAX_FILES}, code="too_many")
    document = store_upload(actor=actor, uploaded_file=uploaded_file, purpose=EVIDENCE_PURPOSE)
    attached = ApplicationFile.objects.create(
        application=locked, document=document, description=clean_text(description, limit=200), added_by=actor
    )
    record_event(actor=actor, verb="protection.file_added", target=locked, data={"document": str(document.pk)})
    log(locked, "file_added", actor=actor, data={"name": document.original_name})
    return attached


@transaction.atomic
def remove_file(*, actor: Any, application: ExemptionApplication, attached: ApplicationFile) -> None:
    """Detach an evidence file from a draft (the document itself is kept, as every stored document is).
    Side effect: audit event ``protection.file_removed``."""
    locked = _lock(application)
    _require_editable(actor, locked)
    if attached.application_id != locked.pk:
        raise DomainError(_("This file is not attached to this application."), code="wrong_file")
    document_id = attached.document_id
    name = attached.document.original_name
    attached.delete()
    record_event(actor=actor, verb="protection.file_removed", target=locked, data={"document": str(document_id)})
    log(locked, "file_removed", actor=actor, data={"name": name})


# --- The protection officer's help ---------------------------------------------------------------------------


@transaction.atomic
def comment(
    *, actor: Any, application: ExemptionApplication, text: str, ground: str = "", suggested_text: str = ""
) -> OfficerComment:
    """The assigned protection officer comments on a draft (or a returned application), optionally on one ground
    with suggested text. The applicant and the official concerned see it. Side effects: audit event
    ``protection.officer_commented``, timeline entry, a notification to the applicant (and the official)."""
    locked = _lock(application)
    require(actor, COMMENT, locked)
    text = clean_text(text, required=_("Please write your comment."), code="text_required", limit=5_000)
    suggested = clean_text(suggested_text)
    if ground and ground not in Ground.values:
        raise DomainError(_("Choose a part of the application from the list."), code="ground_invalid")
    if suggested and not ground:
        raise DomainError(_("Say which part of the application the suggested text is for."), code="ground_required")
    note = OfficerComment.objects.create(
        application=locked, author=actor, ground=ground, text=text, suggested_text=suggested
    )
    record_event(actor=actor, verb="protection.officer_commented", target=locked, data={"comment": note.pk})
    log(locked, "officer_commented", actor=actor)
    title = gettext_lazy("The protection officer commented on your exemption application")
    for person in _applicant_side(locked):
        _notify_later(person, KIND_COMMENT, title, locked, actor)
    return note


@transaction.atomic
def apply_suggestion(*, actor: Any, application: ExemptionApplication, note: OfficerComment) -> ExemptionApplication:
    """The applicant takes over the officer's suggested text for its ground (replacing what was there).
    Side effects: the ground's text, the comment marked applied, audit event ``protection.suggestion_applied``."""
    locked = _lock(application)
    _require_editable(actor, locked)
    if note.application_id != locked.pk or not note.suggested_text or not note.ground:
        raise DomainError(_("This comment has no suggested text to apply."), code="nothing_to_apply")
    if note.applied_at is not None:
        raise DomainError(_("This suggestion was already applied."), code="already_applied")
    setattr(locked, note.ground, note.suggested_text)
    locked.save()
    note.applied_at = timezone.now()
    note.applied_by = actor
    note.save(update_fields=["applied_at", "applied_by"])
    record_event(
        actor=actor,
        verb="protection.suggestion_applied",
        target=locked,
        data={"comment": note.pk, "ground": note.ground},
    )
    log(locked, "suggestion_applied", actor=actor, data={"ground": note.ground})
    return locked


@transaction.atomic
def give_officer_opinion(
    *, actor: Any, application: ExemptionApplication, opinion: str, attends: bool
) -> ExemptionApplication:
    """The assigned protection officer's opinion for the board (and whether they attend the review), until the
    decision. Side effects: audit event ``protection.officer_opinion``, timeline entry."""
    locked = _lock(application)
    require(actor, OPINION, locked)
    locked.officer_opinion = clean_text(
        opinion, required=_("Please write your opinion for the board."), code="opinion_required"
    )
    locked.officer_attends = bool(attends)
    locked.save(update_fields=["officer_opinion", "officer_attends"])
    record_event(
        actor=actor, verb="protection.officer_opinion", target=locked, data={"attends": locked.officer_attends}
    )
    log(locked, "officer_opinion", actor=actor, data={"attends": locked.officer_attends})
    return locked


@transaction.atomic
def assign_officer(*, actor: Any, application: ExemptionApplication, officer: Any) -> ExemptionApplication:
    """The audit office assigns (or reassigns) the protection officer of an application that is not finished.
    Side effects: audit event ``protection.officer_assigned``, the officer notified."""
    locked = _lock(application)
    require(actor, ASSIGN, locked)
    if locked.state in DECIDED_STATES or locked.state in DEAD_STATES:
        raise DomainError(_("The application is finished."), code="finished")
    if officer is None or not has_role(officer, Role.PROTECTION_OFFICER):
        raise DomainError(_("Choose a protection officer from the list."), code="not_officer")
    previous = locked.protection_officer_id
    if previous == officer.pk:
        return locked
    locked.protection_officer = officer
    locked.save(update_fields=["protection_officer"])
    record_event(
        actor=actor,
        verb="protection.officer_assigned",
        target=locked,
        changes={"protection_officer": [previous, officer.pk]},
    )
    log(locked, "officer_assigned", actor=actor, data={"officer": officer.pk})
    _notify_later(officer, KIND_ASSIGNED, gettext_lazy("An exemption application was assigned to you"), locked, actor)
    return locked


def _applicant_side(application: ExemptionApplication) -> list[Any]:
    """The applicant and the official concerned (when they have an account), once each."""
    people = {application.applicant_id: application.applicant}
    official = user_of(application.concerned.official)
    if official is not None:
        people.setdefault(official.pk, official)
    return list(people.values())


# --- The one transition function -----------------------------------------------------------------------------


def transition_application(
    *, actor: Any, application: ExemptionApplication, to: str, **details: Any
) -> ExemptionApplication:
    """Move ``application`` to ``to`` under ``APPLICATION_TRANSITIONS``: lock it, check the table and ``actor``'s
    permission, run the step (``details`` per step), write the state, the audit event, the timeline entry and queue
    the notifications. Raises ``PermissionDeniedError``, ``InvalidTransitionError`` or ``DomainError``; then nothing
    changes."""
    deny_superuser(actor)
    with transaction.atomic():
        locked = _lock(application)
        current = locked.state
        check_transition(
            cast(TransitionTable, APPLICATION_TRANSITIONS), obj=locked, current=current, to=to, actor=actor
        )
        step = _STEPS.get((S(current), S(to)))
        if step is None:  # the board's decision has its own service, which passes its step in
            step = details.pop("step")
        verb, data, sends = step(actor, locked, **details)
        locked.state = to
        locked.save()
        record_event(
            actor=actor,
            verb=f"protection.{verb}",
            target=locked,
            changes={"state": [str(current), str(to)]},
            data=data,
        )
        log(locked, verb, actor=actor, data=data)
        for send in sends:
            transaction.on_commit(send)
    return locked


def _missing_grounds(application: ExemptionApplication) -> list[str]:
    return [str(g.label) for g in REQUIRED_GROUNDS if not application.ground(g.value).strip()]


def _submit(actor: Any, application: ExemptionApplication) -> tuple:
    missing = _missing_grounds(application)
    if missing:
        raise DomainError(
            _("Please complete the application before submitting it: %(parts)s.") % {"parts": ", ".join(missing)},
            code="incomplete",
        )
    if not application.no_private_interest:
        raise DomainError(
            _("Please declare that no private interest was involved (or explain it in the grounds and tick the box)."),
            code="declaration_required",
        )
    day = today()
    resubmission = application.state == S.RETURNED
    if resubmission:
        if application.completion_due_on and day > application.completion_due_on:
            raise DomainError(
                _("The completion period ended on %(date)s; the audit office decides on the application as it is.")
                % {"date": application.completion_due_on.isoformat()},
                code="too_late",
            )
    else:
        _admissible(application.concerned, on=day)
    rules = current_settings()
    application.submitted_on = day
    application.completion_due_on = None
    application.screening_due_on = due(day, rules.screening_days, rules.screening_business_days)
    data = {"resubmitted": resubmission, "screening_due_on": application.screening_due_on.isoformat()}
    unit = application.concerned.finding.audit.audited_unit
    title = gettext_lazy("An exemption application was submitted for screening")
    sends: list[Callable[[], Any]] = [
        _sender(officer, KIND_SUBMITTED, title, application, actor) for officer in audit_officers_for(unit)
    ]
    return ("resubmitted" if resubmission else "submitted"), data, sends


def _sender(recipient: Any, kind: str, title: Any, application: ExemptionApplication, actor: Any) -> Callable[[], Any]:
    url = application_url(application)
    return lambda: notify(recipient=recipient, kind=kind, title=title, url=url, actor=actor)


def _withdraw(actor: Any, application: ExemptionApplication, *, reason: str = "") -> tuple:
    reason = clean_text(reason, limit=MAX_REASON)
    sends = []
    if application.protection_officer_id and application.protection_officer_id != getattr(actor, "pk", None):
        title = gettext_lazy("An exemption application you support was withdrawn")
        sends.append(_sender(application.protection_officer, KIND_SCREENED, title, application, actor))
    return "withdrawn", {"reason": reason} if reason else {}, sends


def _accept(actor: Any, application: ExemptionApplication, *, note: str = "") -> tuple:
    rules = current_settings()
    day = today()
    application.screened_on = day
    application.screening_note = clean_text(note, limit=5_000)
    application.review_due_on = due(day, rules.review_days, rules.review_business_days)
    title = gettext_lazy("Your exemption application was accepted and goes to the review board")
    sends = [_sender(p, KIND_SCREENED, title, application, actor) for p in _applicant_side(application)]
    if application.protection_officer_id:
        sends.append(
            _sender(
                application.protection_officer,
                KIND_SCREENED,
                gettext_lazy("An exemption application you support goes to the review board"),
                application,
                actor,
            )
        )
    return "accepted", {"review_due_on": application.review_due_on.isoformat()}, sends


def _return(actor: Any, application: ExemptionApplication, *, note: str = "") -> tuple:
    application.screening_note = clean_text(
        note, required=_("Please say what is missing from the application."), code="note_required", limit=5_000
    )
    rules = current_settings()
    day = today()
    application.screened_on = day
    application.completion_due_on = due(day, rules.completion_days, rules.completion_business_days)
    title = later(
        gettext_lazy("Your exemption application was returned for completion by %(date)s"),
        date=application.completion_due_on.isoformat(),
    )
    sends = [_sender(p, KIND_SCREENED, title, application, actor) for p in _applicant_side(application)]
    return "returned", {"completion_due_on": application.completion_due_on.isoformat()}, sends


def _reject(actor: Any, application: ExemptionApplication, *, note: str = "") -> tuple:
    application.screening_note = clean_text(
        note, required=_("Please give the reasons for rejecting the application."), code="note_required", limit=5_000
    )
    application.screened_on = today()
    title = gettext_lazy("Your exemption application was rejected at screening")
    sends = [_sender(p, KIND_SCREENED, title, application, actor) for p in _applicant_side(application)]
    return "rejected", {}, sends


_STEPS: dict[tuple[str, str], Callable[..., tuple]] = {
    (S.DRAFT, S.SUBMITTED): _submit,
    (S.RETURNED, S.SUBMITTED): _submit,
    (S.DRAFT, S.WITHDRAWN): _withdraw,
    (S.SUBMITTED, S.WITHDRAWN): _withdraw,
    (S.RETURNED, S.WITHDRAWN): _withdraw,
    (S.SUBMITTED, S.UNDER_REVIEW): _accept,
    (S.SUBMITTED, S.RETURNED): _return,
    (S.SUBMITTED, S.REJECTED): _reject,
    (S.RETURNED, S.REJECTED): _reject,
}


# --- Named steps ---------------------------------------------------------------------------------------------


def submit_application(*, actor: Any, application: ExemptionApplication) -> ExemptionApplication:
    """Submit (or resubmit after a return) the application for screening."""
    return transition_application(actor=actor, application=application, to=S.SUBMITTED)


def withdraw_application(*, actor: Any, application: ExemptionApplication, reason: str = "") -> ExemptionApplication:
    return transition_application(actor=actor, application=application, to=S.WITHDRAWN, reason=reason)


SCREEN_TARGETS = {"accept": S.UNDER_REVIEW, "return": S.RETURNED, "reject": S.REJECTED}


def screen_application(
    *, actor: Any, application: ExemptionApplication, result: str, note: str = ""
) -> ExemptionApplication:
    """The audit office's screening: ``result`` is ``accept``, ``return`` (for completion) or ``reject``."""
    if result not in SCREEN_TARGETS:
        raise DomainError(_("Please choose the result of the screening."), code="result_required")
    return transition_application(actor=actor, application=application, to=SCREEN_TARGETS[result], note=note)


# --- Deadlines -----------------------------------------------------------------------------------------------


@transaction.atomic
def extend_deadline(
    *, actor: Any, application: ExemptionApplication, deadline: str, new_due_on: date | None, reason: str
) -> Extension:
    """The audit office moves the screening, completion or review deadline later, with a reason, while it runs.
    Side effects: an ``Extension`` row, audit event ``protection.deadline_extended``, timeline entry."""
    locked = _lock(application)
    require(actor, ASSIGN, locked)  # the audit office of the audited unit
    if deadline not in EXTENDABLE or locked.state != EXTENDABLE[Deadline(deadline)]:
        raise DomainError(_("This deadline is not running now."), code="not_running")
    field = DUE_FIELD[Deadline(deadline)]
    previous = getattr(locked, field)
    reason = clean_text(
        reason, required=_("Please give the reason for the extension."), code="reason_required", limit=MAX_REASON
    )
    if new_due_on is None:
        raise DomainError(_("Please choose the new due date."), code="due_on_required")
    if previous is not None and new_due_on <= previous:
        raise DomainError(
            _("The new due date must be later than the current one (%(date)s).") % {"date": previous.isoformat()},
            code="not_later",
        )
    if new_due_on <= today():
        raise DomainError(_("The new due date must be in the future."), code="not_future")
    extension = Extension.objects.create(
        application=locked,
        deadline=deadline,
        previous_due_on=previous or today(),
        due_on=new_due_on,
        reason=reason,
        granted_by=actor,
        granted_on=today(),
    )
    setattr(locked, field, new_due_on)
    locked.save(update_fields=[field])
    changes = {field: [previous.isoformat() if previous else None, new_due_on.isoformat()]}
    record_event(
        actor=actor, verb="protection.deadline_extended", target=locked, changes=changes, data={"deadline": deadline}
    )
    log(locked, "deadline_extended", actor=actor, data={"deadline": deadline, "to": new_due_on.isoformat()})
    return extension


def may_edit(actor: Any, application: ExemptionApplication) -> bool:
    return may(actor, EDIT, application) and application.state in EDITABLE_STATES


def heads_to_notify(application: ExemptionApplication) -> list[Any]:
    return heads_of(application.concerned.official)
