import pytest

from proactive.nominations.enums import Consent
from proactive.publications.enums import MaskDecision, MaskKind
from proactive.publications.models import Mask
from proactive.publications.services.masking import apply_masks, find_personal_data


def test_patterns_find_phone_rrn_email_and_address():
    text = "연락처 010-1234-5678, 051-888-1234, 주민번호 900101-1234567, kim@example.go.kr, 부산광역시 연제구 중앙대로 1001"
    kinds = {kind for kind, _ in find_personal_data(text)}
    assert kinds == {MaskKind.PHONE, MaskKind.RRN, MaskKind.EMAIL, MaskKind.ADDRESS}
    assert find_personal_data("통행 시간 32% 단축, 민원 1,240건 → 310건") == []


def test_only_confirmed_masks_are_applied():
    masks = [
        Mask(field="problem", kind=MaskKind.NAME, text="김비공", replacement="○○○", decision=MaskDecision.CONFIRMED),
        Mask(
            field="problem", kind=MaskKind.EMAIL, text="a@b.kr", replacement="***@***", decision=MaskDecision.REJECTED
        ),
    ]
    assert apply_masks("김비공 a@b.kr", masks) == "○○○ a@b.kr"


@pytest.mark.django_db
def test_a_casebook_proposes_masks_for_refused_names_and_personal_data():
    from proactive.publications.services.casebooks import create_casebook
    from tests.publications.factories import people, published_case

    p = people()
    award = published_case()
    casebook = create_casebook(actor=p.editor, title="사례집", selection="round", round_id=award.nomination.round_id)
    found = {(m.kind, m.text) for m in Mask.objects.filter(entry__casebook=casebook)}
    assert (MaskKind.NAME, "김비공") in found
    assert (MaskKind.PHONE, "010-1234-5678") in found
    assert (MaskKind.EMAIL, "kim@example.go.kr") in found
    assert any(kind == MaskKind.ADDRESS for kind, _ in found)
    # The consenting member's name is not proposed.
    assert not any(text == "정공개" for _, text in found)
    assert award.nomination.members.filter(consent=Consent.GIVEN).count() == 1
