"""Card news: prefill from the record, alt text required before review, four eyes, real PNGs of 1080×1080 and the
ZIP."""

import io
import struct
import zipfile

import pytest

from proactive.core.exceptions import DomainError, PermissionDeniedError
from proactive.publications.editorial import EditorialState as S
from proactive.publications.enums import CARD_KINDS, JobState
from proactive.publications.models import CardSet
from proactive.publications.services import cards as services
from tests.publications.factories import people, published_case

pytestmark = pytest.mark.django_db

ALT = {k: f"{k} 카드: 항만 배후 도로 정체 해소 사례" for k in CARD_KINDS}


def texts(card_set, **overrides):
    return {f: getattr(card_set, f) for f in services.TEXT_FIELDS} | overrides


def test_prefill_comes_from_the_record():
    p = people()
    award = published_case()
    card_set = services.create_cardset(actor=p.editor, award_id=award.pk)
    assert card_set.headline == "항만 배후 도로 정체 해소"
    assert card_set.point_2.startswith("관계 기관과 협의하여")
    assert card_set.figures == "통행 시간 32% 단축 · 민원 1,240건 → 310건"


def test_review_needs_alt_text_and_no_personal_data_then_four_eyes(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(services, "render_cards", lambda items: [b"png"] * len(items))
    p = people()
    card_set = services.create_cardset(actor=p.editor, award_id=published_case().pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_generation(actor=p.editor, card_set=card_set)
    with pytest.raises(DomainError) as exc:
        services.transition_cardset(actor=p.editor, card_set=card_set, to=S.REVIEW)
    assert exc.value.code == "alt_missing"
    card_set = services.update_cardset(
        actor=p.editor, card_set=card_set, texts=texts(card_set, closing="문의 010-1234-5678"), alt_texts=ALT
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.request_generation(actor=p.editor, card_set=card_set)
    with pytest.raises(DomainError) as exc:
        services.transition_cardset(actor=p.editor, card_set=card_set, to=S.REVIEW)
    assert exc.value.code == "personal_data"
    card_set = services.update_cardset(
        actor=p.editor, card_set=card_set, texts=texts(card_set, closing=""), alt_texts=ALT
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.request_generation(actor=p.editor, card_set=card_set)
    card_set = services.transition_cardset(actor=p.editor, card_set=card_set, to=S.REVIEW)
    with pytest.raises(PermissionDeniedError):
        services.transition_cardset(actor=p.editor, card_set=card_set, to=S.APPROVED)
    card_set = services.transition_cardset(actor=p.colleague, card_set=card_set, to=S.APPROVED)
    card_set = services.transition_cardset(actor=p.editor, card_set=card_set, to=S.PUBLISHED)
    with pytest.raises(DomainError):
        services.update_cardset(actor=p.editor, card_set=card_set, texts=texts(card_set), alt_texts=ALT)
    assert [c.alt_text for c in card_set.cards.order_by("position")] == [ALT[k] for k in CARD_KINDS]


def test_the_cards_are_1080_square_pngs_and_the_zip_holds_them_with_alt_text(django_capture_on_commit_callbacks):
    p = people()
    card_set = services.create_cardset(actor=p.editor, award_id=published_case().pk)
    card_set = services.update_cardset(actor=p.editor, card_set=card_set, texts=texts(card_set), alt_texts=ALT)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_generation(actor=p.editor, card_set=card_set)
    card_set = CardSet.objects.get(pk=card_set.pk)
    assert card_set.job_state == JobState.DONE, card_set.job_error
    cards = list(card_set.cards.order_by("position"))
    assert len(cards) == 6
    for card in cards:
        head = card.image.read(24)
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", head[16:24]) == (1080, 1080)
    archive = zipfile.ZipFile(io.BytesIO(services.cards_zip(card_set)))
    assert archive.namelist()[0] == "01-cover.png"
    assert "alt-text.txt" in archive.namelist()
    assert ALT["cover"] in archive.read("alt-text.txt").decode()
