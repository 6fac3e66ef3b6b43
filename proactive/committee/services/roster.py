"""The roster: members, their terms of office and the role memberships that follow them.

A **member** is a sign-in account (an official's, or an external expert's created here without a password: they
sign in only once the secretariat gives them one through the accounts pages) with a category (chair, vice-chair,
ex-officio, private member), a field and, for experts, their affiliation; members flagged ``in_pool`` form the
expert pool from which meetings draw.

A **term** (임기) runs ``term_months`` (24: two years) from its first day; private members, the chair and the
vice-chair may serve ``max_terms`` terms (2: renewable once, Busan ordinance) — a further term is refused. An
ex-officio member serves while in office (no end date) and is not counted. Terms never overlap.

**Roles follow terms**: appointing a term grants the account the ``committee_member`` role (and ``committee_chair``
for the chair) for exactly the term's dates through ``accounts.services.memberships``; ending a term early ends
them on the same day. A membership the account already holds for those dates (granted by hand) is adopted and
trimmed to the term rather than duplicated.
"""

import calendar
import datetime
import secrets
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.accounts.enums import Role, UserKind
from proactive.accounts.models import RoleMembership, User
from proactive.accounts.services.memberships import end_membership, grant_role
from proactive.audit.services import record_event
from proactive.committee.enums import MemberCategory, MemberField
from proactive.committee.models import CommitteeSettings, Member, Term
from proactive.committee.services.common import (
    KIND_TERM_ENDING,
    MANAGE_ROSTER,
    MAX_REASON,
    require,
    secretariat_users,
    tell,
    text,
    today,
)
from proactive.core.exceptions import DomainError

DAY = datetime.timedelta(days=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def term_end(starts_on: datetime.date, months: int) -> datetime.date:
    """The last day of a term of ``months`` months starting on ``starts_on`` (2026-03-01 → 2028-02-29)."""
    return add_months(starts_on, months) - DAY


def _check_category(category: str, field: str) -> None:
    if category not in MemberCategory.values:
        raise DomainError(_("Please choose the member's category."), code="category_required")
    if field not in MemberField.values:
        raise DomainError(_("Please choose the member's field."), code="field_required")


def _sitting_chair(*, exclude: Member | None = None, on: datetime.date | None = None) -> Member | None:
    day = on or today()
    chairs = Member.objects.filter(category=MemberCategory.CHAIR)
    if exclude is not None:
        chairs = chairs.exclude(pk=exclude.pk)
    for member in chairs.prefetch_related("terms").select_related("user"):
        if any(t.covers(day) or t.starts_on > day for t in member.terms.all()):
            return member
    return None


def _refuse_second_chair(exclude: Member | None = None) -> None:
    chair = _sitting_chair(exclude=exclude)
    if chair is not None:
        raise DomainError(
            _("The committee already has a chair (%(name)s). End their term or change their category first.")
            % {"name": chair.user.display_name},
            code="chair_taken",
        )


def _external_account(*, actor: Any, name: str, email: str) -> User:
    """An account for an expert without an official record; no password until one is given (accounts pages)."""
    name = text(name, required=_("Please give the expert's name."), code="name_required", limit=60)
    user = User(
        username=f"committee-{secrets.token_hex(4)}", name=name, email=(email or "").strip(), kind=UserKind.OFFICIAL
    )
    user.set_unusable_password()
    user.save()
    record_event(actor=actor, verb="accounts.user_created", target=user, data={"source": "committee", "external": True})
    return user


@transaction.atomic
def enrol_member(
    *,
    actor: Any,
    category: str,
    field: str,
    user: User | None = None,
    name: str = "",
    email: str = "",
    affiliation: str = "",
    in_pool: bool = False,
    note: str = "",
    starts_on: datetime.date | None = None,
) -> Member:
    """Put a person on the roster and appoint their first term from ``starts_on`` (today if None).

    ``user`` is an existing official's account; without one, an external expert's account is created from
    ``name`` and ``email``. Rules: ``committee.manage_roster``; a citizen's or disabled account cannot sit; a
    person is on the roster once; an ex-officio member holds a public office (an official's account); one chair at
    a time. Side effects: Member and Term rows; an audit event ``committee.member_enrolled``; the term's role
    memberships and their notifications (``appoint_term``).
    """
    require(actor, MANAGE_ROSTER)
    _check_category(category, field)
    if user is None:
        user = _external_account(actor=actor, name=name, email=email)
    if user.kind == UserKind.CITIZEN:
        raise DomainError(_("A citizen's account cannot sit on the committee."), code="citizen")
    if not user.is_active:
        raise DomainError(_("This account is disabled."), code="inactive_user")
    if Member.objects.filter(user=user).exists():
        raise DomainError(_("%(name)s is already on the roster.") % {"name": user.display_name}, code="already_member")
    if category == MemberCategory.EX_OFFICIO and user.official_id is None:
        raise DomainError(
            _("An ex-officio member sits by public office: choose an official's account."), code="ex_officio_external"
        )
    if category == MemberCategory.CHAIR:
        _refuse_second_chair()
    member = Member.objects.create(
        user=user,
        category=category,
        field=field,
        affiliation=(affiliation or "").strip()[:200],
        in_pool=bool(in_pool),
        note=(note or "").strip()[:300],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    record_event(
        actor=actor,
        verb="committee.member_enrolled",
        target=member,
        data={"user": user.username, "category": category, "field": field, "pool": member.in_pool},
    )
    appoint_term(actor=actor, member=member, starts_on=starts_on)
    return member


@transaction.atomic
def update_member(
    *, actor: Any, member: Member, category: str, field: str, affiliation: str = "", in_pool: bool, note: str = ""
) -> Member:
    """Change a member's category, field, affiliation, pool flag or note.

    Rules: ``committee.manage_roster``; one chair at a time; a member cannot move into or out of the ex-officio
    category while a term runs (their terms are counted differently: end the term first). Becoming the chair
    grants the chair role for the rest of the running term; leaving it ends that role. Side effects: an audit
    event ``committee.member_changed`` with the diff.
    """
    require(actor, MANAGE_ROSTER)
    _check_category(category, field)
    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    running = _running_term(member)
    old_category = member.category
    if category != old_category:
        ex_officio = MemberCategory.EX_OFFICIO
        if running is not None and ex_officio in (category, old_category):
            raise DomainError(
                _("End the running term before moving a member into or out of the ex-officio category."),
                code="ex_officio_running",
            )
        if category == ex_officio and member.is_external:
            raise DomainError(
                _("An ex-officio member sits by public office: choose an official's account."),
                code="ex_officio_external",
            )
        if category == MemberCategory.CHAIR:
            _refuse_second_chair(exclude=member)
    changes: dict[str, list[Any]] = {}
    for name, value in (
        ("category", category),
        ("field", field),
        ("affiliation", (affiliation or "").strip()[:200]),
        ("in_pool", bool(in_pool)),
        ("note", (note or "").strip()[:300]),
    ):
        if getattr(member, name) != value:
            changes[name] = [getattr(member, name), value]
            setattr(member, name, value)
    if not changes:
        return member
    member.save()
    if "category" in changes and running is not None:
        if category == MemberCategory.CHAIR:
            running.chair_membership = _hold_role(
                actor, member.user, Role.COMMITTEE_CHAIR, max(running.starts_on, today()), running.last_day
            )
            running.save(update_fields=["chair_membership"])
        elif old_category == MemberCategory.CHAIR and running.chair_membership is not None:
            _end_role(actor, running.chair_membership, max(today() - DAY, running.chair_membership.starts_on))
    record_event(actor=actor, verb="committee.member_changed", target=member, changes=changes)
    return member


def _running_term(member: Member, day: datetime.date | None = None) -> Term | None:
    """The term covering ``day`` or, failing that, one that starts later (already appointed)."""
    day = day or today()
    terms = list(member.terms.select_related("chair_membership").order_by("number"))
    for term in terms:
        if term.covers(day):
            return term
    return next((t for t in terms if t.starts_on > day), None)


# --- Role memberships kept in step ---------------------------------------------------------------------------


def _hold_role(
    actor: Any, user: User, role: str, starts_on: datetime.date, ends_on: datetime.date | None
) -> RoleMembership:
    """Make ``user`` hold ``role`` (organisation-wide) from ``starts_on`` to ``ends_on`` and return the membership
    that does. A membership already covering the start is adopted (and trimmed to ``ends_on``) instead of a
    second, overlapping one."""
    existing = RoleMembership.objects.filter(user=user, role=role, unit=None).exclude(ends_on__lt=starts_on)
    if ends_on is not None:
        existing = existing.filter(starts_on__lte=ends_on)
    current = existing.order_by("starts_on").first()
    note = str(_("Committee term"))
    if current is None:
        return grant_role(actor=actor, user=user, role=role, starts_on=starts_on, ends_on=ends_on, note=note)
    if current.starts_on > starts_on:
        raise DomainError(
            _(
                "%(name)s already holds the role “%(role)s” from %(date)s. End that role membership first "
                "(Role memberships), then appoint the term."
            )
            % {"name": user.display_name, "role": Role(role).label, "date": current.starts_on.isoformat()},
            code="role_overlap",
        )
    if ends_on is None:
        if current.ends_on is not None:
            return grant_role(
                actor=actor, user=user, role=role, starts_on=current.ends_on + DAY, ends_on=None, note=note
            )
        return current
    if current.ends_on is None or current.ends_on > ends_on:
        end_membership(actor=actor, membership=current, ends_on=ends_on)
        return current
    if current.ends_on == ends_on:
        return current
    return grant_role(actor=actor, user=user, role=role, starts_on=current.ends_on + DAY, ends_on=ends_on, note=note)


def _end_role(actor: Any, membership: RoleMembership | None, last_day: datetime.date) -> None:
    if membership is None:
        return
    membership.refresh_from_db()
    if membership.ends_on is not None and membership.ends_on <= last_day:
        return
    end_membership(actor=actor, membership=membership, ends_on=max(last_day, membership.starts_on))


# --- Terms ---------------------------------------------------------------------------------------------------


def served_terms(member: Member) -> int:
    """Terms that count towards the limit: every term not served ex officio."""
    return member.terms.exclude(category=MemberCategory.EX_OFFICIO).count()


@transaction.atomic
def appoint_term(*, actor: Any, member: Member, starts_on: datetime.date | None = None) -> Term:
    """Appoint (or reappoint) ``member`` for a new term from ``starts_on``.

    By default the term starts the day after the last one ends (a reappointment), or today. Rules:
    ``committee.manage_roster``; terms do not overlap (an open-ended ex-officio term must be ended first); a member
    other than ex-officio serves at most ``max_terms`` terms — the next one is refused. The term lasts
    ``term_months`` (ex-officio: no end). Side effects: a Term row; the ``committee_member`` role (and
    ``committee_chair`` for the chair) for the term's dates, with the accounts app's audit events and
    notifications; an audit event ``committee.term_appointed``.
    """
    require(actor, MANAGE_ROSTER)
    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
    rules = CommitteeSettings.current()
    last = member.terms.order_by("-number").first()
    if last is not None and last.last_day is None:
        raise DomainError(
            _("%(name)s's current term has no end date: end it before appointing another.")
            % {"name": member.user.display_name},
            code="term_open",
        )
    if starts_on is None:
        starts_on = max(today(), last.last_day + DAY) if last is not None and last.last_day else today()
    if last is not None and last.last_day is not None and starts_on <= last.last_day:
        raise DomainError(
            _("A new term must start after the last one ends (%(date)s).") % {"date": last.last_day.isoformat()},
            code="term_overlap",
        )
    if member.counts_terms:
        served = served_terms(member)
        if served >= rules.max_terms:
            raise DomainError(
                _(
                    "%(name)s has already served %(served)s terms. A member may serve at most %(max)s terms "
                    "(reappointed once), so a further term cannot be granted."
                )
                % {"name": member.user.display_name, "served": served, "max": rules.max_terms},
                code="term_limit",
            )
    ends_on = None if member.category == MemberCategory.EX_OFFICIO else term_end(starts_on, rules.term_months)
    term = Term.objects.create(
        member=member,
        number=(last.number + 1) if last is not None else 1,
        category=member.category,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    term.membership = _hold_role(actor, member.user, Role.COMMITTEE_MEMBER, starts_on, ends_on)
    if member.category == MemberCategory.CHAIR:
        term.chair_membership = _hold_role(actor, member.user, Role.COMMITTEE_CHAIR, starts_on, ends_on)
    term.save(update_fields=["membership", "chair_membership"])
    record_event(
        actor=actor,
        verb="committee.term_appointed",
        target=term,
        data={
            "member": member.pk,
            "number": term.number,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else None,
        },
    )
    return term


@transaction.atomic
def end_term(*, actor: Any, term: Term, ends_on: datetime.date | None = None, reason: str) -> Term:
    """End ``term`` early on ``ends_on`` (its last day; today if None), e.g. a resignation or a change of post.

    Rules: ``committee.manage_roster``; a reason; the day lies within the term. Side effects: ``ended_on``; the
    term's role memberships end the same day (accounts audit events and notifications); an audit event
    ``committee.term_ended``.
    """
    require(actor, MANAGE_ROSTER)
    reason = text(
        reason, required=_("Please give the reason for ending the term."), code="reason_required", limit=MAX_REASON
    )
    term = Term.objects.select_for_update(of=("self",)).select_related("member__user").get(pk=term.pk)
    day = ends_on or today()
    if term.ended_on is not None:
        raise DomainError(_("This term has already ended early."), code="already_ended")
    if day < term.starts_on or (term.ends_on is not None and day >= term.ends_on):
        raise DomainError(_("The last day must fall within the term, before its regular end."), code="invalid_date")
    term.ended_on = day
    term.end_reason = reason
    term.save(update_fields=["ended_on", "end_reason"])
    _end_role(actor, term.membership, day)
    _end_role(actor, term.chair_membership, day)
    record_event(
        actor=actor,
        verb="committee.term_ended",
        target=term,
        changes={"ended_on": [None, day.isoformat()]},
        data={"reason": reason},
    )
    return term


def warn_terms(*, day: datetime.date | None = None) -> int:
    """Warn the secretariat and the member, once, that a term ends within ``warn_days`` (the daily command).

    Only terms with a regular end, not ended early and not followed by a later term are warned about. Side
    effects per term: notifications, ``warned_on``, an audit event ``committee.term_warned``. Returns how many.
    """
    day = day or today()
    rules = CommitteeSettings.current()
    horizon = day + datetime.timedelta(days=rules.warn_days)
    due = (
        Term.objects.filter(
            warned_on__isnull=True, ended_on__isnull=True, ends_on__isnull=False, ends_on__gte=day, ends_on__lte=horizon
        )
        .select_related("member__user")
        .order_by("ends_on", "pk")
    )
    staff = secretariat_users()
    count = 0
    for term in due:
        assert term.ends_on is not None  # filtered above
        if Term.objects.filter(member_id=term.member_id, number__gt=term.number).exists():
            continue
        with transaction.atomic():
            locked = Term.objects.select_for_update().get(pk=term.pk)
            if locked.warned_on is not None:
                continue
            locked.warned_on = day
            locked.save(update_fields=["warned_on"])
            record_event(
                actor=None, verb="committee.term_warned", target=locked, data={"ends_on": term.ends_on.isoformat()}
            )
            body = TermEndingSentence(term.member.user.display_name, term.ends_on)
            url = reverse("committee:member-detail", args=[term.member_id])
            tell(
                staff,
                kind=KIND_TERM_ENDING,
                title=gettext_lazy("A committee member's term of office ends soon"),
                body=body,
                url=url,
            )
            tell(
                [term.member.user],
                kind=KIND_TERM_ENDING,
                title=gettext_lazy("Your term on the proactive administration committee ends soon"),
                body=body,
                url=reverse("committee:my-meetings"),
            )
        count += 1
    return count


class TermEndingSentence:
    """Rendered lazily, in the reader's language (``notify`` renders the body under the recipient's language)."""

    def __init__(self, name: str, ends_on: datetime.date) -> None:
        self.name = name
        self.ends_on = ends_on

    def __str__(self) -> str:
        return _("The term of office of %(name)s on the proactive administration committee ends on %(date)s.") % {
            "name": self.name,
            "date": self.ends_on.isoformat(),
        }
