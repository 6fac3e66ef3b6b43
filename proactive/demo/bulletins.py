"""Demo content of the monthly bulletin (적극행정 월보), written through ``bulletins.services`` so every row is
checked and audited as in real use. Idempotent: nothing is written if any edition exists.

What a visitor finds:

* **published** editions of the last three months (assembled from each month's material, with news items and an
  editor's note; approved by the programme lead, four eyes), each with its PDF and e-mail run as background tasks;
  the publication date is set to the 5th of the following month, as the secretariat would publish;
* a **draft** of the current month, assembled from this month's selected cases and answers, with one news item;
* subscribers: the ``official``, ``depthead`` and ``secretariat`` accounts, and three citizens who confirmed their
  address (``@example.com``), one in English.

The author is ``secretariat``; the approver is ``programme_lead`` (``proactive.demo.publications._lead``).
"""

import datetime
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from proactive.accounts.models import User
from proactive.bulletins.models import Edition
from proactive.bulletins.services import editions as services
from proactive.bulletins.services import subscriptions
from proactive.core.exceptions import DomainError

logger = logging.getLogger(__name__)

EDITORIALS = [
    "현장의 적극행정이 시민의 삶을 바꿉니다. 이달에도 규제의 벽을 넘어 시민의 불편을 먼저 찾아 해결한 동료들의 "
    "이야기를 전합니다. 작은 시도가 모여 큰 변화를 만든다는 믿음으로 함께해 주셔서 감사합니다.",
    "적극행정은 특별한 사람이 하는 일이 아니라 우리 모두의 일입니다. 이번 호에서는 사전컨설팅과 위원회 의견을 "
    "활용해 어려운 결정을 내린 사례를 모았습니다. 망설여질 때 제도를 먼저 찾아 주십시오.",
    "한 해를 마무리하며 올해 선정된 우수사례와 숫자로 본 적극행정을 정리했습니다. 내년에도 시민이 체감하는 "
    "변화를 위해 현장의 목소리에 귀 기울이겠습니다.",
]
NEWS = [
    {
        "title": "하반기 적극행정 실무 교육 안내",
        "body": "시청 대회의실에서 전 직원을 대상으로 적극행정 실무 교육을 엽니다. 사전컨설팅 신청 방법과 면책 제도를 "
        "사례 중심으로 안내하며, 교육 이수 시 적극행정 마일리지가 부여됩니다.",
        "link_url": "https://www.busan.go.kr/",
        "link_text": "부산광역시 누리집",
    },
    {
        "title": "적극행정 국민신청제 운영 안내",
        "body": "시민 누구나 불합리한 규제나 소극적인 업무 처리에 대해 적극행정을 신청할 수 있습니다. 신청된 사항은 "
        "담당 부서가 검토해 14일 안에 결과를 알려 드립니다.",
    },
    {
        "title": "적극행정 우수공무원 선발 계획 공고",
        "body": "상·하반기 적극행정 우수공무원 선발을 위한 추천을 받습니다. 부서 추천과 시민 추천 모두 가능하며, "
        "선정된 공무원에게는 특별승진·성과급 최고등급 등 인센티브가 주어집니다.",
    },
]
CITIZENS = [("reader1@example.com", "ko"), ("reader2@example.com", "ko"), ("reader3@example.com", "en")]


def _month(offset: int) -> tuple[int, int]:
    """The month ``offset`` months before this one."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - offset
    return index // 12, index % 12 + 1


def _subscribers() -> int:
    count = 0
    for username in ("official", "depthead", "secretariat"):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is not None:
            subscriptions.subscribe_staff(actor=user, language="ko")
            count += 1
    for email, language in CITIZENS:
        with transaction.atomic():
            pending = subscriptions.subscribe_citizen(email=email, language=language, consent=True)
        if pending is not None:
            subscriptions.confirm_subscription(token=subscriptions.confirm_token(pending))
            count += 1
    return count


def _fill(editor: Any, edition: Edition, index: int, news: int = 2) -> None:
    services.update_editorial(actor=editor, edition=edition, editorial=EDITORIALS[index % len(EDITORIALS)])
    for item in (NEWS[(index + i) % len(NEWS)] for i in range(news)):
        services.add_news_item(actor=editor, edition=edition, data=item)


def write_bulletins_demo() -> int:
    """Write the demo's editions and subscribers; returns the number of editions written."""
    if Edition.objects.exists():
        return 0
    from proactive.demo.publications import _lead  # the programme lead's account (created there if missing)

    editor = User.objects.filter(username="secretariat", is_active=True).first()
    if editor is None:
        logger.warning("bulletins demo: no secretariat account; skipped")
        return 0
    approver = _lead()
    _subscribers()
    written = 0
    for offset in (3, 2, 1):
        year, month = _month(offset)
        try:
            edition = services.assemble_edition(actor=editor, year=year, month=month)
        except DomainError:
            continue
        _fill(editor, edition, offset)
        services.submit_edition(actor=editor, edition=edition)
        written += 1
        if approver is None:
            continue
        services.approve_edition(actor=approver, edition=edition)
        services.publish_edition(actor=editor, edition=edition)
        # Demo only: published as the secretariat does, on the 5th of the following month.
        following = datetime.date(year + (month == 12), month % 12 + 1, 5)
        moment = timezone.make_aware(datetime.datetime.combine(following, datetime.time(10)))
        Edition.objects.filter(pk=edition.pk).update(published_at=min(moment, timezone.now()))
    year, month = _month(0)
    edition = services.assemble_edition(actor=editor, year=year, month=month)
    _fill(editor, edition, 0, news=1)
    return written + 1
