"""Assembly, editing, the editorial workflow (every state, the forbidden moves too), four eyes, immutability and
corrections."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from proactive.audit.models import AuditEvent
from proactive.bulletins.enums import ItemKind, JobState
from proactive.bulletins.models import Edition
from proactive.bulletins.services import editions as services
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from tests.bulletins.support import S, approved, arrange, assembled, in_review, material, published, this_month
from tests.factories.documents import image_bytes

pytestmark = pytest.mark.django_db


def test_assembly_takes_the_months_cases_opinions_and_figures():
    people = arrange()
    award, publication = material()
    edition = assembled(people)
    items = list(edition.items.order_by("position"))
    assert [(i.kind, i.title) for i in items] == [
        (ItemKind.CASE, "지하차도 침수 선제 통제로 인명 피해 예방"),
        (ItemKind.OPINION, "해수욕장 야간 개장"),
    ]
    assert items[0].award == award
    assert items[0].meta["grade"] == award.grade
    assert items[1].meta["answer"] == "기존 신고 범위에서 운영 가능"
    assert edition.statistics["cases_selected"] == 1
    assert edition.statistics["opinions_published"] == 1
    assert edition.state == S.DRAFT
    assert edition.created_by == people.editor
    assert AuditEvent.objects.filter(verb="bulletins.edition_assembled", target_id=str(edition.pk)).exists()


def test_a_month_is_assembled_once():
    people = arrange()
    assembled(people)
    with pytest.raises(DomainError) as refused:
        assembled(people)
    assert refused.value.code == "exists"


def test_only_the_secretariat_assembles():
    people = arrange()
    year, month = this_month()
    for who in (people.official, people.citizen, people.sysadmin):
        with pytest.raises(PermissionDeniedError):
            services.assemble_edition(actor=who, year=year, month=month)


def test_the_editor_writes_news_with_an_image_and_alt_text_reorders_and_removes():
    people = arrange()
    edition = assembled(people)
    image = SimpleUploadedFile("사진.png", image_bytes("PNG"), content_type="image/png")
    with pytest.raises(DomainError) as refused:
        services.add_news_item(
            actor=people.editor, edition=edition, data={"title": "소식", "body": "본문"}, image=image
        )
    assert refused.value.code == "alt_required"
    image.seek(0)
    first = services.add_news_item(
        actor=people.editor,
        edition=edition,
        data={
            "title": "첫 소식",
            "body": "본문",
            "image_alt": "시상식 단체 사진",
            "link_url": "https://www.busan.go.kr",
        },
        image=image,
    )
    second = services.add_news_item(actor=people.editor, edition=edition, data={"title": "둘째 소식", "body": "본문"})
    services.move_item(actor=people.editor, item=second, direction="up")
    news = list(edition.items.filter(kind=ItemKind.NEWS).order_by("position").values_list("title", flat=True))
    assert news == ["둘째 소식", "첫 소식"]
    assert first.image.purpose == "bulletins.image"
    services.remove_item(actor=people.editor, item=first)
    assert list(edition.items.values_list("title", flat=True)) == ["둘째 소식"]
    services.update_editorial(actor=people.editor, edition=edition, editorial="이달에도 현장의 적극행정을 전합니다.")
    edition.refresh_from_db()
    assert edition.editorial.startswith("이달에도")


def test_a_removed_case_can_be_put_back():
    people = arrange()
    award, _publication = material()
    edition = assembled(people)
    services.remove_item(actor=people.editor, item=edition.items.get(kind=ItemKind.CASE))
    services.add_material_item(actor=people.editor, edition=edition, award_id=award.pk)
    assert edition.items.filter(award=award).count() == 1
    with pytest.raises(DomainError):
        services.add_material_item(actor=people.editor, edition=edition, award_id=award.pk)


def test_the_author_cannot_approve_another_secretariat_member_does():
    people = arrange()
    edition = in_review(people)
    with pytest.raises(PermissionDeniedError):
        services.approve_edition(actor=people.editor, edition=edition)
    edition = services.approve_edition(actor=people.approver, edition=edition)
    assert edition.state == S.APPROVED
    assert edition.approved_by == people.approver


def test_whoever_submitted_cannot_approve_either():
    people = arrange()
    edition = assembled(people)
    services.submit_edition(actor=people.approver, edition=edition)
    with pytest.raises(PermissionDeniedError):
        services.approve_edition(actor=people.approver, edition=edition)


def test_returning_needs_a_reason_and_is_audited():
    people = arrange()
    edition = in_review(people)
    with pytest.raises(DomainError) as refused:
        services.transition_edition(actor=people.approver, edition=edition, to=S.DRAFT)
    assert refused.value.code == "reason_required"
    services.transition_edition(actor=people.approver, edition=edition, to=S.DRAFT, reason="통계 확인 필요")
    event = AuditEvent.objects.get(verb="bulletins.edition_draft")
    assert event.data == {"reason": "통계 확인 필요"}


@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        (S.DRAFT, S.REVIEW, True),
        (S.DRAFT, S.APPROVED, False),
        (S.DRAFT, S.PUBLISHED, False),
        (S.REVIEW, S.APPROVED, True),
        (S.REVIEW, S.PUBLISHED, False),
        (S.REVIEW, S.DRAFT, True),
        (S.APPROVED, S.PUBLISHED, True),
        (S.APPROVED, S.DRAFT, True),
        (S.APPROVED, S.REVIEW, False),
        (S.PUBLISHED, S.DRAFT, False),
        (S.PUBLISHED, S.REVIEW, False),
        (S.PUBLISHED, S.APPROVED, False),
    ],
)
def test_every_move_of_the_table(start, to, allowed, django_capture_on_commit_callbacks):
    people = arrange()
    edition = {S.DRAFT: assembled, S.REVIEW: in_review, S.APPROVED: approved}.get(start, approved)(people)
    if start == S.PUBLISHED:
        edition = services.publish_edition(actor=people.editor, edition=edition)
    actor = people.approver if to == S.APPROVED else people.editor
    if allowed:
        services.transition_edition(actor=actor, edition=edition, to=to, reason="사유")
        edition.refresh_from_db()
        assert edition.state == to
    else:
        with pytest.raises(InvalidTransitionError):
            services.transition_edition(actor=actor, edition=edition, to=to, reason="사유")


def test_publication_queues_the_pdf_and_the_sending(django_capture_on_commit_callbacks, monkeypatch):
    from proactive.bulletins.services import output

    queued = []
    monkeypatch.setattr(output, "queue_outputs", queued.append)
    people = arrange()
    with django_capture_on_commit_callbacks(execute=True):
        edition = published(people)
    assert queued == [edition.pk]
    assert edition.pdf_state == JobState.QUEUED
    assert edition.mail_state == JobState.QUEUED
    assert edition.published_by == people.editor
    assert edition.published_at is not None


def test_a_published_edition_is_immutable():
    people = arrange()
    edition = published(people)
    item = edition.items.first()
    with pytest.raises(DomainError) as refused:
        services.update_editorial(actor=people.editor, edition=edition, editorial="고침")
    assert refused.value.code == "immutable"
    with pytest.raises(DomainError):
        services.remove_item(actor=people.editor, item=item)
    with pytest.raises(DomainError):
        services.add_news_item(actor=people.editor, edition=edition, data={"title": "x", "body": "y"})


def test_a_correction_is_a_new_version_that_supersedes_the_old_on_publication():
    people = arrange()
    first = published(people)
    with pytest.raises(DomainError):
        services.correct_edition(actor=people.editor, edition=first, note="")
    correction = services.correct_edition(actor=people.editor, edition=first, note="교육 일정의 날짜를 바로잡았습니다.")
    assert (correction.version, correction.state, correction.corrects) == (2, S.DRAFT, first)
    assert [i.title for i in correction.items.all()] == [i.title for i in first.items.all()]
    with pytest.raises(PermissionDeniedError):  # one correction at a time
        services.correct_edition(actor=people.editor, edition=first, note="또")
    services.submit_edition(actor=people.editor, edition=correction)
    services.approve_edition(actor=people.approver, edition=correction)
    services.publish_edition(actor=people.editor, edition=correction)
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert Edition.objects.get(pk=correction.pk).superseded_at is None
