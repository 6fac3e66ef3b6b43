"""Casebook services: picking and ordering cases, masks, generation, the workflow with four eyes, immutability and
corrections."""

import re
import subprocess
from pathlib import Path

import pytest

from proactive.audit.models import AuditEvent
from proactive.core.exceptions import DomainError, InvalidTransitionError, PermissionDeniedError
from proactive.publications.editorial import EditorialState as S
from proactive.publications.enums import JobState, MaskDecision
from proactive.publications.models import Casebook, Mask
from proactive.publications.services import casebooks as services
from proactive.publications.services import rendering
from proactive.publications.services.masking import decide_mask
from tests.publications.factories import people, public_round, published_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_pdf(monkeypatch):
    monkeypatch.setattr(rendering, "casebook_pdf", lambda book, progress=None: (b"%PDF-1.7 fake", 2 * len(book.cases)))


def arranged(n=2):
    p = people()
    rnd = public_round()
    awards = [published_case(rnd, title=f"사례 {i}", rank=i) for i in range(1, n + 1)]
    casebook = services.create_casebook(
        actor=p.editor, title="2030 적극행정 사례집", selection="round", round_id=rnd.pk
    )
    return p, awards, casebook


def decide_all(p, casebook, confirm=True):
    for mask in Mask.objects.filter(entry__casebook=casebook):
        decide_mask(actor=p.editor, mask=mask, confirm=confirm)


def generate(p, casebook, capture):
    with capture(execute=True):
        services.request_generation(actor=p.editor, casebook=casebook)
    return Casebook.objects.get(pk=casebook.pk)


def test_round_selection_brings_the_rounds_cases_in_rank_order():
    p, awards, casebook = arranged(3)
    assert [e.award_id for e in casebook.entries.order_by("position")] == [a.pk for a in awards]


def test_moving_a_case_renumbers_the_others(django_capture_on_commit_callbacks):
    p, awards, casebook = arranged(3)
    last = casebook.entries.get(award=awards[2])
    services.move_case(actor=p.editor, entry=last, to_position=1)
    assert [e.award_id for e in casebook.entries.order_by("position")] == [awards[2].pk, awards[0].pk, awards[1].pk]
    first = casebook.entries.get(award=awards[2])
    services.move_case(actor=p.editor, entry=first, to_position=first.position + 1)  # move down
    assert [e.award_id for e in casebook.entries.order_by("position")] == [awards[0].pk, awards[2].pk, awards[1].pk]
    assert AuditEvent.objects.filter(verb="publications.casebook.case_moved").count() == 2


def test_theme_selection_takes_only_published_awards_in_the_given_order():
    p = people()
    a, b = published_case(title="가"), published_case(title="나")
    unpublished = published_case(title="다")
    unpublished.confirmed_at = None
    unpublished.save()
    casebook = services.create_casebook(
        actor=p.editor,
        title="규제 개선 사례집",
        selection="theme",
        theme="규제 개선",
        award_ids=[b.pk, unpublished.pk, a.pk],
    )
    assert [e.award_id for e in casebook.entries.order_by("position")] == [b.pk, a.pk]


def test_review_needs_every_mask_decided_and_current_files(fake_pdf, django_capture_on_commit_callbacks):
    p, _, casebook = arranged(1)
    casebook = generate(p, casebook, django_capture_on_commit_callbacks)
    with pytest.raises(DomainError) as exc:
        services.transition_casebook(actor=p.editor, casebook=casebook, to=S.REVIEW)
    assert exc.value.code == "masks_pending"
    decide_all(p, casebook)
    with pytest.raises(DomainError) as exc:  # deciding masks changed the content: the files are stale
        services.transition_casebook(actor=p.editor, casebook=casebook, to=S.REVIEW)
    assert exc.value.code == "not_generated"
    casebook = generate(p, casebook, django_capture_on_commit_callbacks)
    assert casebook.job_state == JobState.DONE
    assert casebook.progress == 100
    services.transition_casebook(actor=p.editor, casebook=casebook, to=S.REVIEW)


def ready_for_review(p, casebook, capture):
    decide_all(p, casebook)
    casebook = generate(p, casebook, capture)
    return services.transition_casebook(actor=p.editor, casebook=casebook, to=S.REVIEW)


def test_the_author_cannot_approve_but_a_colleague_or_the_lead_can(fake_pdf, django_capture_on_commit_callbacks):
    p, _, casebook = arranged(1)
    casebook = ready_for_review(p, casebook, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDeniedError):
        services.transition_casebook(actor=p.editor, casebook=casebook, to=S.APPROVED)
    casebook = services.transition_casebook(actor=p.lead, casebook=casebook, to=S.APPROVED)
    assert casebook.approved_by == p.lead
    casebook = services.transition_casebook(actor=p.editor, casebook=casebook, to=S.PUBLISHED)
    assert casebook.published_at is not None
    verbs = list(
        AuditEvent.objects.filter(target_id=str(casebook.pk), verb__startswith="publications.casebook.").values_list(
            "verb", flat=True
        )
    )
    assert {"publications.casebook.review", "publications.casebook.approved", "publications.casebook.published"} <= set(
        verbs
    )


def test_return_needs_a_reason_and_a_published_casebook_never_changes(fake_pdf, django_capture_on_commit_callbacks):
    p, awards, casebook = arranged(1)
    casebook = ready_for_review(p, casebook, django_capture_on_commit_callbacks)
    with pytest.raises(DomainError):
        services.transition_casebook(actor=p.colleague, casebook=casebook, to=S.DRAFT, reason="")
    casebook = services.transition_casebook(actor=p.colleague, casebook=casebook, to=S.DRAFT, reason="발간사 보완")
    assert casebook.return_reason == "발간사 보완"
    casebook = services.transition_casebook(actor=p.editor, casebook=casebook, to=S.REVIEW)
    casebook = services.transition_casebook(actor=p.colleague, casebook=casebook, to=S.APPROVED)
    casebook = services.transition_casebook(actor=p.colleague, casebook=casebook, to=S.PUBLISHED)
    with pytest.raises(DomainError) as exc:
        services.update_casebook(actor=p.editor, casebook=casebook, title="새 제목", subtitle="", foreword="")
    assert exc.value.code == "immutable"
    with pytest.raises(InvalidTransitionError):
        services.transition_casebook(actor=p.colleague, casebook=casebook, to=S.DRAFT, reason="x")
    with pytest.raises(DomainError):
        services.request_generation(actor=p.editor, casebook=casebook)


def test_a_correction_is_a_new_version_that_supersedes_on_publication(fake_pdf, django_capture_on_commit_callbacks):
    p, awards, casebook = arranged(1)
    casebook = ready_for_review(p, casebook, django_capture_on_commit_callbacks)
    casebook = services.transition_casebook(actor=p.colleague, casebook=casebook, to=S.APPROVED)
    casebook = services.transition_casebook(actor=p.colleague, casebook=casebook, to=S.PUBLISHED)
    with pytest.raises(DomainError):
        services.correct_casebook(actor=p.editor, casebook=casebook, note=" ")
    new = services.correct_casebook(actor=p.editor, casebook=casebook, note="부서명 오기 정정")
    assert (new.version, new.corrects_id, new.state) == (2, casebook.pk, S.DRAFT)
    assert Mask.objects.filter(entry__casebook=new, decision=MaskDecision.PROPOSED).count() == 0
    with pytest.raises(DomainError):
        services.correct_casebook(actor=p.editor, casebook=casebook, note="또")
    new = generate(p, new, django_capture_on_commit_callbacks)
    new = services.transition_casebook(actor=p.editor, casebook=new, to=S.REVIEW)
    new = services.transition_casebook(actor=p.colleague, casebook=new, to=S.APPROVED)
    services.transition_casebook(actor=p.colleague, casebook=new, to=S.PUBLISHED)
    casebook.refresh_from_db()
    assert casebook.superseded_at is not None
    assert casebook.state == S.PUBLISHED


def test_an_official_may_not_create_or_edit():
    p, awards, casebook = arranged(1)
    with pytest.raises(PermissionDeniedError):
        services.create_casebook(actor=p.official, title="x", selection="round", round_id=awards[0].nomination.round_id)
    with pytest.raises(PermissionDeniedError):
        services.move_case(actor=p.lead, entry=casebook.entries.first(), to_position=1)


def test_the_pdf_is_rendered_with_masks_applied_and_keep_all(tmp_path, django_capture_on_commit_callbacks):
    """The real rendering: a two-case casebook in Korean; page count and text checked with pdftotext."""
    p, awards, casebook = arranged(2)
    decide_all(p, casebook)
    casebook = generate(p, casebook, django_capture_on_commit_callbacks)
    assert casebook.job_state == JobState.DONE, casebook.job_error
    path = tmp_path / "book.pdf"
    path.write_bytes(casebook.pdf.read())
    Path("/tmp/publications-test-book.pdf").write_bytes(path.read_bytes())  # to look at
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "2030 적극행정 사례집" in text
    assert "사례 1" in text
    assert "부서별 찾아보기" in text
    assert "김비공" not in text
    assert "010-1234-5678" not in text
    assert "○○○" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"Pages:\s+{casebook.pdf_pages}\n", info)
    assert casebook.pdf_pages >= 4
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "PretendardGOV" in fonts
    assert "김비공" not in casebook.html_edition
    assert "사례 1" in casebook.html_edition
