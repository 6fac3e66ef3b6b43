"""Demo content of the publications (사례집, 카드뉴스), written through ``publications.services`` so every row is
checked and audited as in real use. Idempotent: nothing is written if any casebook exists.

What a visitor finds:

* a **published** casebook of the latest round whose results are public ("2025년 하반기 적극행정 우수사례집"),
  its masks decided, its PDF and HTML edition generated, approved by the programme lead;
* a casebook **in review** (the year's challenge cases, a theme), waiting for the programme lead's approval;
* **card news** for the two top cases of that round: one published, one in draft.

The author is ``secretariat``; the approver is the programme lead, the head of the programme's lead department
(ProgrammeSettings.programme_unit) given a ``department_head`` membership of that unit: the head's own account if
the accounts demo made one, else an account ``programme_lead`` made here (four eyes: the author never approves
their own).
"""

import datetime
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from proactive.accounts.enums import Role
from proactive.accounts.models import Official, RoleMembership, User
from proactive.accounts.services.accounts import create_official_account
from proactive.accounts.services.memberships import grant_role
from proactive.core.exceptions import DomainError
from proactive.nominations.enums import CaseType
from proactive.nominations.queries.awards import published_awards
from proactive.programme.queries import current_settings
from proactive.publications.editorial import EditorialState as S
from proactive.publications.enums import CARD_KINDS, MaskDecision, MaskKind
from proactive.publications.models import CardSet, Casebook, Mask
from proactive.publications.services import cards, casebooks
from proactive.publications.services.masking import decide_mask

logger = logging.getLogger(__name__)

LEAD_USERNAME = "programme_lead"
FOREWORD = (
    "부산광역시는 시민의 불편을 먼저 찾아 해결하는 적극행정을 이어 가고 있습니다. 이 사례집에는 규제와 관행의 벽을 "
    "넘어 시민의 일상을 바꾼 공무원들의 이야기를 담았습니다. 현장에서 답을 찾은 동료들의 경험이 더 많은 도전으로 "
    "이어지기를 바랍니다."
)


def programme_lead() -> Any:
    """The demo's programme lead, if the demo made one: the department head of the programme's lead department (for
    the accounts file: publications need a second person to approve them). Reads only."""
    unit = current_settings().programme_unit
    if unit is None:
        return None
    membership = (
        RoleMembership.objects.active()
        .filter(role=Role.DEPARTMENT_HEAD, unit=unit)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return membership.user if membership else None


def _lead() -> Any:
    """The programme lead's account: the head (…-001) of the programme's lead department, as department head."""
    from proactive.demo.accounts import DEMO_PASSWORD  # the demo's one password

    unit = current_settings().programme_unit
    if unit is None:
        return None
    user = User.objects.filter(username=LEAD_USERNAME).first()
    if user is None:
        # The unit's head (…-001) may already have an account (then it becomes the lead), else an account is made.
        head = User.objects.filter(official__unit=unit, official__employee_no__endswith="-001").first()
        if head is not None and head.username != "secretariat":
            user = head
    if user is None:
        official = (
            Official.objects.filter(unit=unit, user__isnull=True).order_by("employee_no").first()
            or Official.objects.filter(user__isnull=True, unit__path__startswith=unit.path)
            .order_by("employee_no")
            .first()
        )
        if official is None:
            return None
        user = create_official_account(
            actor=None, official=official, username=LEAD_USERNAME, data={"source": "demo", "programme_lead": True}
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    elif not user.check_password(DEMO_PASSWORD):  # the head's account from another demo: the demo's one password
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if not RoleMembership.objects.active().filter(user=user, role=Role.DEPARTMENT_HEAD, unit=unit).exists():
        grant_role(
            actor=None,
            user=user,
            role=Role.DEPARTMENT_HEAD,
            unit=unit,
            starts_on=datetime.date(timezone.localdate().year, 1, 1),
            note="데모: 적극행정 주관부서장",
        )
    _totp(user)
    return user


def _totp(user: Any) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice  # the demo's staff sign in with TOTP

    from proactive.demo.accounts import totp_key_hex

    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="default", key=totp_key_hex(user.username), confirmed=True)


def _decide_masks(editor: Any, casebook: Casebook) -> None:
    """Names of people who refused and personal data are masked; office addresses are left as they are."""
    for mask in Mask.objects.filter(entry__casebook=casebook, decision=MaskDecision.PROPOSED).select_related(
        "entry__casebook"
    ):
        decide_mask(actor=editor, mask=mask, confirm=mask.kind != MaskKind.ADDRESS)


def _generate_casebook(editor: Any, casebook: Casebook) -> Casebook:
    casebooks.request_generation(actor=editor, casebook=casebook)
    casebooks.generate_casebook(casebook.pk)  # the demo does not wait for the task worker
    return Casebook.objects.get(pk=casebook.pk)


def _generate_cards(editor: Any, card_set: CardSet) -> CardSet:
    cards.request_generation(actor=editor, card_set=card_set)
    cards.generate_cardset(card_set.pk)
    return CardSet.objects.get(pk=card_set.pk)


def _alt_texts(card_set: CardSet) -> dict[str, str]:
    texts = {
        "cover": f"표지. {card_set.headline}",
        "point_1": f"문제. {card_set.point_1}",
        "point_2": f"해결. {card_set.point_2}",
        "point_3": f"성과. {card_set.point_3}",
        "figures": f"숫자로 보는 성과. {card_set.figures or card_set.point_3}",
        "closing": f"마무리. {card_set.closing}",
    }
    return {k: texts[k] for k in CARD_KINDS}


def write_publications_demo() -> int:
    """Write the demo casebooks and card news; returns how many publications were written."""
    if Casebook.objects.exists():
        return 0
    editor = User.objects.filter(username="secretariat").first()
    lead = _lead()
    latest = published_awards().order_by("-nomination__round__year", "-nomination__round__half").first()
    if editor is None or lead is None or latest is None:
        return 0
    rnd = latest.nomination.round
    written = 0
    with transaction.atomic():
        book = casebooks.create_casebook(
            actor=editor,
            title=f"{rnd.year}년 {'상반기' if rnd.half == 1 else '하반기'} 적극행정 우수사례집",
            subtitle="시민의 일상을 바꾼 부산 공무원들의 이야기",
            foreword=FOREWORD,
            selection="round",
            round_id=rnd.pk,
        )
        _decide_masks(editor, book)
    try:
        book = _generate_casebook(editor, book)
        book = casebooks.transition_casebook(actor=editor, casebook=book, to=S.REVIEW)
        book = casebooks.transition_casebook(actor=lead, casebook=book, to=S.APPROVED)
        casebooks.transition_casebook(actor=editor, casebook=book, to=S.PUBLISHED)
    except DomainError as exc:  # a demo that cannot render (no browser) keeps its draft
        logger.warning("Demo casebook not published: %s", exc.message)
    written += 1

    challenge = list(
        published_awards()
        .filter(nomination__case_type=CaseType.CHALLENGE)
        .order_by("-nomination__round__year", "rank")
        .values_list("pk", flat=True)[:6]
    ) or list(published_awards().order_by("-nomination__round__year", "rank").values_list("pk", flat=True)[:6])
    with transaction.atomic():
        themed = casebooks.create_casebook(
            actor=editor,
            title="실패를 두려워하지 않은 도전 사례",
            subtitle="적극행정 도전사례 모음",
            foreword=FOREWORD,
            selection="theme",
            theme="도전사례",
            award_ids=challenge,
        )
        _decide_masks(editor, themed)
    try:
        themed = _generate_casebook(editor, themed)
        casebooks.transition_casebook(actor=editor, casebook=themed, to=S.REVIEW)
    except DomainError as exc:
        logger.warning("Demo casebook not submitted: %s", exc.message)
    written += 1

    top = list(published_awards().filter(nomination__round=rnd).order_by("rank")[:2])
    for i, award in enumerate(top):
        card_set = cards.create_cardset(actor=editor, award_id=award.pk)
        card_set = cards.update_cardset(
            actor=editor,
            card_set=card_set,
            texts={f: getattr(card_set, f) for f in cards.TEXT_FIELDS},
            alt_texts=_alt_texts(card_set),
        )
        card_set = _generate_cards(editor, card_set)
        if i == 0:
            try:
                card_set = cards.transition_cardset(actor=editor, card_set=card_set, to=S.REVIEW)
                card_set = cards.transition_cardset(actor=lead, card_set=card_set, to=S.APPROVED)
                cards.transition_cardset(actor=editor, card_set=card_set, to=S.PUBLISHED)
            except DomainError as exc:
                logger.warning("Demo card news not published: %s", exc.message)
        written += 1
    return written
